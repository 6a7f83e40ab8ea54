import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { rxResource, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged, map, of, switchMap } from 'rxjs';
import { AuthService } from '../../auth/auth.service';
import { errorMessages } from '../../core/api-error';
import { formatAge, formatCost } from '../../core/format';
import { pagedList } from '../../core/paged-list';
import { CustomersApi } from '../../customers/customers-api';
import { openEventDialog } from '../event-dialog/event-dialog';
import { SeverityBadge, StateBadge } from '../ticket-badges';
import {
  CASE_STATES,
  EVENT_DONE,
  EVENT_LABELS,
  nextStep,
  SEVERITIES,
  type Severity,
  STATE_LABELS,
  type TicketEventType,
  type TicketSummary,
  waitsOn,
} from '../ticket';
import { LIVE_RELOAD_DEBOUNCE_MS, LiveQueue } from '../live-queue';
import { TicketsApi } from '../tickets-api';

const PAGE_SIZE = 50;
export const SEARCH_DEBOUNCE_MS = 300;

/** The NOC queue: most severe first, then the longest-waiting (the server's order). */
@Component({
  selector: 'tg-ticket-queue-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    SeverityBadge,
    StateBadge,
  ],
  templateUrl: './ticket-queue-page.html',
  styleUrl: './ticket-queue-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TicketQueuePage {
  private readonly api = inject(TicketsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly customersApi = inject(CustomersApi);
  private readonly auth = inject(AuthService);
  protected readonly live = inject(LiveQueue);

  protected readonly states = CASE_STATES;
  protected readonly stateLabels = STATE_LABELS;
  protected readonly severities = SEVERITIES;
  protected readonly columns = ['number', 'severity', 'state', 'customer', 'title', 'owner', 'cost', 'age', 'actions'];
  /** Technicians and admins take and release cases (the API's rule). */
  protected readonly canOwn = computed(() => ['technician', 'admin'].includes(this.auth.currentUser()?.role ?? ''));
  protected readonly alertsSupported = typeof Notification !== 'undefined';

  protected readonly state = signal('open');
  protected readonly severity = signal<Severity | ''>('');
  protected readonly customerId = signal('');
  /** '' anyone's, `me`, `none`. */
  protected readonly owner = signal('');
  protected readonly search = signal('');
  private readonly query = toSignal(
    toObservable(this.search).pipe(
      debounceTime(SEARCH_DEBOUNCE_MS),
      map((text) => text.trim()),
      distinctUntilChanged(),
    ),
    { initialValue: '' },
  );

  protected readonly exportUrl = computed(() =>
    this.api.exportUrl({
      state: this.state(),
      severity: this.severity() || null,
      customerId: this.customerId() || null,
      owner: this.owner() || null,
      q: this.query(),
    }),
  );
  protected readonly tickets = pagedList({
    params: () => ({
      state: this.state(),
      severity: this.severity() || null,
      customerId: this.customerId() || null,
      owner: this.owner() || null,
      q: this.query(),
    }),
    load: (params, cursor) => this.api.list({ ...params, cursor, limit: PAGE_SIZE }),
  });
  protected readonly customers = rxResource({
    stream: () => this.customersApi.list({ limit: 500 }),
  });
  protected readonly customerOptions = computed(() => (this.customers.hasValue() ? this.customers.value().items : []));
  protected readonly filtered = computed(
    () => this.state() !== 'open' || !!this.severity() || !!this.customerId() || !!this.owner() || !!this.query(),
  );

  constructor() {
    // The queue follows the server: a new or changed case shows without a reload.
    this.live.items
      .pipe(debounceTime(LIVE_RELOAD_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe(() => this.tickets.reload());
  }

  protected take(row: TicketSummary): void {
    this.setOwner(row, this.auth.currentUser()?.id ?? null, 'taken');
  }

  protected release(row: TicketSummary): void {
    this.setOwner(row, null, 'released');
  }

  private setOwner(row: TicketSummary, userId: string | null, done: string): void {
    if (this.opening()) return;
    this.opening.set(row.id);
    this.api.assign(row.id, userId).subscribe({
      next: (ticket) => {
        this.opening.set(null);
        this.snackBar.open(`${ticket.number} ${done}`, 'Close', { duration: 3000 });
        this.tickets.reload();
        this.live.refresh();
      },
      error: (error: unknown) => {
        this.opening.set(null);
        this.conflict.set(errorMessages(error));
      },
    });
  }

  protected isMine(row: TicketSummary): boolean {
    return row.ownerId !== null && row.ownerId === this.auth.currentUser()?.id;
  }

  protected toggleAlerts(): void {
    if (this.live.alertsEnabled()) this.live.disableAlerts();
    else
      void this.live.enableAlerts().then((granted) => {
        if (!granted) this.snackBar.open('The browser did not allow notifications', 'Close', { duration: 5000 });
      });
  }

  protected readonly opening = signal<string | null>(null);
  protected readonly conflict = signal<string[] | null>(null);

  protected readonly cost = formatCost;
  protected readonly age = (ticket: TicketSummary) => formatAge(ticket.openedAt);

  /** The row's inline action: the case's next step, where the server allows the caller to take it now. */
  protected readonly nextStep = nextStep;
  protected readonly waitsOn = waitsOn;
  protected readonly eventLabels = EVENT_LABELS;

  protected open(ticket: TicketSummary): void {
    void this.router.navigate(['/tickets', ticket.id]);
  }

  /** The dialog needs the ticket as it is now: its version, its allowed events. */
  protected act(row: TicketSummary, type: TicketEventType): void {
    if (this.opening()) return;
    this.opening.set(row.id);
    this.conflict.set(null);
    this.api
      .get(row.id)
      .pipe(
        switchMap((ticket) => {
          this.opening.set(null);
          if (!ticket.allowedEvents.includes(type)) {
            this.snackBar.open(`${ticket.number}: ${EVENT_LABELS[type]} is not possible now`, 'Close', {
              duration: 5000,
            });
            this.tickets.reload();
            return of(undefined);
          }
          return openEventDialog(this.dialog, { ticket, type });
        }),
      )
      .subscribe({
        next: (result) => {
          if (!result) return;
          if ('conflict' in result) this.conflict.set(result.conflict);
          else this.snackBar.open(`${result.ticket.number}: ${EVENT_DONE[type]}`, 'Close', { duration: 4000 });
          this.tickets.reload();
        },
        error: (error: unknown) => {
          this.opening.set(null);
          this.conflict.set(errorMessages(error));
        },
      });
  }
}
