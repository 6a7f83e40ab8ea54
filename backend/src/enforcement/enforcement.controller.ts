import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { AcceptsEnforcementToken, Roles } from '../auth/principal.js';
import { badInput } from '../common/app-error.js';
import { EnforcementErrorCode } from '../common/error-codes.js';
import { AuthorizeCallDto, AuthorizeQueryDto, BlocklistQuery } from './enforcement.dto.js';
import { Blocklist, CallDecision } from './enforcement.responses.js';
import { EnforcementService } from './enforcement.service.js';
import { sipAnswer } from './sip-status.js';
// Registers the hand-written check of the authorize input with the global pipe (the switch's hot path).
import './authorize-input.js';

@ApiTags('enforcement')
@ApiExtraModels(Blocklist, CallDecision)
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

  /**
   * Answered from memory; the switch may call it on every call setup. Its usual requests are answered before
   * Express by `authorize-lane.ts`, with the same guard rule, body parser, pipe and answer; the rest come here.
   */
  @Post('authorize')
  @HttpCode(200)
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CallDecision) } },
      'text/plain': { schema: { type: 'string', description: 'format=sip: `603 Decline` and the reasons' } },
    },
  })
  authorize(
    @Body() dto: AuthorizeCallDto,
    @Query() q: AuthorizeQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): CallDecision | string {
    const decision = this.enforcement.authorize(dto);
    if (q.format !== 'sip') return decision;
    const { status, text } = sipAnswer(decision);
    res.type('text/plain');
    res.setHeader('X-Sip-Status', String(status.code));
    return text;
  }
}
