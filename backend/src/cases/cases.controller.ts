import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles, scopeOf } from '../auth/principal.js';
import { decodeCursor, type Page, toPage } from '../common/pagination.js';
import { actorOf } from '../tickets/ticket-rows.js';
import { STAFF } from '../users/user.entity.js';
import { DataSource } from 'typeorm';
import { CaseService } from './case.service.js';
import { EVENT_COLUMNS, type DetectedEvent } from './event-view.js';
import { DetectedEventDto, EventListQuery } from './cases.dto.js';

@ApiTags('detection')
@Controller('events')
export class CasesController {
  constructor(
    private readonly cases: CaseService,
    private readonly db: DataSource,
  ) {}

  /** A detected event from an outside system; opens a ticket or joins the open one. */
  @Roles('technician', 'admin')
  @Post()
  create(@Body() dto: DetectedEventDto, @CurrentUser() p: Principal): Promise<DetectedEvent> {
    return this.cases.ingest(dto, actorOf(p), 'api');
  }

  /** Newest first. Customers see their own events, without the detector's internal `details`. */
  @Roles(...STAFF, 'customer')
  @Get()
  async list(@Query() q: EventListQuery, @CurrentUser() p: Principal): Promise<Page<DetectedEvent>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | null;
    const rows: (DetectedEvent & { cursorAt: string })[] = await this.db.query(
      `SELECT ${EVENT_COLUMNS}, e.detected_at::text AS "cursorAt"
         FROM detected_events e
        WHERE ($1::uuid IS NULL OR e.customer_id = $1) AND ($2::uuid IS NULL OR e.customer_id = $2)
          AND ($3::text IS NULL OR e.kind = $3) AND ($4::timestamptz IS NULL OR e.detected_at >= $4)
          AND ($5::timestamptz IS NULL OR (e.detected_at, e.id) < ($5, $6::uuid))
        ORDER BY e.detected_at DESC, e.id DESC
        LIMIT $7`,
      [
        scopeOf(p),
        q.customerId ?? null,
        q.kind ?? null,
        q.since ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    );
    const page = toPage(rows, limit, (r) => [r.cursorAt, r.id]);
    const items = page.items.map(({ cursorAt: _c, ...e }) =>
      p.role === 'customer' ? (({ details: _d, ...rest }) => rest)(e) : e,
    );
    return { items, nextCursor: page.nextCursor };
  }
}
