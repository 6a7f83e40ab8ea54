import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { errorMessages } from '../../core/api-error';
import type { components } from '../../core/api.generated';
import { ZonedTimePipe } from '../../core/zoned-time';
import { stateLabel } from '../ticket';
import { ticketUrl } from '../tickets-api';

type Schemas = components['schemas'];
export type CaseObservable = Schemas['CaseObservable'];
export type ObservableKind = Schemas['ObservableKind'];

export const OBSERVABLE_LABELS: Readonly<Record<ObservableKind, string>> = {
  seat: 'Seat',
  sip_user: 'SIP user',
  group: 'Group',
  ip: 'Source IP',
  destination: 'Destination',
  country: 'Country',
  rule: 'Rule',
  carrier_ref: 'Carrier reference',
};

/**
 * What the case's events name (seat, SIP user, IP, destinations, countries, the rule and its thresholds, the
 * carrier's reference), each with the other cases it appears in: the NOC sees a pattern across customers.
 */
@Component({
  selector: 'tg-case-observables',
  imports: [RouterLink, ZonedTimePipe],
  templateUrl: './case-observables.html',
  styleUrl: './case-observables.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseObservables {
  private readonly http = inject(HttpClient);
  readonly ticketId = input.required<string>();
  /** A new event joining the case refetches the list. */
  readonly eventCount = input(0);

  protected readonly observables = rxResource({
    params: () => ({ id: this.ticketId(), count: this.eventCount() }),
    stream: ({ params }) => this.http.get<{ items: CaseObservable[] }>(`${ticketUrl(params.id)}/observables`),
  });
  protected readonly items = computed(() => (this.observables.hasValue() ? this.observables.value().items : []));
  protected readonly errors = computed(() =>
    this.observables.error() ? errorMessages(this.observables.error()) : null,
  );
  protected readonly kindLabels = OBSERVABLE_LABELS;
  protected readonly stateLabel = stateLabel;
}
