import { type ApiError } from '../../core/api/api-error';

/** The message for a field from a validation failure's `details`, if the API named that field. */
export function fieldError(error: ApiError | null, field: string): string | null {
  return error?.details.find((detail) => detail.field === field)?.message ?? null;
}
