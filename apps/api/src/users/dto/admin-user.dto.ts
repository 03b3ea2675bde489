import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsMongoId } from 'class-validator';
import type { Role } from '@flashline/contracts';
import { ROLES } from '../user.schema';

export class UserIdParams {
  @ApiProperty({ example: '665f1c2e9b1e8a3d4c5b6a79', description: 'User id.' })
  @IsMongoId({ message: 'id must be a user id' })
  id!: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES, example: 'shopper' })
  @IsIn(ROLES)
  role!: Role;
}
