import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AppError, badInput } from '../common/app-error.js';
import { AuditService } from '../common/audit.service.js';
import { AlertEmailErrorCode, TicketErrorCode } from '../common/error-codes.js';
import { formatTicketNumber, parseTicketNumber } from '../tickets/case-kinds.js';
import { loadTicket, ticketByNumber } from '../tickets/ticket-rows.js';
import type { IntakeResult } from './alert-intake.service.js';
import { inboundById, inboundRaw, releaseQuarantined } from './inbound-email-rows.js';
import { readMailMessage } from './mail-message.js';
import { keepOriginal } from './original-note.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A technician's triage of quarantined mail: a message is placed on the ticket it belongs to, kept there as an
 * internal note with its attachments exactly as intake keeps an alert's original, and the decision is audited.
 */
@Injectable()
export class QuarantineService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** `ticket`: the ticket's id, or its number (`FRD-000123`). */
  async attach(id: string, ticket: string, p: Principal): Promise<IntakeResult> {
    const ticketId = await this.ticketIdOf(ticket);
    await this.db.transaction(async (m) => {
      const t = await loadTicket(m, ticketId, null);
      const number = formatTicketNumber(t.number);
      const released = await releaseQuarantined(m, id, { ticketId, reason: `Attached to ${number} by ${p.name}` });
      if (!released) {
        const row = await inboundById(m, id);
        if (!row) throw new AppError(AlertEmailErrorCode.NotFound, `No inbound message ${id}`);
        throw new AppError(
          AlertEmailErrorCode.NotQuarantined,
          `The message is ${row.status}, not quarantined: it was placed already`,
        );
      }
      const mail = await readMailMessage((await inboundRaw(m, id))!);
      const actor = { id: p.id, role: p.role, name: p.name };
      await keepOriginal(m, ticketId, mail, actor, 'internal');
      await this.audit.record(p, 'alert_email.attached', 'inbound_email', id, { ticketId, ticketNumber: number }, m);
    });
    const row = (await inboundById(this.db, id))!;
    return {
      id: row.id,
      messageId: row.messageId,
      duplicate: false,
      status: row.status,
      parsedAs: row.parsedAs,
      reason: row.reason,
      eventIds: row.eventIds,
      ticketIds: row.ticketIds,
    };
  }

  private async ticketIdOf(ticket: string): Promise<string> {
    if (UUID.test(ticket)) return ticket;
    const n = parseTicketNumber(ticket);
    if (n === null) throw badInput(['ticket must be a ticket id or number (FRD-000123)']);
    const found = await ticketByNumber(this.db, n);
    if (!found) throw new AppError(TicketErrorCode.NotFound, `No ticket ${ticket}`);
    return found.id;
  }
}
