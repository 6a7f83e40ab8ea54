import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
  Sse,
  type MessageEvent,
} from '@nestjs/common';
import { interval, map, merge, type Observable, takeUntil, timer } from 'rxjs';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { ROLES, STAFF } from '../users/user.entity.js';
import { TicketEventDto } from './ticket-events.dto.js';
import { TicketEvidenceService } from './ticket-evidence.service.js';
import { TicketQueriesService } from './ticket-queries.service.js';
import { TicketStream } from './ticket-stream.js';
import { SavedFiltersService } from './saved-filters.service.js';
import { TicketBulkService } from './ticket-bulk.service.js';
import { TicketTransitionsService } from './ticket-transitions.service.js';
import { NOC_STAFF_ROLES } from './ticket-machine.rules.js';
import { TicketWorkService } from './ticket-work.service.js';
import {
  AssignDto,
  BulkActionDto,
  CaseCallsQuery,
  ChecklistItemPatchDto,
  ChecklistTemplateDto,
  ClientSummaryDto,
  NoteDto,
  SaveQueueFilterDto,
  TicketListQuery,
  CustomerRestrictionsQuery,
  TimelineQuery,
} from './tickets.dto.js';
import {
  BulkActionOutcome,
  CallSeries,
  CaseCallPage,
  ChecklistItem,
  ChecklistTemplate,
  ChecklistTemplatePage,
  SavedQueueFilter,
  SavedQueueFilterList,
  TicketDetail,
  CustomerRestrictionList,
  TicketSummaryPage,
  TimelineEntryPage,
  WrittenTimelineEntry,
} from './tickets.responses.js';

const READERS = [...STAFF, 'customer' as const];
const STREAM_PING_MS = 25_000;
/** A stream ends now and then, so a deactivated user or an expired session loses it (EventSource reconnects). */
const STREAM_LIFETIME_MS = 15 * 60_000;
const NOC = NOC_STAFF_ROLES;

@ApiTags('tickets')
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly queries: TicketQueriesService,
    private readonly transitions: TicketTransitionsService,
    private readonly work: TicketWorkService,
    private readonly evidence: TicketEvidenceService,
    private readonly live: TicketStream,
    private readonly filters: SavedFiltersService,
    private readonly bulkActions: TicketBulkService,
  ) {}

  @Roles(...READERS)
  @Get()
  @ApiOkResponse({ type: TicketSummaryPage })
  list(@Query() q: TicketListQuery, @CurrentUser() p: Principal) {
    return this.queries.list(p, q);
  }

  @Roles(...READERS)
  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The queue with the same filters as `GET /api/tickets`, as CSV (up to 10,000 cases)' })
  async exportCsv(@Query() q: TicketListQuery, @CurrentUser() p: Principal, @Res() res: Response) {
    const { filename, body } = await this.queries.exportCsv(p, q);
    res.type('text/csv; charset=utf-8').attachment(filename).send(body);
  }

  @Roles(...STAFF)
  @Get('filters')
  @ApiOkResponse({ type: SavedQueueFilterList, description: "The caller's saved queue filters" })
  listFilters(@CurrentUser() p: Principal): Promise<SavedQueueFilterList> {
    return this.filters.list(p);
  }

  @Roles(...STAFF)
  @Post('filters')
  @ApiCreatedResponse({ type: SavedQueueFilter, description: 'Saved (201), or replaced the one of that name (200)' })
  async saveFilter(
    @Body() dto: SaveQueueFilterDto,
    @CurrentUser() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SavedQueueFilter> {
    const { created, filter } = await this.filters.save(p, dto.name, dto.filter);
    res.status(created ? 201 : 200);
    return filter;
  }

  @Roles(...STAFF)
  @Delete('filters/:filterId')
  @HttpCode(204)
  async deleteFilter(@Param('filterId', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<void> {
    await this.filters.delete(p, id);
  }

  @Roles(...READERS)
  @Sse('stream')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Server-sent events: `ticket` {ticketId, customerId, created, severity, internal} for each change the caller ' +
      'may see (a customer user: its own cases, no internal entries), `resync` when changes may have been missed ' +
      '(reload), `ping` every 25 s. The stream ends after 15 minutes; EventSource reconnects, signed in again.',
  })
  stream(@CurrentUser() p: Principal): Observable<MessageEvent> {
    const changes = this.live
      .changesFor(p)
      .pipe(map((c): MessageEvent => ({ type: 'resync' in c ? 'resync' : 'ticket', data: c })));
    const pings = interval(STREAM_PING_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    return merge(changes, pings).pipe(takeUntil(timer(STREAM_LIFETIME_MS)));
  }

  // Before `:id`: Express matches routes in the order they are declared.
  @Roles(...READERS)
  @Get('restrictions')
  @ApiOkResponse({ type: CustomerRestrictionList })
  customerRestrictions(@Query() q: CustomerRestrictionsQuery, @CurrentUser() p: Principal) {
    return this.queries.customerRestrictions(p, q.customerId);
  }

  @Roles(...READERS)
  @Get(':id')
  @ApiOkResponse({ type: TicketDetail })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<TicketDetail> {
    return this.queries.get(id, p);
  }

  @Roles(...READERS)
  @Get(':id/timeline')
  @ApiOkResponse({ type: TimelineEntryPage })
  timeline(@Param('id', ParseUUIDPipe) id: string, @Query() q: TimelineQuery, @CurrentUser() p: Principal) {
    return this.queries.timeline(id, p, q);
  }

  /** Every role may try; the lifecycle machine answers 403 for events the role may never send. */
  @Roles(...ROLES)
  @Post(':id/events')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketDetail, description: 'The ticket after the event' })
  async sendEvent(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: TicketEventDto,
    @CurrentUser() p: Principal,
  ): Promise<TicketDetail> {
    await this.transitions.send(id, dto, p);
    return this.queries.get(id, p);
  }

  @Roles(...NOC)
  @Post('bulk')
  @HttpCode(200)
  @ApiOkResponse({
    type: BulkActionOutcome,
    description: 'Each case in its own transaction: a refused case (with its error code) never undoes the others',
  })
  bulk(@Body() dto: BulkActionDto, @CurrentUser() p: Principal): Promise<BulkActionOutcome> {
    return this.bulkActions.apply(dto, p);
  }

  @Roles(...NOC)
  @Post(':id/assign')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketDetail, description: 'The ticket with its new owner' })
  async assign(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AssignDto,
    @CurrentUser() p: Principal,
  ): Promise<TicketDetail> {
    await this.work.assign(id, dto, p);
    return this.queries.get(id, p);
  }

  @Roles(...NOC, 'engineer', 'customer')
  @Post(':id/notes')
  @ApiCreatedResponse({ type: WrittenTimelineEntry })
  addNote(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: NoteDto,
    @CurrentUser() p: Principal,
  ): Promise<WrittenTimelineEntry> {
    return this.work.addNote(id, dto, p);
  }

  @Roles(...NOC)
  @Patch(':id/client-summary')
  @ApiOkResponse({ type: TicketDetail })
  async setClientSummary(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ClientSummaryDto,
    @CurrentUser() p: Principal,
  ): Promise<TicketDetail> {
    await this.work.setClientSummary(id, dto.clientSummary, p);
    return this.queries.get(id, p);
  }

  @Roles(...NOC)
  @Patch(':id/checklist/:itemId')
  @ApiOkResponse({ type: ChecklistItem })
  updateChecklistItem(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: ChecklistItemPatchDto,
    @CurrentUser() p: Principal,
  ): Promise<ChecklistItem> {
    return this.work.updateChecklistItem(id, itemId, dto, p);
  }

  @Roles(...READERS)
  @Get(':id/calls')
  @ApiOkResponse({ type: CaseCallPage, description: "The case's linked calls, sorted and paged" })
  calls(@Param('id', ParseUUIDPipe) id: string, @Query() q: CaseCallsQuery, @CurrentUser() p: Principal) {
    return this.evidence.calls(id, p, q);
  }

  @Roles(...READERS)
  @Get(':id/calls/series')
  @ApiOkResponse({ type: CallSeries, description: "The case's calls and cost over time" })
  callSeries(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal) {
    return this.evidence.callSeries(id, p);
  }

  @Roles(...READERS)
  @Get(':id/cdrs.csv')
  @ApiProduces('text/csv')
  async cdrsCsv(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal, @Res() res: Response) {
    const { filename, body } = await this.evidence.cdrsCsv(id, p);
    res.type('text/csv; charset=utf-8').attachment(filename).send(body);
  }

  @Roles(...READERS)
  @Get(':id/report.pdf')
  @ApiProduces('application/pdf')
  @Header('Cache-Control', 'no-store')
  async reportPdf(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal, @Res() res: Response) {
    const { filename, body } = await this.evidence.reportPdf(id, p);
    res.type('application/pdf').attachment(filename).send(body);
  }
}

@ApiTags('tickets')
@Controller('checklist-templates')
export class ChecklistTemplatesController {
  constructor(private readonly work: TicketWorkService) {}

  @Roles(...NOC)
  @Get()
  @ApiOkResponse({ type: ChecklistTemplatePage })
  list(): Promise<ChecklistTemplatePage> {
    return this.work.checklistTemplates();
  }

  @Roles(...NOC)
  @Get(':kind')
  @ApiOkResponse({ type: ChecklistTemplate })
  get(@Param('kind') kind: string): Promise<ChecklistTemplate> {
    return this.work.checklistTemplate(kind);
  }

  @Roles('admin')
  @Put(':kind')
  @ApiOkResponse({ type: ChecklistTemplate })
  put(
    @Param('kind') kind: string,
    @Body() dto: ChecklistTemplateDto,
    @CurrentUser() p: Principal,
  ): Promise<ChecklistTemplate> {
    return this.work.putChecklistTemplate(kind, dto.items, p);
  }
}
