import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { STAFF } from '../users/user.entity.js';
import { OnCallSetupDto } from './oncall.dto.js';
import { EscalationList, OnCallNowView, OnCallSetupView } from './oncall.responses.js';
import { OnCallService } from './oncall.service.js';

@ApiTags('oncall')
@Controller('oncall')
export class OnCallController {
  constructor(private readonly oncall: OnCallService) {}

  @Roles(...STAFF)
  @Get()
  @ApiOkResponse({ type: OnCallSetupView })
  get(): Promise<OnCallSetupView> {
    return this.oncall.view();
  }

  @Roles('admin')
  @Put()
  @ApiOkResponse({ type: OnCallSetupView })
  put(@Body() dto: OnCallSetupDto, @CurrentUser() p: Principal): Promise<OnCallSetupView> {
    return this.oncall.replace(dto, p);
  }

  @Roles(...STAFF)
  @Get('now')
  @ApiOkResponse({ type: OnCallNowView })
  now(): Promise<OnCallNowView> {
    return this.oncall.now();
  }

  /** Open escalations, newest first: the engineer's page. */
  @Roles(...STAFF)
  @Get('escalations')
  @ApiOkResponse({ type: EscalationList })
  async escalations(@CurrentUser() p: Principal): Promise<EscalationList> {
    return { items: await this.oncall.escalations({ open: true }, p) };
  }
}
