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
import { RouterLink, ActivatedRoute } from '@angular/router';
import { formatCost } from '../../core/format';
import { pagedList } from '../../core/paged-list';
import { CustomersApi } from '../../customers/customers-api';
import { CdrsApi } from '../cdrs-api';

const PAGE_SIZE = 100;

/** The stored call records, newest first, by customer and days (UTC). */
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
  private readonly customersApi = inject(CustomersApi);

  // A link may open the page filtered (a case's calls: ?customerId=&from=&to=, days as YYYY-MM-DD).
  private readonly query = inject(ActivatedRoute).snapshot.queryParamMap;
  protected readonly customerId = signal(this.query.get('customerId') ?? '');
  protected readonly from = signal(dayParam(this.query.get('from')));
  protected readonly to = signal(dayParam(this.query.get('to')));
  protected readonly cdrs = pagedList({
    params: () => ({ customerId: this.customerId() || null, from: this.from(), to: this.to() }),
    load: (params, cursor) =>
      this.api.list({
        customerId: params.customerId,
        from: params.from || undefined,
        to: params.to || undefined,
        cursor,
        limit: PAGE_SIZE,
      }),
  });
  protected readonly customers = rxResource({ stream: () => this.customersApi.list({ limit: 500 }) });
  protected readonly customerOptions = computed(() => (this.customers.hasValue() ? this.customers.value().items : []));
  private readonly customerNames = computed(() => new Map(this.customerOptions().map((c) => [c.id, c.name])));

  protected readonly columns = [
    'startedAt',
    'customer',
    'caller',
    'called',
    'country',
    'jurisdiction',
    'sourceIp',
    'sipUser',
    'billsec',
    'disposition',
    'cost',
  ];
  protected readonly cost = formatCost;

  protected customerName(id: string | null): string {
    if (!id) return 'Unassigned';
    return this.customerNames().get(id) ?? '—';
  }
}

/** A `YYYY-MM-DD` query parameter, or '' for anything else. */
function dayParam(value: string | null): string {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '';
}
