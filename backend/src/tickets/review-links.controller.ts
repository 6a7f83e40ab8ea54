import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { TicketErrorCode } from '../common/error-codes.js';
import { isContactOf } from '../customers/customer-mail.js';
import { ReviewLinks } from './review-links.js';
import { VERDICTS, type Verdict } from './ticket-machine.types.js';
import { loadTicket } from './ticket-rows.js';

export class ReviewLinkView {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ enum: VERDICTS, enumName: 'Verdict', description: 'The choice the link preselects' })
  verdict: Verdict;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalid = () =>
  new AppError(TicketErrorCode.ReviewLinkInvalid, 'This review link is not valid; open your case from the portal');

/**
 * A review link from a customer mail, opened after signing in: it names the ticket and the preselected choice.
 * A link that is not ours, was altered, or names a ticket the caller cannot see is one answer (404), so a link
 * for another customer's ticket says nothing about it.
 */
@ApiTags('tickets')
@Controller('review-links')
export class ReviewLinksController {
  constructor(
    private readonly db: DataSource,
    private readonly links: ReviewLinks,
  ) {}

  // The links are the customer's; the NOC reviews nothing with them.
  @Roles('customer')
  @Get(':token')
  @ApiOkResponse({ type: ReviewLinkView })
  async open(@Param('token') token: string, @CurrentUser() p: Principal): Promise<ReviewLinkView> {
    const checked = this.links.check(token);
    if (!checked || !UUID.test(checked.claim.ticketId) || !UUID.test(checked.claim.contactId)) throw invalid();
    const { claim } = checked;
    const ticket = await loadTicket(this.db.manager, claim.ticketId, p).catch(() => null);
    if (!ticket || !(await isContactOf(this.db, claim.contactId, ticket.customer_id))) throw invalid();
    if (checked.expired) {
      throw new AppError(
        TicketErrorCode.ReviewLinkExpired,
        'This review link has expired; open the case in the portal to give your review',
        { ticketId: ticket.id },
      );
    }
    return { ticketId: ticket.id, verdict: claim.verdict };
  }
}
