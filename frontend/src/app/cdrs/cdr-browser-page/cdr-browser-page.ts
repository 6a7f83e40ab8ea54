import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { map, of, type Observable } from 'rxjs';
import { AuthService } from '../../auth/auth.service';
import { errorMessages } from '../../core/api-error';
import { allCountries, countryName } from '../../core/countries';
import { formatCost } from '../../core/format';
import type { Page } from '../../core/page';
import { pagedList } from '../../core/paged-list';
import { CustomersApi } from '../../customers/customers-api';
import type { CaseCall } from '../../tickets/ticket';
import { TicketsApi } from '../../tickets/tickets-api';
import type { Cdr } from '../cdr';
import { CdrsApi } from '../cdrs-api';

const PAGE_SIZE = 100;

/** One line of the table, whether it comes from the call records or from a case's calls. */
interface CallRow {
  id: string;
  startedAt: string;
  customerId: string | null;
  caller: string;
  called: string;
  country: string;
  seat: string;
  sourceIp: string;
  billsec: number;
  disposition: string;
  cost: number | null;
}

interface Filters {
  customerId: string;
  from: string;
  to: string;
  number: string;
  ip: string;
  seat: string;
  country: string;
  ticket: string;
}

const FILTER_KEYS = ['customerId', 'from', 'to', 'number', 'ip', 'seat', 'country', 'ticket'] as const;

/**
 * The stored call records, newest first: by customer, days (UTC), number, source IP, seat and country, or the calls
 * of one case. The filters live in the address, so a case links here and a view survives a reload. Every role:
 * the API gives a customer user its own calls only.
 */
@Component({
  selector: 'tg-cdr-browser-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
  ],
  templateUrl: './cdr-browser-page.html',
  styleUrl: './cdr-browser-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CdrBrowserPage {
  private readonly api = inject(CdrsApi);
  private readonly ticketsApi = inject(TicketsApi);
  private readonly customersApi = inject(CustomersApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly isStaff = inject(AuthService).hasRole(['admin', 'technician', 'engineer', 'manager']);

  protected readonly filters = signal<Filters>(readFilters(this.route.snapshot.queryParamMap));
  protected readonly countries = allCountries();

  protected readonly calls = pagedList<CallRow, Filters>({
    params: () => this.filters(),
    load: (f, cursor) => (f.ticket ? this.caseCalls(f.ticket, cursor) : this.records(f, cursor)),
  });
  /** The case whose calls are shown, for its number and a link back. */
  protected readonly ticket = rxResource({
    params: () => this.filters().ticket,
    stream: ({ params: id }) => (id ? this.ticketsApi.get(id) : of(null)),
  });
  protected readonly ticketNumber = computed(() => (this.ticket.hasValue() ? this.ticket.value()?.number : null));
  protected readonly ticketLink = computed(() => {
    const id = this.filters().ticket;
    return this.isStaff ? ['/tickets', id] : ['/portal/tickets', id];
  });
  protected readonly caseError = signal<string[] | null>(null);

  protected readonly customers = rxResource({
    params: () => this.isStaff,
    stream: ({ params: staff }) =>
      staff ? this.customersApi.list({ limit: 500 }) : of({ items: [], nextCursor: null }),
  });
  protected readonly customerOptions = computed(() => (this.customers.hasValue() ? this.customers.value().items : []));
  private readonly customerNames = computed(() => new Map(this.customerOptions().map((c) => [c.id, c.name])));

  protected readonly columns = [
    'startedAt',
    ...(this.isStaff ? ['customer'] : []),
    'caller',
    'called',
    'country',
    'seat',
    'sourceIp',
    'billsec',
    'disposition',
    'cost',
  ];
  protected readonly cost = formatCost;

  protected customerName(id: string | null): string {
    if (!id) return 'Unassigned';
    return this.customerNames().get(id) ?? '—';
  }

  /** Sets one filter (empty clears it) and puts the filters in the address. */
  protected set(key: keyof Filters, value: string): void {
    const next = { ...this.filters(), [key]: value.trim() };
    this.filters.set(next);
    void this.router.navigate([], {
      queryParams: Object.fromEntries(FILTER_KEYS.map((k) => [k, next[k] || null])),
      replaceUrl: true,
    });
  }

  /** A case by its number (`FRD-000123`, `123`): its calls replace the other filters. */
  protected findCase(text: string): void {
    const q = text.trim();
    this.caseError.set(null);
    if (!q) {
      this.set('ticket', '');
      return;
    }
    this.ticketsApi.list({ q, limit: 5 }).subscribe({
      next: (page) => {
        const digits = q.replace(/\D/g, '');
        const found = page.items.find(
          (t) => t.number.replace(/\D/g, '').replace(/^0+/, '') === digits.replace(/^0+/, ''),
        );
        if (found) this.set('ticket', found.id);
        else this.caseError.set([`No case ${q}.`]);
      },
      error: (error: unknown) => this.caseError.set(errorMessages(error)),
    });
  }

  private records(f: Filters, cursor: string | null): Observable<Page<CallRow>> {
    return this.api
      .list({
        customerId: this.isStaff ? f.customerId || null : null,
        from: f.from || undefined,
        to: f.to || undefined,
        number: f.number,
        ip: f.ip,
        seat: f.seat,
        country: f.country,
        cursor,
        limit: PAGE_SIZE,
      })
      .pipe(map((page) => ({ ...page, items: page.items.map(fromRecord) })));
  }

  private caseCalls(ticketId: string, cursor: string | null): Observable<Page<CallRow>> {
    return this.ticketsApi
      .calls(ticketId, { sort: '-startedAt', cursor, limit: PAGE_SIZE })
      .pipe(map((page) => ({ ...page, items: page.items.map(fromCaseCall) })));
  }
}

function fromRecord(c: Cdr): CallRow {
  return {
    id: c.id,
    startedAt: c.startedAt,
    customerId: c.customerId,
    caller: c.callerE164 || c.callerNumber || '—',
    called: c.calledE164 || c.calledNumber,
    country: c.countryName || countryName(c.country) || '—',
    seat: c.seatName || c.sipUser || '—',
    sourceIp: c.sourceIp || '—',
    billsec: c.billsec,
    disposition: c.disposition || '—',
    cost: c.cost,
  };
}

function fromCaseCall(c: CaseCall): CallRow {
  return {
    id: c.id,
    startedAt: c.startedAt,
    customerId: null,
    caller: c.caller || '—',
    called: c.calledE164 || c.called,
    country: c.countryName || countryName(c.country) || '—',
    seat: c.seat || c.sipUser || '—',
    sourceIp: c.sourceIp || '—',
    billsec: c.billsec,
    disposition: c.disposition || '—',
    cost: c.cost,
  };
}

function readFilters(query: { get(name: string): string | null }): Filters {
  const text = (name: string, pattern: RegExp) => {
    const value = query.get(name)?.trim() ?? '';
    return pattern.test(value) ? value : '';
  };
  return {
    customerId: text('customerId', /^[0-9a-z-]{1,64}$/i),
    from: text('from', /^\d{4}-\d{2}-\d{2}$/),
    to: text('to', /^\d{4}-\d{2}-\d{2}$/),
    number: text('number', /^\+?\d{2,15}$/),
    ip: text('ip', /^[0-9a-f.:/]{2,50}$/i),
    seat: text('seat', /^.{1,200}$/),
    country: text('country', /^[A-Z]{2}$/),
    ticket: text('ticket', /^[0-9a-f-]{36}$/i),
  };
}
