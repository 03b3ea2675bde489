import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import {
  type AuthSession,
  type LoginRequest,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type RefreshRequest,
  type RegisterRequest,
} from '@flashline/contracts';
import { UserDto } from '@api/users';

/** Trims strings and leaves anything else alone, so `@IsString()` still rejects objects like `{"$ne": null}`. */
const trim = ({ value }: TransformFnParams): unknown => (typeof value === 'string' ? value.trim() : value);

const EMAIL_MAX_LENGTH = 254;

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'ada@example.com', maxLength: EMAIL_MAX_LENGTH })
  @Transform(trim)
  @IsString()
  @MaxLength(EMAIL_MAX_LENGTH)
  @IsEmail()
  email!: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
  })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name!: string;
}

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'ada@example.com', maxLength: EMAIL_MAX_LENGTH })
  @Transform(trim)
  @IsString()
  @MaxLength(EMAIL_MAX_LENGTH)
  @IsEmail()
  email!: string;

  /** Only the upper bound: a too-short password is simply wrong, and says nothing about the account. */
  @ApiProperty({ example: 'correct horse battery staple', maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password!: string;
}

export class RefreshDto implements RefreshRequest {
  @ApiPropertyOptional({
    description: 'The refresh token; may be omitted when the refresh cookie is sent instead.',
    example: 'Qm9vdHN0cmFwRmFtaWx5SWQ.c2VjcmV0LXJhbmRvbS1ieXRlcy1iYXNlNjR1cmwtZW5jb2RlZA',
    maxLength: 1024,
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  refreshToken?: string;
}

export class AuthSessionDto implements AuthSession {
  @ApiProperty({
    description: 'JWT (HS256); send as `Authorization: Bearer <accessToken>`.',
    example:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2NjVmMWMyZTliMWU4YTNkNGM1YjZhNzkiLCJyb2xlIjoic2hvcHBlciIsInR5cCI6ImFjY2VzcyJ9.c2lnbmF0dXJl',
  })
  accessToken!: string;

  @ApiProperty({
    description: 'Opaque and single-use: every refresh returns a new one. Also set as an httpOnly cookie.',
    example: 'Qm9vdHN0cmFwRmFtaWx5SWQ.c2VjcmV0LXJhbmRvbS1ieXRlcy1iYXNlNjR1cmwtZW5jb2RlZA',
  })
  refreshToken!: string;

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expiresIn!: number;

  @ApiProperty({ type: UserDto })
  user!: UserDto;
}
