import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccessTokenModule } from '@api/common/auth';
import { AdminUsersController } from './admin-users.controller';
import { PasswordHasher } from './password-hasher.service';
import { USER_MODEL_DEFINITION } from './user.schema';
import { UsersService } from './users.service';

/** Users and their passwords, and the admin routes that delete them or change their role. Other modules reach them only through {@link UsersService}. */
@Module({
  imports: [MongooseModule.forFeature([USER_MODEL_DEFINITION]), AccessTokenModule],
  controllers: [AdminUsersController],
  providers: [UsersService, PasswordHasher],
  exports: [UsersService],
})
export class UsersModule {}
