import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { AuthService } from '../auth/auth.service';
import { errorMessages } from '../core/api-error';
import { OnCallApi, type ThresholdLevels, type ThresholdRequest } from './oncall-api';

const FIELDS = [
  ['userCallThreshold', 'User call threshold'],
  ['userBlockThreshold', 'User block threshold'],
  ['groupCallThreshold', 'Group call threshold'],
  ['groupBlockThreshold', 'Group block threshold'],
] as const;

/**
 * On a ticket: its threshold-increase requests (status, the seats an approval applied to) and, for the NOC,
 * the form to file one for a seat or a group of the ticket's customer.
 */
@Component({
  selector: 'tg-threshold-request-panel',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    @if (requests().length) {
      <ul class="plain" aria-label="Threshold requests">
        @for (r of requests(); track r.id) {
          <li>
            <strong>{{ r.scope === 'group' ? 'Group' : 'Seat' }} {{ r.targetId }}</strong
            >: {{ r.status }}
            @if (r.status === 'approved') {
              — applied to {{ r.appliedTo.join(', ') || 'no seat' }}.
              @if (r.scope === 'group') {
                <span class="tg-muted">Seats added to the group later keep the default thresholds.</span>
              }
            }
            @if (r.decisionComment) {
              <div class="tg-muted">{{ r.decidedBy }}: {{ r.decisionComment }}</div>
            }
          </li>
        }
      </ul>
    }
    @if (isNoc()) {
      <form (submit)="$event.preventDefault(); file()">
        <div class="row">
          <mat-form-field appearance="outline">
            <mat-label>Scope</mat-label>
            <mat-select [value]="scope()" (selectionChange)="scope.set($event.value)">
              <mat-option value="seat">Seat</mat-option>
              <mat-option value="group">Group</mat-option>
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ scope() === 'seat' ? 'Seat user ID' : 'Group external ID' }}</mat-label>
            <input matInput [value]="targetId()" (input)="targetId.set($any($event.target).value)" />
          </mat-form-field>
        </div>
        <div class="row">
          @for (f of fields(); track f[0]) {
            <mat-form-field appearance="outline">
              <mat-label>{{ f[1] }}</mat-label>
              <input matInput type="number" min="1" (input)="setLevel(f[0], $any($event.target).value)" />
            </mat-form-field>
          }
        </div>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>Reason</mat-label>
          <textarea matInput rows="2" [value]="reason()" (input)="reason.set($any($event.target).value)"></textarea>
        </mat-form-field>
        @if (errors(); as errors) {
          <div class="tg-error" role="alert">
            @for (message of errors; track $index) {
              <div>{{ message }}</div>
            }
          </div>
        }
        <button mat-flat-button type="submit">Request a threshold increase</button>
      </form>
    }
  `,
  styles: '.row { display: flex; flex-wrap: wrap; gap: 8px; } .wide { width: 100%; } ul.plain { padding-left: 16px; }',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ThresholdRequestPanel {
  private readonly api = inject(OnCallApi);
  private readonly auth = inject(AuthService);
  readonly ticketId = input.required<string>();

  protected readonly isNoc = computed(() => this.auth.hasRole(['technician', 'admin']));
  protected readonly requests = signal<ThresholdRequest[]>([]);
  protected readonly errors = signal<string[] | null>(null);
  protected readonly scope = signal<'seat' | 'group'>('seat');
  protected readonly targetId = signal('');
  protected readonly reason = signal('');
  private readonly levels = signal<ThresholdLevels>({});
  protected readonly fields = computed(() => (this.scope() === 'seat' ? FIELDS.slice(0, 2) : FIELDS));

  constructor() {
    effect(() => this.load(this.ticketId()));
  }

  private load(ticketId: string): void {
    this.api.thresholdRequests({ ticketId }).subscribe({ next: (list) => this.requests.set(list) });
  }

  protected setLevel(field: keyof ThresholdLevels, value: string): void {
    const n = value === '' ? undefined : Number(value);
    this.levels.update((l) => ({ ...l, [field]: n }));
  }

  protected file(): void {
    this.errors.set(null);
    const allowed = new Set<string>(this.fields().map((f) => f[0]));
    const requested = Object.fromEntries(
      Object.entries(this.levels()).filter(([k, v]) => allowed.has(k) && v !== undefined),
    ) as ThresholdLevels;
    this.api
      .fileThresholdRequest({
        ticketId: this.ticketId(),
        scope: this.scope(),
        targetId: this.targetId().trim(),
        requested,
        reason: this.reason(),
      })
      .subscribe({
        next: () => this.load(this.ticketId()),
        error: (e: unknown) => this.errors.set(errorMessages(e)),
      });
  }
}
