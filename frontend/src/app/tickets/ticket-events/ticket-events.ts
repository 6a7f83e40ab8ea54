import { ZonedTimePipe } from '../../core/zoned-time';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { errorMessages } from '../../core/api-error';
import { eventFacts, KIND_LABELS, type RuleKind } from '../../detection/rule';
import { RulesApi } from '../../detection/rules-api';
import { SeverityBadge } from '../ticket-badges';
import { RESTRICTION_KIND_LABELS } from '../ticket';

/** Why the ticket exists: each detected event in plain words, the rule that raised it, and whom it names. */
@Component({
  selector: 'tg-ticket-events',
  imports: [ZonedTimePipe, RouterLink, SeverityBadge],
  templateUrl: './ticket-events.html',
  styleUrl: './ticket-events.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TicketEvents {
  private readonly api = inject(RulesApi);

  readonly ticketId = input.required<string>();
  /** How many events the ticket has: a new one joining refetches the list. */
  readonly eventCount = input(0);

  protected readonly events = rxResource({
    params: () => ({ ticketId: this.ticketId(), count: this.eventCount() }),
    stream: ({ params }) => this.api.events({ ticketId: params.ticketId, limit: 100 }),
  });
  /** Oldest first: the story of the case. */
  protected readonly items = computed(() => (this.events.hasValue() ? [...this.events.value().items].reverse() : []));
  protected readonly errors = computed(() => {
    const error = this.events.error();
    return error ? errorMessages(error) : null;
  });
  private readonly rules = rxResource({ stream: () => this.api.list() });
  private readonly rulesById = computed(
    () => new Map((this.rules.hasValue() ? this.rules.value().items : []).map((r) => [r.id, r])),
  );

  protected readonly facts = eventFacts;
  protected readonly restrictionLabels = RESTRICTION_KIND_LABELS;

  /** "Rule ‘International burst’ (threshold)"; an outside system's event says where it came from. */
  protected source(e: { ruleId: string | null; source: string; kind: string }): string {
    if (!e.ruleId) return e.source === 'api' ? 'Sent by an outside system' : `From ${e.source}`;
    const rule = this.rulesById().get(e.ruleId);
    return rule ? `Rule ‘${rule.name}’ (${KIND_LABELS[rule.kind as RuleKind] ?? rule.kind})` : 'A detection rule';
  }
}
