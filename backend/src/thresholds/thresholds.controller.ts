import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { NOC_STAFF_ROLES } from '../tickets/ticket-machine.rules.js';
import { STAFF } from '../users/user.entity.js';
import { ThresholdDecisionDto, ThresholdRequestDto, ThresholdRequestQuery } from './thresholds.dto.js';
import { ThresholdRequestList, ThresholdRequestView } from './thresholds.responses.js';
import { ThresholdsService } from './thresholds.service.js';

@ApiTags('thresholds')
@Controller('threshold-requests')
export class ThresholdsController {
  constructor(private readonly thresholds: ThresholdsService) {}

  /** Filed by the NOC from a ticket. */
  @Roles(...NOC_STAFF_ROLES)
  @Post()
  @ApiCreatedResponse({ type: ThresholdRequestView })
  file(@Body() dto: ThresholdRequestDto, @CurrentUser() p: Principal): Promise<ThresholdRequestView> {
    return this.thresholds.file(dto, p);
  }

  @Roles(...STAFF)
  @Get()
  @ApiOkResponse({ type: ThresholdRequestList })
  async list(@Query() q: ThresholdRequestQuery): Promise<ThresholdRequestList> {
    return { items: await this.thresholds.list(q) };
  }

  @Roles(...STAFF)
  @Get(':id')
  @ApiOkResponse({ type: ThresholdRequestView })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ThresholdRequestView> {
    return this.thresholds.get(id);
  }

  @Roles('engineer')
  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: ThresholdRequestView })
  approve(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ThresholdDecisionDto,
    @CurrentUser() p: Principal,
  ): Promise<ThresholdRequestView> {
    return this.thresholds.decide(id, 'approved', dto, p);
  }

  @Roles('engineer')
  @Post(':id/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: ThresholdRequestView })
  reject(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ThresholdDecisionDto,
    @CurrentUser() p: Principal,
  ): Promise<ThresholdRequestView> {
    return this.thresholds.decide(id, 'rejected', dto, p);
  }
}
