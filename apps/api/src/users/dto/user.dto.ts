import { ApiProperty } from '@nestjs/swagger';
import type { Role, User } from '@flashline/contracts';

/** The contract's `User` (an account as its owner and admins see it), for Swagger. */
export class UserDto implements User {
  @ApiProperty({ example: '665f1c2e9b1e8a3d4c5b6a79' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ enum: ['shopper', 'admin'], example: 'shopper' })
  role!: Role;
}
