import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { rxResource, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatSortModule, type Sort } from '@angular/material/sort';
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
  type AssignableUser,
  type BulkActionOutcome,
  CASE_STATES,
  EVENT_DONE,
  EVENT_LABELS,
  nextStep,
  type QueueFilterFields,
  type QueueOrder,
  type QueueSort,
  type SavedQueueFilter,
  SEVERITIES,
  type Severity,
  STATE_LABELS,
  type TicketEventType,
  type TicketSummary,
  waitsOn,
} from '../ticket';
import { askDismissReason } from './bulk-dismiss-dialog';
import { LIVE_RELOAD_DEBOUNCE_MS, LiveQueue } from '../live-queue';
import { TicketsApi } from '../tickets-api';

const PAGE_SIZE = 50;
export const SEARCH_DEBOUNCE_MS = 300;

/** Call times as the queue shows them: the time alone today, with the day otherwise (the footer names the zone). */
const callDayTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const callTimeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function queueCallTime(iso: string | null, now = new Date()): string {
  if (!iso) return '—';
  const at = new Date(iso);
  return at.toDateString() === now.toDateString() ? callTimeOfDay.format(at) : callDayTime.format(at);
}
/** The viewer's zone as the headers name it (e.g. UTC, CET). */
const viewerZone =
  new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName')?.value ?? 'local time';

/** Keys typed into a field are the field's, not the queue's shortcuts. */
const ESCALATION_SHORT: Readonly<Record<TicketSummary['escalation'], string>> = {
  idle: '',
  paging: 'paging',
  engaged: 'engaged',
};

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el &&
    (el.isContentEditable ||
      ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) ||
      !!el.closest('[role="listbox"], [role="dialog"]'))
  );
}

/** The NOC queue: most severe first, then the longest-waiting (the server's order). */
@Component({
  selector: 'tg-ticket-queue-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSortModule,
    MatTableModule,
    SeverityBadge,
    StateBadge,
  ],
  templateUrl: './ticket-queue-page.html',
  styleUrl: './ticket-queue-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onKey($event)' },
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
  /** Technicians and admins take, release and dismiss cases from the queue (the API's rule). */
  protected readonly canOwn = computed(() => ['technician', 'admin'].includes(this.auth.currentUser()?.role ?? ''));
  protected readonly isStaff = computed(() => (this.auth.currentUser()?.role ?? 'customer') !== 'customer');
  protected readonly columns = computed(() => [
    ...(this.canOwn() ? ['select'] : []),
    'number',
    'severity',
    'state',
    'waitsOn',
    'customer',
    ...(this.isStaff() ? ['owner'] : []),
    'escalation',
    'exposure',
    'firstCallAt',
    'lastCallAt',
    'age',
    'actions',
  ]);
  protected readonly alertsSupported = typeof Notification !== 'undefined';

  protected readonly state = signal('open');
  protected readonly severity = signal<Severity | ''>('');
  protected readonly customerId = signal('');
  /** '' anyone's, `me`, `none`. */
  protected readonly owner = signal('');
  protected readonly search = signal('');
  /** '' is the server's order: most severe first, then the oldest. */
  protected readonly sort = signal<QueueSort | ''>('');
  protected readonly order = signal<QueueOrder>('asc');
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
      sort: this.sort() || null,
      order: this.order(),
    }),
  );
  protected readonly tickets = pagedList({
    params: () => ({
      state: this.state(),
      severity: this.severity() || null,
      customerId: this.customerId() || null,
      owner: this.owner() || null,
      q: this.query(),
      sort: this.sort() || null,
      order: this.order(),
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

  private readonly searchInput = viewChild.required<ElementRef<HTMLInputElement>>('searchInput');
  private readonly tableBody = viewChild.required<string, ElementRef<HTMLElement>>('queueTable', { read: ElementRef });

  constructor() {
    // The queue follows the server: a new or changed case shows without a reload.
    this.live.items
      .pipe(debounceTime(LIVE_RELOAD_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe(() => this.tickets.reload());
    // A selection names cases on screen only: one that left the view (closed, filtered out) leaves it too.
    effect(() => {
      const shown = new Set(this.tickets.items().map((t) => t.id));
      const kept = [...this.selected()].filter((id) => shown.has(id));
      if (kept.length !== this.selected().size) this.selected.set(new Set(kept));
    });
  }

  // ── Sorting ──
  protected onSort(change: Sort): void {
    this.sort.set(change.direction ? (change.active as QueueSort) : '');
    this.order.set(change.direction || 'asc');
  }

  // ── Saved filters ──
  private readonly filtersVersion = signal(0);
  protected readonly savedFilters = rxResource({
    params: () => (this.isStaff() ? this.filtersVersion() : undefined),
    stream: () => this.api.savedFilters(),
  });
  protected readonly savedFilterOptions = computed(() =>
    this.savedFilters.hasValue() ? this.savedFilters.value().items : [],
  );
  protected readonly pickedFilter = signal<SavedQueueFilter | null>(null);
  protected readonly naming = signal(false);

  /** The queue's filter as a saved filter holds it (empty fields left out). */
  private currentFilter(): QueueFilterFields {
    const f: QueueFilterFields = {};
    if (this.state()) f.state = this.state();
    if (this.severity()) f.severity = this.severity() as Severity;
    if (this.customerId()) f.customerId = this.customerId();
    if (this.owner()) f.owner = this.owner();
    if (this.search().trim()) f.q = this.search().trim();
    if (this.sort()) {
      f.sort = this.sort() as QueueSort;
      f.order = this.order();
    }
    return f;
  }

  protected applyFilter(saved: SavedQueueFilter | null): void {
    this.pickedFilter.set(saved);
    if (!saved) return;
    const f = saved.filter;
    this.state.set(f.state ?? '');
    this.severity.set(f.severity ?? '');
    this.customerId.set(f.customerId ?? '');
    this.owner.set(f.owner ?? '');
    this.search.set(f.q ?? '');
    this.sort.set(f.sort ?? '');
    this.order.set(f.order ?? 'asc');
  }

  protected saveFilter(name: string): void {
    const trimmed = name.trim();
    if (!trimmed) return;
    this.api.saveFilter(trimmed, this.currentFilter()).subscribe({
      next: (saved) => {
        this.naming.set(false);
        this.pickedFilter.set(saved);
        this.filtersVersion.update((v) => v + 1);
        this.snackBar.open(`Filter "${saved.name}" saved`, 'Close', { duration: 3000 });
      },
      error: (error: unknown) => this.conflict.set(errorMessages(error)),
    });
  }

  protected deleteFilter(saved: SavedQueueFilter): void {
    this.api.deleteFilter(saved.id).subscribe({
      next: () => {
        this.pickedFilter.set(null);
        this.filtersVersion.update((v) => v + 1);
        this.snackBar.open(`Filter "${saved.name}" deleted`, 'Close', { duration: 3000 });
      },
      error: (error: unknown) => this.conflict.set(errorMessages(error)),
    });
  }

  // ── Selection and bulk actions ──
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly allSelected = computed(
    () => this.tickets.items().length > 0 && this.tickets.items().every((t) => this.selected().has(t.id)),
  );
  protected readonly bulkBusy = signal(false);

  protected toggle(row: TicketSummary): void {
    const next = new Set(this.selected());
    if (next.has(row.id)) next.delete(row.id);
    else next.add(row.id);
    this.selected.set(next);
  }

  protected toggleAll(): void {
    this.selected.set(this.allSelected() ? new Set() : new Set(this.tickets.items().map((t) => t.id)));
  }

  protected clearSelection(): void {
    this.selected.set(new Set());
  }

  protected bulkTake(): void {
    this.bulkAssign(this.auth.currentUser()?.id ?? null);
  }

  protected bulkAssign(userId: string | null): void {
    this.runBulk({ ids: [...this.selected()], action: 'assign', userId }, userId ? 'taken' : 'released');
  }

  /** Colleagues a case can be given to, read the first time the "Assign to" list opens. */
  protected readonly colleagues = signal<AssignableUser[]>([]);

  protected loadColleagues(): void {
    if (this.colleagues().length) return;
    this.api.assignable().subscribe({
      next: (list) => this.colleagues.set(list.items),
      error: (error: unknown) => this.bulkReport.set(errorMessages(error).join(' ')),
    });
  }

  protected bulkAssignTo(user: AssignableUser | null): void {
    if (!user) return;
    this.runBulk({ ids: [...this.selected()], action: 'assign', userId: user.id }, `assigned to ${user.name}`);
  }

  protected bulkDismiss(): void {
    askDismissReason(this.dialog, this.selected().size).subscribe((reason) => {
      if (reason) this.runBulk({ ids: [...this.selected()], action: 'dismiss', reason }, 'dismissed');
    });
  }

  private runBulk(body: Parameters<TicketsApi['bulk']>[0], done: string): void {
    this.bulkBusy.set(true);
    this.conflict.set(null);
    this.api.bulk(body).subscribe({
      next: (outcome) => {
        this.bulkBusy.set(false);
        this.selected.set(new Set(outcome.results.filter((r) => !r.ok).map((r) => r.id)));
        this.bulkReport.set(bulkReport(outcome, done));
        this.tickets.reload();
        this.live.refresh();
      },
      error: (error: unknown) => {
        this.bulkBusy.set(false);
        this.conflict.set(errorMessages(error));
      },
    });
  }

  /** What the last bulk action did: "2 dismissed, 1 refused (FRD-000124: …)". */
  protected readonly bulkReport = signal<string | null>(null);

  // ── Keyboard: / search, j/k move, Enter opens ──
  protected readonly current = signal(-1);

  protected onKey(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    const rows = this.tickets.items();
    if (event.key === '/') {
      event.preventDefault();
      this.searchInput().nativeElement.focus();
    } else if ((event.key === 'j' || event.key === 'k') && rows.length) {
      event.preventDefault();
      const at = this.current();
      const next = event.key === 'j' ? Math.min(at + 1, rows.length - 1) : Math.max(at - 1, 0);
      this.focusRow(next);
    } else if (event.key === 'Enter' && this.current() >= 0 && rows[this.current()]) {
      // A focused button or link inside the row does its own thing.
      const target = event.target as HTMLElement | null;
      if (target && target !== document.body && target.tagName !== 'TR') return;
      event.preventDefault();
      this.open(rows[this.current()]);
    }
  }

  protected focusRow(index: number): void {
    this.current.set(index);
    const row = this.tableBody().nativeElement.querySelectorAll<HTMLElement>('tr.row-link')[index];
    row?.focus();
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
  /** Age since the case's first fraudulent call. */
  protected readonly age = (ticket: TicketSummary) => formatAge(ticket.firstCallAt);
  protected readonly time = (iso: string | null) => queueCallTime(iso);
  protected readonly zone = viewerZone;
  protected readonly escalationLabel = (t: TicketSummary) => ESCALATION_SHORT[t.escalation];

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

function bulkReport(outcome: BulkActionOutcome, done: string): string {
  const refused = outcome.results.filter((r) => !r.ok);
  const why = refused.map((r) => `${r.number ?? 'unknown case'}: ${r.message ?? r.code}`).join('; ');
  return `${outcome.done} ${done}` + (refused.length ? `, ${refused.length} refused (${why})` : '');
}
