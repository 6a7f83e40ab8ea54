import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { errorMessages } from '../../core/api-error';
import { addDays, dayString, formatCost, today } from '../../core/format';
import { RESTRICTION_KIND_LABELS } from '../../tickets/ticket';
import { SeverityBadge, StateBadge } from '../../tickets/ticket-badges';
import { TicketsApi } from '../../tickets/tickets-api';
import { UsageSeriesChart } from '../../usage/usage-series/usage-series';

/** Days of usage the overview draws: the last 7, today included. */
const USAGE_DAYS = 7;

/** A customer at a glance for the NOC: its open cases, what is blocked on its account, and its last week of traffic. */
@Component({
  selector: 'tg-customer-overview',
  imports: [DatePipe, MatButtonModule, RouterLink, SeverityBadge, StateBadge, UsageSeriesChart],
  template: `
    <div class="overview">
      <section class="tg-panel" aria-labelledby="cases-heading">
        <h2 id="cases-heading">Open cases</h2>
        @if (casesError(); as messages) {
          <div class="tg-error" role="alert">
            @for (message of messages; track $index) {
              <div>{{ message }}</div>
            }
          </div>
        }
        <ul class="list">
          @for (t of cases(); track t.id) {
            <li>
              <a class="tg-mono" [routerLink]="['/tickets', t.id]">{{ t.number }}</a>
              <tg-severity-badge [severity]="t.severity" />
              <tg-state-badge [state]="t.state" />
              <span class="title">{{ t.title }}</span>
              <span class="tg-muted">{{ cost(t.exposure.cost) }}</span>
            </li>
          } @empty {
            @if (casesLoaded()) {
              <li class="tg-empty">No open cases.</li>
            }
          }
        </ul>
        <a mat-button routerLink="/tickets">Queue</a>
      </section>

      <section class="tg-panel" aria-labelledby="blocked-heading">
        <h2 id="blocked-heading">Active restrictions</h2>
        @if (restrictionsError(); as messages) {
          <div class="tg-error" role="alert">
            @for (message of messages; track $index) {
              <div>{{ message }}</div>
            }
          </div>
        }
        <ul class="list">
          @for (r of restrictions(); track r.id) {
            <li>
              <span class="tg-muted">{{ kindLabels[r.kind] }}</span>
              <span class="tg-mono">{{ r.value }}</span>
              <a class="tg-mono" [routerLink]="['/tickets', r.ticketId]">{{ r.ticketNumber || 'case' }}</a>
              <span class="tg-muted">
                since {{ r.createdAt | date: 'yyyy-MM-dd HH:mm' }}
                @if (r.expiresAt) {
                  , until {{ r.expiresAt | date: 'yyyy-MM-dd HH:mm' }}
                }
              </span>
            </li>
          } @empty {
            @if (restrictionsLoaded()) {
              <li class="tg-empty">Nothing is blocked on this account.</li>
            }
          }
        </ul>
      </section>

      <section class="usage" aria-label="Usage of the last 7 days">
        <tg-usage-series [query]="usageQuery()" />
        <a mat-button routerLink="/usage" [queryParams]="usageQuery()">Usage dashboard</a>
        <a mat-button routerLink="/calls" [queryParams]="{ customerId: customerId() }">Call records</a>
      </section>
    </div>
  `,
  styles: `
    .overview {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(360px, 100%), 1fr));
      gap: 16px;
    }
    .usage {
      grid-column: 1 / -1;
    }
    .list {
      list-style: none;
      margin: 0 0 8px;
      padding: 0;
    }
    .list li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      padding: 6px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .title {
      flex: 1 1 200px;
      overflow-wrap: anywhere;
    }
    h2 {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomerOverview {
  private readonly api = inject(TicketsApi);

  readonly customerId = input.required<string>();

  private readonly openCases = rxResource({
    params: () => this.customerId(),
    stream: ({ params: customerId }) => this.api.list({ customerId, state: 'open', limit: 20 }),
  });
  protected readonly cases = computed(() => (this.openCases.hasValue() ? this.openCases.value().items : []));
  protected readonly casesLoaded = computed(() => this.openCases.hasValue());
  protected readonly casesError = computed(() => {
    const error = this.openCases.error();
    return error ? errorMessages(error) : null;
  });

  private readonly blocked = rxResource({
    params: () => this.customerId(),
    stream: ({ params: customerId }) => this.api.customerRestrictions(customerId),
  });
  protected readonly restrictions = computed(() => (this.blocked.hasValue() ? this.blocked.value().items : []));
  protected readonly restrictionsLoaded = computed(() => this.blocked.hasValue());
  protected readonly restrictionsError = computed(() => {
    const error = this.blocked.error();
    return error ? errorMessages(error) : null;
  });

  protected readonly usageQuery = computed(() => {
    const last = today();
    return { customerId: this.customerId(), from: dayString(addDays(last, 1 - USAGE_DAYS)), to: dayString(last) };
  });

  protected readonly kindLabels = RESTRICTION_KIND_LABELS;
  protected readonly cost = formatCost;
}
