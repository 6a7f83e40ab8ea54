import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { RestrictionPreviewDto, RestrictionPreviewList } from './restriction-preview.dto.js';
import { RestrictionPreviewService } from './restriction-preview.js';
import { NOC_STAFF_ROLES } from './ticket-machine.rules.js';

@ApiTags('tickets')
@Controller('tickets')
export class RestrictionPreviewController {
  constructor(private readonly previews: RestrictionPreviewService) {}

  /** Changes nothing: what each restriction would block on this ticket's customer, before RESTRICT places it. */
  @Roles(...NOC_STAFF_ROLES)
  @Post(':id/restriction-preview')
  @HttpCode(200)
  @ApiOkResponse({ type: RestrictionPreviewList })
  preview(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RestrictionPreviewDto,
    @CurrentUser() p: Principal,
  ): Promise<RestrictionPreviewList> {
    return this.previews.preview(id, dto.restrictions, p);
  }
}
