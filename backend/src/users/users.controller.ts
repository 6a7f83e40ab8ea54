import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { PageQuery } from '../common/pagination.js';
import { CreateUserDto, UpdateUserDto } from './users.dto.js';
import { AssignableUserList, UserAccount, UserAccountPage } from './users.responses.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserAccountPage })
  list(@Query() q: PageQuery): Promise<UserAccountPage> {
    return this.users.list(q.limit, q.cursor);
  }

  @Get('assignable')
  @Roles('admin', 'technician', 'engineer')
  @ApiOperation({ summary: 'The colleagues a case can be given to: active technicians, engineers and admins' })
  @ApiOkResponse({ type: AssignableUserList })
  async assignable(): Promise<AssignableUserList> {
    return { items: await this.users.assignable() };
  }

  @Get(':id')
  @ApiOkResponse({ type: UserAccount })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserAccount> {
    return this.users.get(id);
  }

  @Post()
  @ApiCreatedResponse({ type: UserAccount })
  create(@Body() dto: CreateUserDto, @CurrentUser() actor: Principal): Promise<UserAccount> {
    return this.users.create(dto, actor);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserAccount })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() actor: Principal,
  ): Promise<UserAccount> {
    return this.users.update(id, dto, actor);
  }
}
