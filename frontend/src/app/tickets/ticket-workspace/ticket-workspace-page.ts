import { ZonedTimePipe } from '../../core/zoned-time';
import { ThresholdRequestPanel } from '../../oncall/threshold-request-panel';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { TextFieldModule } from '@angular/cdk/text-field';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { debounceTime, filter } from 'rxjs';
import { AuthService } from '../../auth/auth.service';
import { errorCode, errorMessages } from '../../core/api-error';
import { confirmAction } from '../../core/confirm-dialog';
import { formatDuration } from '../../core/format';
import { pagedList } from '../../core/paged-list';
import { openEventDialog } from '../event-dialog/event-dialog';
import { Lifecycle } from '../lifecycle/lifecycle';
import { LIVE_RELOAD_DEBOUNCE_MS, LiveQueue } from '../live-queue';
import { EscalationBadge, SeverityBadge, StateBadge } from '../ticket-badges';
import {
  blocklistCarries,
  type ChecklistItem,
  EVENT_DONE,
  EVENT_LABELS,
  type Restriction,
  RESTRICTION_KIND_LABELS,
  nextStep,
  sendableEvents,
  type Ticket,
  type TicketEventType,
} from '../ticket';
import { evidenceLinks, TicketsApi } from '../tickets-api';
import { TicketEvents } from '../ticket-events/ticket-events';
import { Timeline } from '../timeline/timeline';
import { CaseCalls } from '../case-calls/case-calls';
import { CaseFiles } from '../case-files/case-files';
import { CaseObservables } from '../case-observables/case-observables';
import { ExposureFigures } from '../exposure-figures/exposure-figures';

/** Where the NOC works a case: its state, what may happen next, the evidence, the history. */
@Component({
  selector: 'tg-ticket-workspace-page',
  imports: [
    ZonedTimePipe,
    ExposureFigures,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
    TextFieldModule,
    EscalationBadge,
    Lifecycle,
    SeverityBadge,
    StateBadge,
    TicketEvents,
    ThresholdRequestPanel,
    Timeline,
    CaseCalls,
    CaseFiles,
    CaseObservables,
  ],
  templateUrl: './ticket-workspace-page.html',
  styleUrl: './ticket-workspace-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TicketWorkspacePage {
  private readonly api = inject(TicketsApi);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  protected readonly ticket = rxResource({
    params: () => this.id(),
    stream: ({ params: id }) => this.api.get(id),
  });
  protected readonly value = computed(() => (this.ticket.hasValue() ? this.ticket.value() : undefined));
  protected readonly loadErrors = computed(() => {
    const error = this.ticket.error();
    if (!error) return null;
    return errorCode(error) === 'ticket_not_found' ? ['This ticket does not exist.'] : errorMessages(error);
  });
  protected readonly timeline = pagedList({
    params: () => this.id(),
    load: (id, cursor) => this.api.timeline(id, { cursor, limit: 100 }),
  });

  /** One button per event the server allows this user now. */
  /** The next step first (the primary button), then the rest in the lifecycle's order. */
  protected readonly next = computed(() => {
    const ticket = this.value();
    return ticket ? nextStep(ticket) : null;
  });
  protected readonly actions = computed(() => {
    const all = sendableEvents(this.value()?.allowedEvents ?? []);
    const next = this.next();
    return next ? [next, ...all.filter((type) => type !== next)] : all;
  });
  protected readonly conflict = signal<string[] | null>(null);
  protected readonly eventLabels = EVENT_LABELS;
  protected readonly kindLabels = RESTRICTION_KIND_LABELS;
  protected readonly links = computed(() => evidenceLinks(this.id()));
  protected readonly activeRestrictions = computed(
    () => (this.value()?.restrictions ?? []).filter((r) => r.status === 'active').length,
  );

  protected readonly isNoc = computed(() => this.auth.hasRole(['technician', 'admin']));

  /** What the switch is told to block (NOC only), refetched whenever the ticket changes. */
  protected readonly blocklist = rxResource({
    params: () => {
      const ticket = this.value();
      return this.isNoc() && ticket && ticket.restrictions.length > 0 ? ticket.version : undefined;
    },
    stream: () => this.api.blocklist(),
  });
  protected readonly mayWriteNotes = computed(() => this.auth.hasRole(['technician', 'admin', 'engineer']));

  protected readonly summaryDraft = linkedSignal(() => this.value()?.clientSummary ?? '');
  protected readonly summaryDirty = computed(() => this.summaryDraft() !== (this.value()?.clientSummary ?? ''));
  protected readonly savingSummary = signal(false);
  protected readonly summaryErrors = signal<string[] | null>(null);

  protected readonly checklist = linkedSignal<ChecklistItem[]>(() => this.value()?.checklist ?? []);
  protected readonly checklistErrors = signal<string[] | null>(null);

  protected readonly noteBody = signal('');
  protected readonly noteVisibility = signal<'internal' | 'customer'>('internal');
  protected readonly savingNote = signal(false);
  protected readonly noteErrors = signal<string[] | null>(null);

  protected readonly duration = formatDuration;
  protected readonly isStaff = computed(() => this.auth.hasRole(['technician', 'admin', 'engineer', 'manager']));
  protected readonly me = computed(() => this.auth.currentUser()?.id ?? null);
  protected readonly assigning = signal(false);

  constructor() {
    // Another technician's change to this case shows here without a reload (the draft note and summary stay).
    inject(LiveQueue)
      .items.pipe(
        filter((i) => i.kind === 'resync' || i.change.ticketId === this.id()),
        debounceTime(LIVE_RELOAD_DEBOUNCE_MS),
        takeUntilDestroyed(),
      )
      .subscribe(() => {
        this.ticket.reload();
        this.timeline.reload();
      });
    const title = inject(Title);
    effect(() => {
      const ticket = this.value();
      if (ticket) title.setTitle(`${ticket.number} · Tollgate`);
    });
  }

  /** Whether the enforcement blocklist carries the restriction (lifted ones should be gone). */
  protected enforcement(restriction: Restriction): string {
    if (!this.blocklist.hasValue()) return '';
    const listed = blocklistCarries(this.blocklist.value(), restriction, this.value()?.accountCode);
    if (restriction.status === 'active') return listed ? 'Enforced' : 'Not yet enforced';
    return listed ? 'Still blocked (another case?)' : '';
  }

  /** Whose addresses an IP restriction covers: `ACME01 (Acme Dental), HARB009 (Harborview Logistics)`. */
  protected coveredCustomers(restriction: Restriction): string {
    return (restriction.covers ?? []).map((c) => `${c.accountCode} (${c.name})`).join(', ');
  }

  /** A clock that has not stopped yet says so rather than "0 s". */
  protected clock(seconds: number | null | undefined, none: string): string {
    return seconds === null || seconds === undefined ? none : formatDuration(seconds);
  }

  protected setOwner(ticket: Ticket, userId: string | null): void {
    this.assigning.set(true);
    this.conflict.set(null);
    this.api.assign(ticket.id, userId).subscribe({
      next: (updated) => {
        this.assigning.set(false);
        this.ticket.value.set(updated);
        this.timeline.reload();
      },
      error: (error: unknown) => {
        this.assigning.set(false);
        this.conflict.set(errorMessages(error));
      },
    });
  }

  protected act(ticket: Ticket, type: TicketEventType): void {
    this.conflict.set(null);
    const unticked = type === 'LIFT_RESTRICTIONS' ? this.checklist().filter((i) => !i.checked) : [];
    if (!unticked.length) return this.openEvent(ticket, type);
    // Lifting before the investigation is done is allowed, but never by accident (LIFT_REQUIRES_CHECKLIST refuses it).
    confirmAction(this.dialog, {
      title: 'Lift with the checklist unfinished?',
      message:
        `${unticked.length} checklist item${unticked.length === 1 ? ' is' : 's are'} not ticked: ` +
        `${unticked.map((i) => `“${i.item}”`).join(', ')}. Lift the restrictions anyway?`,
      confirm: 'Lift anyway',
    }).subscribe((confirmed) => {
      if (confirmed) this.openEvent(ticket, type);
    });
  }

  private openEvent(ticket: Ticket, type: TicketEventType): void {
    openEventDialog(this.dialog, { ticket, type }).subscribe((result) => {
      if (!result) return;
      if ('conflict' in result) {
        // Someone else moved the case, or it no longer allows this: show the latest.
        this.conflict.set(result.conflict);
        this.ticket.reload();
      } else {
        this.ticket.value.set(result.ticket);
        this.snackBar.open(`${result.ticket.number}: ${EVENT_DONE[type]}`, 'Close', { duration: 4000 });
      }
      this.timeline.reload();
    });
  }

  protected saveSummary(ticket: Ticket): void {
    const text = this.summaryDraft().trim();
    if (!text || this.savingSummary()) return;
    this.savingSummary.set(true);
    this.summaryErrors.set(null);
    this.api.setClientSummary(ticket.id, text).subscribe({
      next: (updated) => {
        this.ticket.value.set(updated);
        this.savingSummary.set(false);
        this.snackBar.open('Client summary saved', 'Close', { duration: 4000 });
      },
      error: (error: unknown) => {
        this.summaryErrors.set(errorMessages(error));
        this.savingSummary.set(false);
      },
    });
  }

  protected updateChecklist(
    ticket: Ticket,
    item: ChecklistItem,
    change: { checked?: boolean; finding?: string },
  ): void {
    const checked = change.checked ?? item.checked;
    const finding = change.finding ?? item.finding ?? '';
    if (checked === item.checked && finding === (item.finding ?? '')) return;
    this.checklistErrors.set(null);
    this.api.updateChecklistItem(ticket.id, item.id, { checked, finding }).subscribe({
      next: (saved) =>
        this.checklist.update((items) =>
          items.map((i) => (i.id === item.id ? { ...i, ...saved, checked, finding } : i)),
        ),
      error: (error: unknown) => {
        this.checklistErrors.set(errorMessages(error));
        // Back to what the server has.
        this.checklist.set(this.value()?.checklist ?? []);
      },
    });
  }

  protected addNote(ticket: Ticket): void {
    const body = this.noteBody().trim();
    if (!body || this.savingNote()) return;
    this.savingNote.set(true);
    this.noteErrors.set(null);
    this.api.addNote(ticket.id, body, this.noteVisibility()).subscribe({
      next: () => {
        this.noteBody.set('');
        this.savingNote.set(false);
        this.timeline.reload();
      },
      error: (error: unknown) => {
        this.noteErrors.set(errorMessages(error));
        this.savingNote.set(false);
      },
    });
  }
}
