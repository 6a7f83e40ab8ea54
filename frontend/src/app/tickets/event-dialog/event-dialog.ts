import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { debounceTime, map, type Observable, of, switchMap } from 'rxjs';
import { ticketUrl } from '../tickets-api';
import type { components } from '../../core/api.generated';

type CaseObservableList = components['schemas']['CaseObservableList'];
import { AuthService } from '../../auth/auth.service';
import { errorMessages } from '../../core/api-error';
import { isTicketConflict } from '../ticket-conflict';
import { CustomersApi } from '../../customers/customers-api';
import { ReviewForm } from '../review-form/review-form';
import {
  type CustomerReview,
  EVENT_LABELS,
  RESTRICTION_KIND_LABELS,
  RESTRICTION_KINDS,
  type RestrictionKind,
  type Ticket,
  type TicketEvent,
  type TicketEventType,
} from '../ticket';
import { TicketsApi } from '../tickets-api';

export interface EventDialogData {
  ticket: Pick<Ticket, 'id' | 'number' | 'version' | 'customerId' | 'title'> & { clientSummary?: string | null };
  type: TicketEventType;
}

/** The dialog closes with the updated ticket, or with the server's message when the ticket moved on (stale, not allowed now). */
export type EventDialogResult = { ticket: Ticket } | { conflict: string[] };

const REASON_EVENTS: readonly TicketEventType[] = ['DISMISS', 'REOPEN', 'ESCALATE'];
const MESSAGE_EVENTS: readonly TicketEventType[] = ['REQUEST_INFO', 'RESOLVE_ESCALATION'];

const CONFIRMATIONS: Partial<Record<TicketEventType, string>> = {
  CONFIRM_SOURCE_REMOVED:
    'Confirm that you verified the source of the fraudulent traffic is gone. The restrictions stay until you lift them.',
  CONFIRM_CHARGES_ACCEPTED: 'Confirm that the customer accepted the charges for this traffic.',
  LIFT_RESTRICTIONS:
    'Lift every active restriction of this ticket. The switch stops enforcing them with the next blocklist it loads.',
  ACKNOWLEDGE: 'Acknowledge the page: you are handling this escalation.',
};

/** The steps narrower than a block: what a `destination_class` restriction refuses. */
const DESTINATION_CLASSES = [
  { value: 'international', label: 'International (outside US, Canada and the Caribbean)' },
  { value: 'caribbean', label: 'Caribbean NANP (non-US +1)' },
  { value: 'premium', label: "Premium (above the customer's price cap)" },
] as const;

const FIELD_HINTS: Readonly<Record<RestrictionKind, string>> = {
  ip: 'An IP address or CIDR, e.g. 203.0.113.77 or 198.51.100.0/28',
  seat: "The seat's user ID",
  group: "The group's external ID",
  destination: 'An E.164 prefix with +, e.g. +5321',
  destination_class: 'international, caribbean (non-US NANP) or premium (above the price cap)',
  account: 'The account code',
};

/** What a restriction will block, from `POST /api/tickets/:id/restriction-preview`. */
interface RestrictionPreview {
  blocks: string;
  warning: string | null;
}

const PREVIEW_DEBOUNCE_MS = 250;

/** One lifecycle event and its payload form; posts it with the ticket version the user saw. */
@Component({
  selector: 'tg-event-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    ReviewForm,
  ],
  templateUrl: './event-dialog.html',
  styleUrl: './event-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EventDialog {
  private readonly api = inject(TicketsApi);
  private readonly http = inject(HttpClient);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly dialogRef = inject<MatDialogRef<EventDialog, EventDialogResult>>(MatDialogRef);
  protected readonly data = inject<EventDialogData>(MAT_DIALOG_DATA);

  protected readonly type = this.data.type;
  protected readonly label = EVENT_LABELS[this.type];
  protected readonly kind: 'restrict' | 'review' | 'reason' | 'message' | 'confirm' =
    this.type === 'RESTRICT'
      ? 'restrict'
      : this.type === 'CUSTOMER_REVIEW'
        ? 'review'
        : REASON_EVENTS.includes(this.type)
          ? 'reason'
          : MESSAGE_EVENTS.includes(this.type)
            ? 'message'
            : 'confirm';
  protected readonly confirmation = CONFIRMATIONS[this.type] ?? `Send “${this.label}” for this ticket.`;

  /** Only an admin may confirm an IP range broader than the configured minimum prefix. */
  protected readonly isAdmin = inject(AuthService).hasRole(['admin']);
  protected readonly kinds = RESTRICTION_KINDS;
  protected readonly kindLabels = RESTRICTION_KIND_LABELS;
  protected readonly hints = FIELD_HINTS;

  /** The customer's seats and groups, to pick from (RESTRICT only). */
  private readonly customer = inject(CustomersApi).detail(
    signal(this.kind === 'restrict' ? this.data.ticket.customerId : undefined),
  );
  protected readonly groups = computed(() => (this.customer.hasValue() ? this.customer.value().groups : []));
  protected readonly seats = computed(() => this.groups().flatMap((group) => group.seats));
  private readonly accountCode = computed(() => (this.customer.hasValue() ? this.customer.value().accountCode : ''));

  protected readonly destinationClasses = DESTINATION_CLASSES;
  protected readonly restrictForm = this.fb.group({
    restrictions: this.fb.array([this.restrictionRow()]),
    clientSummary: [this.data.ticket.clientSummary ?? '', Validators.maxLength(20_000)],
    message: ['', Validators.maxLength(10_000)],
  });
  protected readonly text = this.fb.control('', [Validators.required, Validators.maxLength(10_000)]);

  protected readonly sending = signal(false);
  protected readonly errors = signal<string[]>([]);

  /** What the case's events name (RESTRICT only): the server's suggestion is where the form starts. */
  private readonly observables = rxResource({
    params: () => (this.kind === 'restrict' ? this.data.ticket.id : undefined),
    stream: ({ params }) => this.http.get<CaseObservableList>(`${ticketUrl(params)}/observables`),
  });
  /** Set once the form was filled from the case (or the user started typing first). */
  private prefilled = false;
  /** Per row, what it will block. */
  protected readonly previews = signal<(RestrictionPreview | null)[]>([]);

  constructor() {
    const http = this.http;
    effect(() => {
      if (this.prefilled || this.customer.isLoading() || this.observables.isLoading()) return;
      if (!this.observables.hasValue()) return;
      this.prefilled = true;
      const rows = this.restrictForm.controls.restrictions;
      if (rows.length !== 1 || rows.at(0).controls.value.value !== '') return;
      const suggestions = this.observables.value().suggestedRestrictions;
      if (!suggestions.length) return;
      rows.clear();
      for (const s of suggestions) {
        const row = this.restrictionRow();
        row.controls.kind.setValue(s.kind);
        row.controls.value.setValidators(this.valueValidators(s.kind));
        row.controls.value.setValue(this.inventoryName(s.kind, s.value));
        rows.push(row);
      }
    });
    this.restrictForm.controls.restrictions.valueChanges
      .pipe(
        debounceTime(PREVIEW_DEBOUNCE_MS),
        map((rows) => rows.map((r) => ({ kind: r.kind!, value: (r.value ?? '').trim() }))),
        switchMap((rows) =>
          rows.some((r) => r.value)
            ? http
                .post<{ items: RestrictionPreview[] }>(`${ticketUrl(this.data.ticket.id)}/restriction-preview`, {
                  restrictions: rows.filter((r) => r.value),
                })
                .pipe(
                  map(({ items }) => {
                    let k = 0;
                    return rows.map((r) => (r.value ? (items[k++] ?? null) : null));
                  }),
                )
            : of(rows.map(() => null)),
        ),
        takeUntilDestroyed(),
      )
      .subscribe({ next: (previews) => this.previews.set(previews), error: () => this.previews.set([]) });
  }

  /** The seat or group as the inventory spells it, so the picker shows it selected by its name. */
  private inventoryName(kind: RestrictionKind, value: string): string {
    const key = value.toLowerCase();
    if (kind === 'seat') return this.seats().find((s) => s.userId.toLowerCase() === key)?.userId ?? value;
    if (kind === 'group') return this.groups().find((g) => g.externalId.toLowerCase() === key)?.externalId ?? value;
    return value;
  }

  protected addRestriction(): void {
    this.restrictForm.controls.restrictions.push(this.restrictionRow());
  }

  protected removeRestriction(index: number): void {
    this.restrictForm.controls.restrictions.removeAt(index);
  }

  protected kindChanged(index: number, kind: RestrictionKind): void {
    const value = this.restrictForm.controls.restrictions.at(index).controls.value;
    value.setValue(kind === 'account' ? this.accountCode() : '');
    value.setValidators(this.valueValidators(kind));
    value.updateValueAndValidity();
  }

  protected submit(): void {
    const event = this.event();
    if (event) this.send(event);
  }

  protected submitReview(review: CustomerReview): void {
    this.send({ type: 'CUSTOMER_REVIEW', ...review });
  }

  private event(): TicketEvent | null {
    switch (this.kind) {
      case 'restrict': {
        if (this.restrictForm.invalid) {
          this.restrictForm.markAllAsTouched();
          return null;
        }
        const { restrictions, clientSummary, message } = this.restrictForm.getRawValue();
        const summaryChanged = this.restrictForm.controls.clientSummary.dirty && clientSummary.trim() !== '';
        return {
          type: 'RESTRICT',
          restrictions: restrictions.map((r) => ({
            kind: r.kind,
            value: r.value.trim(),
            ...(r.kind === 'ip' && r.reason.trim() ? { reason: r.reason.trim() } : {}),
            ...(r.kind === 'ip' && r.confirmBroad && this.isAdmin ? { confirmBroad: true as const } : {}),
            ...(r.expiresInHours
              ? { expiresAt: new Date(Date.now() + r.expiresInHours * 3_600_000).toISOString() }
              : {}),
          })),
          ...(summaryChanged ? { clientSummary: clientSummary.trim() } : {}),
          ...(message.trim() ? { message: message.trim() } : {}),
        };
      }
      case 'reason':
      case 'message': {
        if (this.text.invalid || !this.text.value.trim()) {
          this.text.markAsTouched();
          this.text.setErrors({ required: true });
          return null;
        }
        const value = this.text.value.trim();
        return this.kind === 'reason'
          ? { type: this.type as 'DISMISS' | 'REOPEN' | 'ESCALATE', reason: value }
          : { type: this.type as 'REQUEST_INFO' | 'RESOLVE_ESCALATION', message: value };
      }
      case 'confirm':
        return {
          type: this.type as
            'CONFIRM_SOURCE_REMOVED' | 'CONFIRM_CHARGES_ACCEPTED' | 'LIFT_RESTRICTIONS' | 'ACKNOWLEDGE',
        };
      default:
        return null;
    }
  }

  private send(event: TicketEvent): void {
    if (this.sending()) return;
    this.sending.set(true);
    this.errors.set([]);
    this.api.sendEvent(this.data.ticket.id, this.data.ticket.version, event).subscribe({
      next: (ticket) => this.dialogRef.close({ ticket }),
      error: (error: unknown) => {
        if (isTicketConflict(error)) {
          this.dialogRef.close({ conflict: errorMessages(error) });
          return;
        }
        this.errors.set(errorMessages(error));
        this.sending.set(false);
      },
    });
  }

  private restrictionRow() {
    return this.fb.group({
      kind: this.fb.control<RestrictionKind>('ip'),
      value: ['', this.valueValidators('ip')],
      reason: ['', Validators.maxLength(2_000)],
      confirmBroad: [false],
      expiresInHours: this.fb.control<number | null>(null, [Validators.min(1), Validators.max(8760)]),
    });
  }

  private valueValidators(kind: RestrictionKind) {
    return kind === 'destination'
      ? [Validators.required, Validators.pattern(/^\s*\+[1-9][0-9]{0,14}\s*$/)]
      : [Validators.required, Validators.maxLength(200)];
  }
}

/** Opens the form for `type`; emits the outcome (nothing when cancelled). */
export function openEventDialog(dialog: MatDialog, data: EventDialogData): Observable<EventDialogResult | undefined> {
  return dialog
    .open<EventDialog, EventDialogData, EventDialogResult>(EventDialog, {
      data,
      width: data.type === 'RESTRICT' ? '720px' : '560px',
      maxWidth: '95vw',
      autoFocus: 'first-tabbable',
    })
    .afterClosed();
}
