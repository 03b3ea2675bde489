import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { User } from '@flashline/contracts';
import { type AuthUser, CurrentUser, Roles } from '@api/common/auth';
import { ApiAdminErrors, ApiErrors, DomainError } from '@api/common/errors';
import { ChangeRoleDto, UserIdParams } from './dto/admin-user.dto';
import { UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

const REVOCATION_NOTE =
  "The user's access tokens issued before this call are refused by every API process within 5 s.";

/** Deleting an account and changing its role (admin): each is one UsersService call that also revokes. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiAdminErrors()
@Roles('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an account (admin)', description: REVOCATION_NOTE })
  @ApiNoContentResponse({ description: 'Deleted; its tokens are revoked.' })
  @ApiErrors('CONFLICT')
  async remove(@Param() params: UserIdParams, @CurrentUser() admin: AuthUser): Promise<void> {
    refuseSelf(admin, params.id);
    await this.users.deleteUser(params.id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change an account's role (admin)",
    description: `${REVOCATION_NOTE} Its next refresh signs the new role.`,
  })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors('CONFLICT')
  changeRole(
    @Param() params: UserIdParams,
    @Body() body: ChangeRoleDto,
    @CurrentUser() admin: AuthUser,
  ): Promise<User> {
    refuseSelf(admin, params.id);
    return this.users.changeRole(params.id, body.role);
  }
}

/** An admin cannot delete or demote themselves: the last admin would lock everyone out of the admin routes. */
function refuseSelf(admin: AuthUser, id: string): void {
  if (admin.id === id) {
    throw new DomainError('CONFLICT', 'Another admin must change or delete your own account.');
  }
}
