import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { formatTicketNumber } from './case-kinds.js';
import { loadTicket } from './ticket-rows.js';
import { TicketTransitionsService } from './ticket-transitions.service.js';
import { TicketWorkService } from './ticket-work.service.js';
import type { BulkActionDto } from './tickets.dto.js';

export interface BulkResult {
  id: string;
  /** FRD-000123, or null when the caller cannot see the ticket. */
  number: string | null;
  ok: boolean;
  code: string | null;
  message: string | null;
}

/**
 * One action over many cases from the queue. Each case goes through the same service as a single request, in its
 * own transaction, so a case that is refused (already closed, changed meanwhile, not found) never undoes the others.
 */
@Injectable()
export class TicketBulkService {
  constructor(
    private readonly db: DataSource,
    private readonly work: TicketWorkService,
    private readonly transitions: TicketTransitionsService,
  ) {}

  async apply(dto: BulkActionDto, p: Principal): Promise<{ results: BulkResult[]; done: number; refused: number }> {
    const results: BulkResult[] = [];
    // One at a time: the cases are few (capped) and each takes its own row lock.
    for (const id of new Set(dto.ids)) results.push(await this.one(id, dto, p));
    const done = results.filter((r) => r.ok).length;
    return { results, done, refused: results.length - done };
  }

  private async one(id: string, dto: BulkActionDto, p: Principal): Promise<BulkResult> {
    let number: string | null = null;
    try {
      const ticket = await loadTicket(this.db.manager, id, p);
      number = formatTicketNumber(ticket.number);
      if (dto.action === 'assign') await this.work.assign(id, { userId: dto.userId ?? null }, p);
      // The version read just now: a change in between is a 409 for this case only.
      else await this.transitions.send(id, { type: 'DISMISS', version: ticket.version, reason: dto.reason! }, p);
      return { id, number, ok: true, code: null, message: null };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return { id, number, ok: false, code: e.code, message: e.message };
    }
  }
}
