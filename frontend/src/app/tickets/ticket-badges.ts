import { ChangeDetectionStrategy, Component, computed, input, booleanAttribute } from '@angular/core';
import { customerState } from '../portal/customer-words';
import { type CaseState, ESCALATION_LABELS, type Escalation, type Severity, STATE_LABELS, STATE_TONES } from './ticket';

/** A severity as text plus colour (never colour alone). */
@Component({
  selector: 'tg-severity-badge',
  template: `<span class="tg-badge" [class]="'tg-badge tg-sev-' + severity()">{{ severity() }}</span>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SeverityBadge {
  readonly severity = input.required<Severity>();
}

@Component({
  selector: 'tg-state-badge',
  template: `<span [class]="'tg-badge tg-state-' + tone()">{{ label() }}</span>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StateBadge {
  readonly state = input.required<CaseState>();
  /** The customer's words (portal): where the case stands and who moves next. */
  readonly forCustomer = input(false, { transform: booleanAttribute });
  protected readonly tone = computed(() => STATE_TONES[this.state()] ?? 'closed');
  protected readonly label = computed(() =>
    this.forCustomer() ? customerState(this.state()) : (STATE_LABELS[this.state()] ?? this.state()),
  );
}

@Component({
  selector: 'tg-escalation-badge',
  template: `@if (escalation() !== 'idle') {
    <span class="tg-badge tg-sev-urgent">{{ label() }}</span>
  }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EscalationBadge {
  readonly escalation = input.required<Escalation>();
  protected readonly label = computed(() => ESCALATION_LABELS[this.escalation()] ?? this.escalation());
}
