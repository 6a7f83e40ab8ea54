import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { provideNativeDateAdapter } from '@angular/material/core';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { Router } from '@angular/router';
import { of } from 'rxjs';
import { AuthService } from '../../auth/auth.service';
import { addDays, dayString, parseDay, today } from '../../core/format';
import { CustomersApi } from '../../customers/customers-api';
import { type UsageQuery, type UsageSort, WIDGETS } from '../usage';
import { UsageSeriesChart } from '../usage-series/usage-series';
import { UsageWidget } from '../usage-widget/usage-widget';

/** Days shown when the address names none: the last 7, today included. */
export const DEFAULT_DAYS = 7;

const HOUR = 3_600_000;
/** An instant to the hour, as the address and the API take it: `2026-03-01T14:00:00Z`. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const isInstant = (value: string | undefined): value is string => !!value && INSTANT.test(value);
const hourString = (ms: number) => new Date(Math.floor(ms / HOUR) * HOUR).toISOString().replace('.000Z', 'Z');

/**
 * Usage dashboards. The customer and the days live in the address (`?customerId=&from=&to=`),
 * so a view can be linked to (the CDR import report does) and survives a reload.
 */
@Component({
  selector: 'tg-usage-dashboard-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatDatepickerModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    UsageSeriesChart,
    UsageWidget,
  ],
  providers: [provideNativeDateAdapter()],
  templateUrl: './usage-dashboard-page.html',
  styleUrl: './usage-dashboard-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsageDashboardPage {
  private readonly router = inject(Router);
  private readonly customersApi = inject(CustomersApi);
  private readonly auth = inject(AuthService);

  /** Query parameters. */
  readonly customerId = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();
  readonly sort = input<string>();

  protected readonly isStaff = computed(() => {
    const user = this.auth.currentUser();
    return user !== null && user.role !== 'customer';
  });
  protected readonly customers = rxResource({
    params: () => this.isStaff(),
    stream: ({ params: staff }) =>
      staff ? this.customersApi.list({ limit: 500 }) : of({ items: [], nextCursor: null }),
  });
  protected readonly customerOptions = computed(() => (this.customers.hasValue() ? this.customers.value().items : []));
  private readonly selectedCustomer = computed(() =>
    this.customerOptions().find((customer) => customer.id === this.customerId()),
  );

  private readonly defaultRange = (() => {
    const last = today();
    return { from: dayString(addDays(last, 1 - DEFAULT_DAYS)), to: dayString(last) };
  })();
  /** Whole days (`YYYY-MM-DD`), or hours (instants) for a range shorter than a day. */
  protected readonly query = computed<UsageQuery>(() => {
    const hours = isInstant(this.from()) && isInstant(this.to()) && this.from()! < this.to()!;
    const from = hours || parseDay(this.from()) ? this.from()! : this.defaultRange.from;
    const to = hours || parseDay(this.to()) ? this.to()! : this.defaultRange.to;
    const sort: UsageSort = this.sort() === 'cost' ? 'cost' : 'minutes';
    return { customerId: this.isStaff() ? this.customerId() || null : null, from, to, sort };
  });
  protected readonly byHour = computed(() => isInstant(this.query().from));
  /** The range as the page states it: days, or hours in UTC. */
  protected readonly rangeText = computed(() => {
    const { from, to } = this.query();
    if (!this.byHour()) return `${from} to ${to}`;
    const at = (iso: string) => iso.slice(0, 16).replace('T', ' ');
    return `${at(from!)} to ${at(to!)} UTC`;
  });
  protected readonly widgets = computed(() =>
    WIDGETS.filter((widget) => !widget.allCustomers || (this.isStaff() && !this.query().customerId)),
  );

  /** What the server said it read the days in; until then what the customer list says. */
  private readonly reportedZone = signal<string | null>(null);
  protected readonly zone = computed(() => this.reportedZone() ?? this.selectedCustomer()?.timezone ?? null);

  protected readonly range = new FormGroup({
    start: new FormControl<Date | null>(null),
    end: new FormControl<Date | null>(null),
  });

  constructor() {
    effect(() => {
      const { from, to } = this.query();
      this.range.setValue({ start: parseDay(from), end: parseDay(to) }, { emitEvent: false });
    });
    // A new customer may live in another zone: forget the old one until the widgets say.
    effect(() => {
      this.query();
      this.reportedZone.set(null);
    });
    this.range.valueChanges.pipe(takeUntilDestroyed()).subscribe(({ start, end }) => {
      if (start && end && start <= end) this.navigate({ from: dayString(start), to: dayString(end) });
    });
  }

  /** The last `hours` hours, to the end of the current hour. */
  protected lastHours(hours: number): void {
    const end = Math.ceil(Date.now() / HOUR) * HOUR;
    this.navigate({ from: hourString(end - hours * HOUR), to: hourString(end) });
  }

  protected chooseSort(sort: UsageSort): void {
    this.navigate({ sort: sort === 'cost' ? 'cost' : null });
  }

  protected chooseCustomer(id: string): void {
    this.navigate({ customerId: id || null });
  }

  protected zoneReported(zone: string): void {
    this.reportedZone.set(zone);
  }

  private navigate(params: Record<string, string | null>): void {
    void this.router.navigate([], { queryParams: params, queryParamsHandling: 'merge', replaceUrl: true });
  }
}
