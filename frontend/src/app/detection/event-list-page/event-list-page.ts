import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { pagedList } from '../../core/paged-list';
import { CustomersApi } from '../../customers/customers-api';
import { SeverityBadge } from '../../tickets/ticket-badges';
import { SEVERITIES, type Severity } from '../../tickets/ticket';
import { type EventKind, EVENT_KINDS, eventFacts } from '../rule';
import { RulesApi } from '../rules-api';

const PAGE_SIZE = 50;

/** What the detectors raised, newest first: live events with their tickets, shadow events with none. */
@Component({
  selector: 'tg-event-list-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    SeverityBadge,
  ],
  templateUrl: './event-list-page.html',
  styleUrl: './event-list-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EventListPage {
  private readonly api = inject(RulesApi);
  private readonly customersApi = inject(CustomersApi);

  /** Query parameters: the rules page links here with `ruleId`. */
  readonly ruleId = input<string>();
  readonly shadow = input<string>();

  protected readonly rule = linkedSignal(() => this.ruleId() ?? '');
  protected readonly mode = linkedSignal(() => this.shadow() ?? '');
  protected readonly customerId = signal('');
  protected readonly kind = signal<EventKind | ''>('');
  protected readonly severity = signal<Severity | ''>('');
  /** A day (YYYY-MM-DD), from its local midnight. */
  protected readonly since = signal('');

  protected readonly events = pagedList({
    params: () => ({
      customerId: this.customerId() || null,
      kind: this.kind() || null,
      severity: this.severity() || null,
      ruleId: this.rule() || null,
      shadow: this.mode() === '' ? null : this.mode() === 'true',
      since: this.since() ? new Date(`${this.since()}T00:00`).toISOString() : null,
    }),
    load: (params, cursor) => this.api.events({ ...params, cursor, limit: PAGE_SIZE }),
  });

  private readonly customers = rxResource({ stream: () => this.customersApi.list({ limit: 500 }) });
  protected readonly customerOptions = computed(() => (this.customers.hasValue() ? this.customers.value().items : []));
  private readonly accountCodes = computed(() => new Map(this.customerOptions().map((c) => [c.id, c.accountCode])));
  private readonly rules = rxResource({ stream: () => this.api.list() });
  protected readonly ruleOptions = computed(() => (this.rules.hasValue() ? this.rules.value().items : []));
  private readonly ruleNames = computed(() => new Map(this.ruleOptions().map((r) => [r.id, r.name])));

  protected readonly kinds = EVENT_KINDS;
  protected readonly severities = SEVERITIES;
  protected readonly facts = eventFacts;
  protected readonly columns = ['detectedAt', 'customer', 'kind', 'severity', 'rule', 'why', 'ticket'];

  protected accountCode(id: string): string {
    return this.accountCodes().get(id) ?? '—';
  }

  protected ruleName(id: string | null): string {
    if (!id) return 'From outside';
    return this.ruleNames().get(id) ?? 'A deleted rule';
  }
}
