import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { AcceptsEnforcementToken, Roles } from '../auth/principal.js';
import { badInput } from '../common/app-error.js';
import { EnforcementErrorCode } from '../common/error-codes.js';
import { AuthorizeCallDto, BlocklistQuery } from './enforcement.dto.js';
import { Blocklist, CallDecision } from './enforcement.responses.js';
import { EnforcementService } from './enforcement.service.js';

@ApiTags('enforcement')
@ApiExtraModels(Blocklist)
@Controller('enforcement')
@Roles('admin', 'technician')
@AcceptsEnforcementToken()
export class EnforcementController {
  constructor(private readonly enforcement: EnforcementService) {}

  @Get('blocklist')
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(Blocklist) } },
      'text/plain': { schema: { type: 'string', description: 'format=text: one entry per line' } },
    },
  })
  blocklist(@Query() q: BlocklistQuery, @Res({ passthrough: true }) res: Response): Blocklist | string {
    if (q.kind && q.format !== 'text')
      throw badInput(['kind applies to format=text only'], EnforcementErrorCode.BlocklistKindNeedsText);
    const index = this.enforcement.current();
    res.setHeader('X-Blocklist-Version', String(index.version));
    if (q.format === 'text') {
      res.type('text/plain');
      return index.text(q.kind);
    }
    return index.blocklist();
  }

  /** Answered from memory; the switch may call it on every call setup. */
  @Post('authorize')
  @HttpCode(200)
  @ApiOkResponse({ type: CallDecision })
  authorize(@Body() dto: AuthorizeCallDto): CallDecision {
    return this.enforcement.current().authorize(dto);
  }
}
