import { ZonedTimePipe } from '../../core/zoned-time';
import { CaseFiles } from '../../tickets/case-files/case-files';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { errorCode, errorMessages } from '../../core/api-error';
import { isTicketConflict } from '../../tickets/ticket-conflict';
import { pagedList } from '../../core/paged-list';
import { Lifecycle } from '../../tickets/lifecycle/lifecycle';
import { ReviewForm } from '../../tickets/review-form/review-form';
import { StateBadge } from '../../tickets/ticket-badges';
import { type CustomerReview, type Ticket } from '../../tickets/ticket';
import { evidenceLinks, TicketsApi } from '../../tickets/tickets-api';
import { Timeline } from '../../tickets/timeline/timeline';
import { ExposureFigures } from '../../tickets/exposure-figures/exposure-figures';

/** A customer's view of its case: what happened, what is blocked, the evidence, and its answer. */
@Component({
  selector: 'tg-portal-ticket-page',
  imports: [
    ZonedTimePipe,
    ExposureFigures,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    Lifecycle,
    ReviewForm,
    StateBadge,
    Timeline,
    CaseFiles,
  ],
  templateUrl: './portal-ticket-page.html',
  styleUrl: './portal-ticket-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PortalTicketPage {
  private readonly api = inject(TicketsApi);
  private readonly snackBar = inject(MatSnackBar);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();
  /** Query parameter `verdict`: the choice a review link in a mail made. */
  readonly verdict = input<string | undefined>();
  protected readonly preselected = computed(() => {
    const v = this.verdict();
    return v === 'fraudulent' || v === 'legitimate' ? v : null;
  });

  protected readonly ticket = rxResource({
    params: () => this.id(),
    stream: ({ params: id }) => this.api.get(id),
  });
  protected readonly value = computed(() => (this.ticket.hasValue() ? this.ticket.value() : undefined));
  protected readonly loadErrors = computed(() => {
    const error = this.ticket.error();
    if (!error) return null;
    return errorCode(error) === 'ticket_not_found'
      ? ['This ticket does not exist, or is not yours to see.']
      : errorMessages(error);
  });
  protected readonly timeline = pagedList({
    params: () => this.id(),
    load: (id, cursor) => this.api.timeline(id, { cursor, limit: 100 }),
  });
  protected readonly restrictions = computed(() =>
    (this.value()?.restrictions ?? []).filter((r) => r.status === 'active'),
  );
  protected readonly canReview = computed(() => this.value()?.allowedEvents.includes('CUSTOMER_REVIEW') ?? false);
  protected readonly links = computed(() => evidenceLinks(this.id()));

  protected readonly sending = signal(false);
  protected readonly reviewErrors = signal<string[] | null>(null);

  protected readonly note = signal('');
  protected readonly sendingNote = signal(false);
  protected readonly noteErrors = signal<string[] | null>(null);

  constructor() {
    const title = inject(Title);
    effect(() => {
      const ticket = this.value();
      if (ticket) title.setTitle(`${ticket.number} · Tollgate`);
    });
  }

  /** A message to the NOC: a customer-visible note on the ticket. */
  protected sendNote(ticket: Ticket): void {
    const body = this.note().trim();
    if (!body || this.sendingNote()) return;
    this.sendingNote.set(true);
    this.noteErrors.set(null);
    this.api.addNote(ticket.id, body, 'customer').subscribe({
      next: () => {
        this.note.set('');
        this.sendingNote.set(false);
        this.timeline.reload();
      },
      error: (error: unknown) => {
        this.noteErrors.set(errorMessages(error));
        this.sendingNote.set(false);
      },
    });
  }

  protected submitReview(ticket: Ticket, review: CustomerReview): void {
    if (this.sending()) return;
    this.sending.set(true);
    this.reviewErrors.set(null);
    this.api.sendEvent(ticket.id, ticket.version, { type: 'CUSTOMER_REVIEW', ...review }).subscribe({
      next: (updated) => {
        this.ticket.value.set(updated);
        this.sending.set(false);
        this.timeline.reload();
        this.snackBar.open('Thank you. Your review was sent to the NOC.', 'Close', { duration: 5000 });
      },
      error: (error: unknown) => {
        this.reviewErrors.set(errorMessages(error));
        this.sending.set(false);
        // Stale or no longer allowed: show the case as it is now.
        if (isTicketConflict(error)) {
          this.ticket.reload();
          this.timeline.reload();
        }
      },
    });
  }
}
