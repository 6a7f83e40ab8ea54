import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { formatCost, formatCount, formatMinutes } from '../../core/format';
import type { Exposure } from '../ticket';

/** A case's exposure (calls, minutes, cost), as the NOC workspace and the customer portal both show it. */
@Component({
  selector: 'tg-exposure-figures',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="figures">
      <div>
        <dt>Calls</dt>
        <dd>{{ count(exposure().calls) }}</dd>
      </div>
      <div>
        <dt>Minutes</dt>
        <dd>{{ minutes(exposure().minutes) }}</dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>{{ cost(exposure().cost) }}</dd>
      </div>
    </dl>
  `,
  styles: `
    .figures {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 28px;
      margin: 0;
    }
    dt {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
      text-transform: uppercase;
    }
    dd {
      margin: 2px 0 0;
      font: var(--mat-sys-title-large);
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class ExposureFigures {
  readonly exposure = input.required<Exposure>();
  protected readonly count = formatCount;
  protected readonly minutes = formatMinutes;
  protected readonly cost = formatCost;
}
