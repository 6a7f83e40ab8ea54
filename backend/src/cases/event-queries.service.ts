import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Principal, scopeOf } from '../auth/principal.js';
import { decodeCursor, type Page, toPage } from '../common/pagination.js';
import type { EventListQuery } from './cases.dto.js';
import { eventPage } from './event-rows.js';
import type { DetectedEvent } from './event-view.js';

@Injectable()
export class EventQueriesService {
  constructor(private readonly db: DataSource) {}

  /** Newest first. Customers see their own events, without the detector's internal `details`. */
  async list(q: EventListQuery, p: Principal): Promise<Page<DetectedEvent>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | null;
    const rows = await eventPage(this.db, {
      scope: scopeOf(p),
      customerId: q.customerId ?? null,
      kind: q.kind ?? null,
      severity: q.severity ?? null,
      shadow: q.shadow ?? null,
      ruleId: q.ruleId ?? null,
      ticketId: q.ticketId ?? null,
      since: q.since ?? null,
      after,
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (r) => [r.cursorAt, r.id]);
    const items = page.items.map(({ cursorAt: _c, ...e }) =>
      p.role === 'customer' ? (({ details: _d, ...rest }) => rest)(e) : e,
    );
    return { items, nextCursor: page.nextCursor };
  }
}
