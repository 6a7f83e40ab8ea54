import { ChangeDetectionStrategy, Component, computed, input, booleanAttribute } from '@angular/core';
import { CUSTOMER_STEP_WORDS } from '../../portal/customer-words';
import type { CaseState, Verdict } from '../ticket';

interface Step {
  label: string;
  status: 'done' | 'current' | 'todo';
}

// Where each state sits on the way to resolution; the server alone decides what may happen next.
const POSITION: Readonly<Record<CaseState, number>> = {
  detected: 0,
  restricted: 1,
  customer_reviewed: 2,
  source_removed: 3,
  charges_accepted: 3,
  restrictions_lifted: 4,
  dismissed: -1,
};

/** The case's place in the lifecycle, as a row of steps. */
@Component({
  selector: 'tg-lifecycle',
  template: `
    <ol class="steps" aria-label="Lifecycle">
      @for (step of steps(); track $index) {
        <li [class]="step.status" [attr.aria-current]="step.status === 'current' ? 'step' : null">
          <span class="dot" aria-hidden="true">{{ step.status === 'done' ? '✓' : $index + 1 }}</span>
          <span class="label">{{ step.label }}</span>
          @if (step.status === 'done') {
            <span class="tg-visually-hidden">(done)</span>
          }
        </li>
      }
    </ol>
    @if (state() === 'dismissed') {
      <p class="dismissed">
        {{
          forCustomer()
            ? 'Closed — no fraud found.'
            : 'Dismissed as a false positive. Reopening starts again from Detected.'
        }}
      </p>
    }
  `,
  styleUrl: './lifecycle.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Lifecycle {
  readonly state = input.required<CaseState>();
  readonly verdict = input<Verdict | null | undefined>(null);
  /** The customer's words (portal) instead of the NOC's state names. */
  readonly forCustomer = input(false, { transform: booleanAttribute });

  protected readonly steps = computed<Step[]>(() => {
    const state = this.state();
    const verdict = this.verdict();
    const outcome =
      state === 'source_removed' || (state !== 'charges_accepted' && verdict === 'fraudulent')
        ? 'Source removed'
        : state === 'charges_accepted' || verdict === 'legitimate'
          ? 'Charges accepted'
          : 'Source removed / charges accepted';
    const labels = this.forCustomer()
      ? CUSTOMER_STEP_WORDS.map((word, i) => (i === 3 ? outcome : word))
      : ['Detected', 'Restricted', 'Customer reviewed', outcome, 'Restrictions lifted'];
    const at = POSITION[state] ?? -1;
    return labels.map((label, i) => ({
      label,
      status: at < 0 ? 'todo' : i < at || state === 'restrictions_lifted' ? 'done' : i === at ? 'current' : 'todo',
    }));
  });
}
