import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { pagedList } from '../../core/paged-list';
import { StateBadge } from '../../tickets/ticket-badges';
import type { TicketSummary } from '../../tickets/ticket';
import { TicketsApi } from '../../tickets/tickets-api';

/** The customer's own tickets (the server answers with theirs only). */
@Component({
  selector: 'tg-my-tickets-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatProgressBarModule,
    MatTableModule,
    StateBadge,
  ],
  templateUrl: './my-tickets-page.html',
  styleUrl: './my-tickets-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyTicketsPage {
  private readonly api = inject(TicketsApi);
  private readonly router = inject(Router);

  protected readonly columns = ['number', 'title', 'state', 'openedAt'];
  protected readonly show = signal<'open' | ''>('open');
  protected readonly tickets = pagedList({
    params: () => this.show(),
    load: (state, cursor) => this.api.list({ state, cursor, limit: 50 }),
  });

  protected open(ticket: TicketSummary): void {
    void this.router.navigate(['/portal/tickets', ticket.id]);
  }
}
