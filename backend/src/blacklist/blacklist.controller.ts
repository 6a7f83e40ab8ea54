import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import type { Page } from '../common/pagination.js';
import { STAFF } from '../users/user.entity.js';
import type { BlacklistEntry } from './blacklist-model.js';
import { BlacklistQuery } from './blacklist.dto.js';
import { BlacklistEntryView, BlacklistPage } from './blacklist.responses.js';
import { BlacklistService } from './blacklist.service.js';

@ApiTags('detection')
@Controller('blacklist')
export class BlacklistController {
  constructor(private readonly blacklist: BlacklistService) {}

  /** Newest first; `status` narrows the list. */
  @Roles(...STAFF)
  @Get()
  @ApiOkResponse({ type: BlacklistPage })
  list(@Query() q: BlacklistQuery): Promise<Page<BlacklistEntry>> {
    return this.blacklist.list(q);
  }

  /** Whitelists the IP: off the enforcement blocklist at once, and never blacklisted again until an admin removes the whitelist. */
  @Roles('technician', 'admin')
  @Delete(':ip')
  @ApiOkResponse({ type: BlacklistEntryView })
  whitelist(@Param('ip') ip: string, @CurrentUser() p: Principal): Promise<BlacklistEntry> {
    return this.blacklist.whitelist(ip, p);
  }

  /** Removes the whitelist (and the entry): later failures may blacklist the IP again. */
  @Roles('admin')
  @Delete(':ip/whitelist')
  @HttpCode(204)
  @ApiNoContentResponse()
  async removeWhitelist(@Param('ip') ip: string, @CurrentUser() p: Principal): Promise<void> {
    await this.blacklist.removeWhitelist(ip, p);
  }
}
