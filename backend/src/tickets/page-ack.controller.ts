import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { OncallErrorCode } from '../common/error-codes.js';
import { OnCallPager } from '../oncall/pager.js';
import { activeEngineers } from '../users/staff-mail.js';
import { ESCALATION_STATES, type EscalationState } from './ticket-machine.types.js';
import { formatTicketNumber } from './case-kinds.js';
import { loadTicket } from './ticket-rows.js';
import { TicketTransitionsService } from './ticket-transitions.service.js';

export class PageLinkView {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty() ticketNumber: string;
  @ApiProperty() title: string;
  @ApiProperty() severity: string;
  @ApiProperty({ description: 'The level this link was sent with' }) level: number;
  @ApiProperty({ enum: ESCALATION_STATES, enumName: 'Escalation' }) escalation: EscalationState;
  @ApiProperty({ description: 'The engineer the link was sent to' }) engineerName: string;
}

const unknownLink = () =>
  new AppError(OncallErrorCode.PageLinkUnknown, 'This acknowledge link is unknown; open the ticket in Tollgate');

/**
 * The acknowledge link of a page, opened on the engineer's phone without signing in: the token in the link
 * is the engineer's own (only its hash is stored), and acknowledging sends ACKNOWLEDGE as that engineer.
 * Reading is a GET; acknowledging is a POST from the page, so a mail scanner that follows links acknowledges nothing.
 */
@ApiTags('oncall')
@Controller('pages')
export class PageAckController {
  constructor(
    private readonly db: DataSource,
    private readonly pager: OnCallPager,
    private readonly transitions: TicketTransitionsService,
  ) {}

  @Public()
  @Get(':token')
  @ApiOkResponse({ type: PageLinkView })
  async show(@Param('token') token: string): Promise<PageLinkView> {
    const { page, engineer } = await this.resolve(token);
    const t = await loadTicket(this.db.manager, page.ticketId, null);
    return {
      ticketId: t.id,
      ticketNumber: formatTicketNumber(t.number),
      title: t.title,
      severity: t.severity,
      level: page.level,
      escalation: t.escalation,
      engineerName: engineer.name,
    };
  }

  @Public()
  @Post(':token/acknowledge')
  @HttpCode(200)
  @ApiOkResponse({ type: PageLinkView })
  async acknowledge(@Param('token') token: string): Promise<PageLinkView> {
    const { page, engineer } = await this.resolve(token);
    const after = await this.db.transaction(async (m) => {
      const t = await loadTicket(m, page.ticketId, null, { lock: true });
      // A second tap, or a colleague was quicker: the page is answered either way.
      if (t.escalation !== 'paging') return null;
      const actor = { id: engineer.id, role: 'engineer' as const, name: engineer.name };
      return this.transitions.applyInTx(m, t, 'ACKNOWLEDGE', {}, actor, t.version);
    });
    if (after) await this.transitions.afterCommit(after);
    return this.show(token);
  }

  private async resolve(token: string) {
    const page = await this.pager.byAckToken(this.db.manager, token);
    if (!page) throw unknownLink();
    // An engineer deactivated since the page no longer acknowledges with it.
    const [engineer] = await activeEngineers(this.db, [page.userId]);
    if (!engineer) throw unknownLink();
    return { page, engineer };
  }
}
