import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import type { Page } from '../common/pagination.js';
import { actorOf } from '../tickets/ticket-rows.js';
import { STAFF } from '../users/user.entity.js';
import { CaseService } from './case.service.js';
import { EventQueriesService } from './event-queries.service.js';
import type { DetectedEvent } from './event-view.js';
import { DetectedEventDto, EventListQuery } from './cases.dto.js';
import { DetectedEventPage, DetectedEventView } from './events.responses.js';

@ApiTags('detection')
@Controller('events')
export class CasesController {
  constructor(
    private readonly cases: CaseService,
    private readonly queries: EventQueriesService,
  ) {}

  /** A detected event from an outside system; opens a ticket or joins the open one. */
  @Roles('technician', 'admin')
  @Post()
  @ApiCreatedResponse({ type: DetectedEventView })
  create(@Body() dto: DetectedEventDto, @CurrentUser() p: Principal): Promise<DetectedEvent> {
    return this.cases.ingest(dto, actorOf(p), 'api');
  }

  /** Newest first. Customers see their own events, without the detector's internal `details`. */
  @Roles(...STAFF, 'customer')
  @Get()
  @ApiOkResponse({ type: DetectedEventPage })
  list(@Query() q: EventListQuery, @CurrentUser() p: Principal): Promise<Page<DetectedEvent>> {
    return this.queries.list(q, p);
  }
}
