import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { filter, switchMap } from 'rxjs';
import { AuthService } from '../../auth/auth.service';
import { errorMessages } from '../../core/api-error';
import { confirmAction } from '../../core/confirm-dialog';
import { CustomersApi } from '../../customers/customers-api';
import {
  actionSummary,
  countsSummary,
  type DetectionRule,
  formatShare,
  KIND_LABELS,
  thresholdsSummary,
  windowSummary,
} from '../rule';
import { RulesApi } from '../rules-api';

/** Every detection rule: what it watches, how it acts, what it did this week and how often it was wrong. */
@Component({
  selector: 'tg-rule-list-page',
  imports: [DatePipe, RouterLink, MatButtonModule, MatIconModule, MatProgressBarModule, MatTableModule],
  templateUrl: './rule-list-page.html',
  styleUrl: './rule-list-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RuleListPage {
  private readonly api = inject(RulesApi);
  private readonly customersApi = inject(CustomersApi);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly rules = rxResource({ stream: () => this.api.list() });
  protected readonly items = computed(() => (this.rules.hasValue() ? this.rules.value().items : []));
  protected readonly loadErrors = computed(() => {
    const error = this.rules.error();
    return error ? errorMessages(error) : null;
  });
  private readonly customers = rxResource({ stream: () => this.customersApi.list({ limit: 500 }) });
  private readonly accountCodes = computed(
    () => new Map((this.customers.hasValue() ? this.customers.value().items : []).map((c) => [c.id, c.accountCode])),
  );

  protected readonly isAdmin = computed(() => this.auth.hasRole(['admin']));
  protected readonly columns = computed(() => [
    'name',
    'counts',
    'thresholds',
    'action',
    'mode',
    'lastFired',
    'week',
    'falsePositives',
    ...(this.isAdmin() ? ['actions'] : []),
  ]);
  protected readonly busy = signal<string | null>(null);
  protected readonly actionErrors = signal<string[] | null>(null);

  protected readonly counts = countsSummary;
  protected readonly window = windowSummary;
  protected readonly thresholds = thresholdsSummary;
  protected readonly action = actionSummary;
  protected readonly share = formatShare;

  protected kindLabel(rule: DetectionRule): string {
    return KIND_LABELS[rule.kind];
  }

  protected scope(rule: DetectionRule): string {
    if (rule.scope === 'global') return 'Global';
    return this.accountCodes().get(rule.customerId ?? '') ?? 'One customer';
  }

  /** "3 (1 block)"; a shadow rule's count is what it would have raised. */
  protected week(rule: DetectionRule): string {
    const w = rule.week;
    if (w.events === 0) return 'None';
    const parts = [w.blocks && `${w.blocks} block`, w.warnings && `${w.warnings} warn`].filter(Boolean);
    return parts.length ? `${w.events} (${parts.join(', ')})` : `${w.events}`;
  }

  /** "1 of 3 closed" beside the share, so a share of one ticket is not read as a trend. */
  protected closed(rule: DetectionRule): string {
    const o = rule.outcomes;
    const closed = o.confirmedFraud + o.legitimate + o.dismissed;
    return closed === 0 ? `${o.tickets} open` : `${o.legitimate + o.dismissed} of ${closed} closed`;
  }

  protected promote(rule: DetectionRule): void {
    confirmAction(this.dialog, {
      title: `Promote “${rule.name}” to live?`,
      message:
        `This week it would have raised ${rule.week.events} event(s) for ${rule.week.customers} customer(s). ` +
        'Live, its events open tickets and its blocks restrict at once.',
      confirm: 'Promote to live',
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.busy.set(rule.id);
          return this.api.update(rule.id, { mode: 'live' });
        }),
      )
      .subscribe(this.saved(`${rule.name} is live`));
  }

  protected setEnabled(rule: DetectionRule, enabled: boolean): void {
    this.busy.set(rule.id);
    this.api.update(rule.id, { enabled }).subscribe(this.saved(`${rule.name} ${enabled ? 'enabled' : 'disabled'}`));
  }

  private saved(message: string) {
    this.actionErrors.set(null);
    return {
      next: (updated: DetectionRule) => {
        this.rules.value.update((list) =>
          list ? { items: list.items.map((r) => (r.id === updated.id ? updated : r)) } : list,
        );
        this.busy.set(null);
        this.snackBar.open(message, 'Close', { duration: 4000 });
      },
      error: (error: unknown) => {
        this.actionErrors.set(errorMessages(error));
        this.busy.set(null);
      },
    };
  }
}
