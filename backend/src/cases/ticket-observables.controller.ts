import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { STAFF } from '../users/user.entity.js';
import { CaseObservableList } from './observables.responses.js';
import { TicketObservablesService } from './ticket-observables.service.js';

/** Served by cases/, the owner of the events: the route sits under the ticket whose page shows it. */
@ApiTags('tickets')
@Controller('tickets')
export class TicketObservablesController {
  constructor(private readonly observables: TicketObservablesService) {}

  /** Staff only: the events' details are the NOC's (customers never get them), and so are the other cases. */
  @Roles(...STAFF)
  @Get(':id/observables')
  @ApiOkResponse({ type: CaseObservableList, description: 'What the case names, and the other cases that name it' })
  list(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<CaseObservableList> {
    return this.observables.observables(id, p);
  }
}
