/** The users module's public API: other modules import from `@api/users` only. */
export { UserDto } from './dto/user.dto';
export { USER_MODEL_DEFINITION } from './user.schema';
export { UsersModule } from './users.module';
export { type EnsureResult, UsersService } from './users.service';
