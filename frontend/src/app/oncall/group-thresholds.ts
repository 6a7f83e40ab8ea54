import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { OnCallApi, type ThresholdRequest } from './oncall-api';

/**
 * On a customer's group: the threshold increases engineers approved for it or its seats, and which seats of
 * the group now keep the defaults because they joined after the approval.
 */
@Component({
  selector: 'tg-group-thresholds',
  imports: [DatePipe],
  template: `
    @for (r of groupRequests(); track r.id) {
      <p class="tg-muted" role="note">
        Thresholds raised {{ r.decidedAt | date: 'yyyy-MM-dd' }} for {{ r.appliedTo.length }}
        {{ r.appliedTo.length === 1 ? 'seat' : 'seats' }} ({{ r.appliedTo.join(', ') }}).
        @if (newSeats(r).length) {
          Added since, with the default thresholds: {{ newSeats(r).join(', ') }}.
        } @else {
          Seats added to the group later will keep the default thresholds.
        }
      </p>
    }
    @for (r of seatRequests(); track r.id) {
      <p class="tg-muted" role="note">
        Seat {{ r.targetId }}: thresholds raised {{ r.decidedAt | date: 'yyyy-MM-dd' }}.
      </p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class GroupThresholds {
  private readonly api = inject(OnCallApi);
  readonly customerId = input.required<string>();
  readonly externalId = input.required<string>();
  readonly seatUserIds = input.required<readonly string[]>();

  private readonly approved = signal<ThresholdRequest[]>([]);
  protected readonly groupRequests = computed(() =>
    this.approved().filter((r) => r.scope === 'group' && r.targetId === this.externalId()),
  );
  protected readonly seatRequests = computed(() =>
    this.approved().filter((r) => r.scope === 'seat' && this.seatUserIds().includes(r.targetId)),
  );

  constructor() {
    effect(() =>
      this.api
        .thresholdRequests({ status: 'approved', customerId: this.customerId() })
        .subscribe({ next: (list) => this.approved.set(list) }),
    );
  }

  protected newSeats(r: ThresholdRequest): string[] {
    return this.seatUserIds().filter((s) => !r.appliedTo.includes(s));
  }
}
