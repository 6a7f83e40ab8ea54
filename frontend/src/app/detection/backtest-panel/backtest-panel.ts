import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { errorMessages } from '../../core/api-error';
import { SeverityBadge } from '../../tickets/ticket-badges';
import { RESTRICTION_KIND_LABELS } from '../../tickets/ticket';
import { type BacktestResult, type BacktestRule, eventFacts } from '../rule';
import { fieldErrors, type RuleField } from '../rule-form';
import { RulesApi } from '../rules-api';

const DAY_MS = 24 * 3600_000;

/** `YYYY-MM-DDTHH:mm` in the browser's zone, as a datetime-local input shows it. */
export function localInput(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** Runs the rule being edited over stored CDRs and lists what it would have raised; nothing is saved. */
@Component({
  selector: 'tg-backtest-panel',
  imports: [DatePipe, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, SeverityBadge],
  templateUrl: './backtest-panel.html',
  styleUrl: './backtest-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BacktestPanel {
  private readonly api = inject(RulesApi);

  /** The rule as the form has it now; null while the form cannot make one. */
  readonly rule = input.required<BacktestRule | null>();
  /** The API's refusals that name a field of the rule, for the editor to show there. */
  readonly fieldErrors = output<Partial<Record<RuleField, string>>>();

  private readonly now = new Date();
  protected readonly from = signal(localInput(new Date(this.now.getTime() - 7 * DAY_MS)));
  protected readonly to = signal(localInput(this.now));
  protected readonly running = signal(false);
  protected readonly errors = signal<string[] | null>(null);
  protected readonly result = signal<BacktestResult | null>(null);

  protected readonly facts = eventFacts;
  protected readonly restrictionLabels = RESTRICTION_KIND_LABELS;

  protected run(): void {
    const rule = this.rule();
    if (!rule || this.running()) return;
    const from = new Date(this.from());
    const to = new Date(this.to());
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      this.errors.set(['Pick the start and end of the range.']);
      return;
    }
    this.running.set(true);
    this.errors.set(null);
    this.api.backtest({ rule, from: from.toISOString(), to: to.toISOString() }).subscribe({
      next: (result) => {
        this.result.set(result);
        this.running.set(false);
      },
      error: (error: unknown) => {
        const { fields, other } = fieldErrors(errorMessages(error));
        this.fieldErrors.emit(fields);
        this.errors.set(other.length ? other : ['Fix the fields marked above, then run it again.']);
        this.result.set(null);
        this.running.set(false);
      },
    });
  }
}
