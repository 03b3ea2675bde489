/** The API docs' public API: other modules import from `@api/docs` only. */
export { setupSwagger } from './swagger';
