import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PasswordHasher } from './password-hasher.service';
import { USER_MODEL, UserSchema } from './user.schema';
import { UsersService } from './users.service';

/** Users and their passwords. Other modules reach them only through {@link UsersService}. */
@Module({
  imports: [MongooseModule.forFeature([{ name: USER_MODEL, schema: UserSchema }])],
  providers: [UsersService, PasswordHasher],
  exports: [UsersService],
})
export class UsersModule {}
