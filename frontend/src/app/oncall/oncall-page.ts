import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { AuthService } from '../auth/auth.service';
import { errorMessages } from '../core/api-error';
import { type Escalation, OnCallApi, type OnCallNow, type OnCallSetup, type ThresholdRequest } from './oncall-api';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const DAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** `2026-12-24T17:00` in the browser's zone ↔ an ISO instant, for datetime-local inputs. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (local: string) => new Date(local).toISOString();

/**
 * Voice engineering: who is on call now and next, the open escalations (acknowledge), threshold-increase
 * requests waiting for an engineer, and (admins) the rota editor with overrides and the escalation policy.
 */
@Component({
  selector: 'tg-oncall-page',
  imports: [
    DatePipe,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    RouterLink,
  ],
  templateUrl: './oncall-page.html',
  styleUrl: './oncall-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OnCallPage {
  private readonly api = inject(OnCallApi);
  private readonly auth = inject(AuthService);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly weekdays = WEEKDAYS;
  protected readonly dayLabels = DAY_LABELS;
  protected readonly now = signal<OnCallNow | null>(null);
  protected readonly escalations = signal<Escalation[]>([]);
  protected readonly requests = signal<ThresholdRequest[]>([]);
  protected readonly errors = signal<string[] | null>(null);
  protected readonly isEngineer = computed(() => this.auth.hasRole(['engineer']));
  protected readonly isAdmin = computed(() => this.auth.hasRole(['admin']));

  // The rota editor (admins).
  protected readonly setup = signal<OnCallSetup | null>(null);
  protected readonly engineers = signal<{ id: string; name: string }[]>([]);
  protected readonly adding = signal('');
  protected readonly saving = signal(false);
  protected readonly nameOf = computed(() => new Map(this.engineers().map((e) => [e.id, e.name])));

  constructor() {
    this.reload();
    if (this.isAdmin()) {
      this.api.setup().subscribe({
        next: (s) => this.setup.set(structuredClone(s)),
        error: (e: unknown) => this.errors.set(errorMessages(e)),
      });
      this.api.engineers().subscribe({ next: (list) => this.engineers.set(list) });
    }
  }

  protected reload(): void {
    this.api
      .now()
      .subscribe({ next: (n) => this.now.set(n), error: (e: unknown) => this.errors.set(errorMessages(e)) });
    this.api.openEscalations().subscribe({ next: (list) => this.escalations.set(list) });
    this.api.thresholdRequests({ status: 'pending' }).subscribe({ next: (list) => this.requests.set(list) });
  }

  protected acknowledge(e: Escalation): void {
    this.errors.set(null);
    this.api.acknowledge(e.ticketId).subscribe({
      next: () => this.done(`${e.ticketNumber} acknowledged`),
      error: (err: unknown) => this.errors.set(errorMessages(err)),
    });
  }

  protected decide(r: ThresholdRequest, decision: 'approve' | 'reject', comment: string): void {
    this.errors.set(null);
    this.api.decide(r.id, decision, comment.trim() || undefined).subscribe({
      next: (d) =>
        this.done(
          decision === 'approve'
            ? `Approved for ${d.appliedTo.length === 1 ? '1 seat' : `${d.appliedTo.length} seats`}`
            : 'Request rejected',
        ),
      error: (err: unknown) => this.errors.set(errorMessages(err)),
    });
  }

  protected levels(r: ThresholdRequest['requested']): string {
    const parts = [
      r.userCallThreshold !== undefined && `user call ${r.userCallThreshold}`,
      r.userBlockThreshold !== undefined && `user block ${r.userBlockThreshold}`,
      r.groupCallThreshold !== undefined && `group call ${r.groupCallThreshold}`,
      r.groupBlockThreshold !== undefined && `group block ${r.groupBlockThreshold}`,
    ];
    return parts.filter(Boolean).join(', ') || '—';
  }

  // Rota editor: each change replaces the setup signal with an edited copy.
  private edit(change: (s: OnCallSetup) => void): void {
    const s = this.setup();
    if (!s) return;
    const next = structuredClone(s);
    change(next);
    this.setup.set(next);
  }

  protected setTimezone(v: string): void {
    this.edit((s) => (s.timezone = v.trim()));
  }
  protected setHandoffDay(v: OnCallSetup['rotation']['handoffDay']): void {
    this.edit((s) => (s.rotation.handoffDay = v));
  }
  protected setHandoffTime(v: string): void {
    this.edit((s) => (s.rotation.handoffTime = v));
  }
  protected removeEngineer(i: number): void {
    this.edit((s) => s.rotation.engineers.splice(i, 1));
  }
  protected setOverrideUser(i: number, userId: string): void {
    this.edit((s) => (s.overrides[i].userId = userId));
  }
  protected removeOverride(i: number): void {
    this.edit((s) => s.overrides.splice(i, 1));
  }
  protected setHours(end: 'from' | 'to', v: string): void {
    this.edit((s) => (s.businessHours[end] = v));
  }
  protected setLevel(i: number, v: string): void {
    this.edit((s) => (s.policy.levels[i].ackTimeoutMinutes = Number(v)));
  }
  protected removeLevel(i: number): void {
    this.edit((s) => s.policy.levels.splice(i, 1));
  }
  protected addLevel(): void {
    this.edit((s) => s.policy.levels.push({ ackTimeoutMinutes: 15 }));
  }
  protected setRepeat(on: boolean): void {
    this.edit((s) => (s.policy.repeat = on));
  }
  protected setAutoRestrict(v: string): void {
    this.edit((s) => (s.policy.autoRestrictAfterMinutes = Number(v) || undefined));
  }

  protected addEngineer(): void {
    const id = this.adding();
    if (id) this.edit((s) => (s.rotation.engineers = [...s.rotation.engineers.filter((e) => e !== id), id]));
    this.adding.set('');
  }

  protected move(index: number, by: -1 | 1): void {
    this.edit((s) => {
      const list = s.rotation.engineers;
      const to = index + by;
      if (to < 0 || to >= list.length) return;
      [list[index], list[to]] = [list[to], list[index]];
    });
  }

  protected toggleDay(day: number, on: boolean): void {
    this.edit((s) => {
      const days = new Set(s.businessHours.days);
      if (on) days.add(day);
      else days.delete(day);
      s.businessHours.days = [...days].sort();
    });
  }

  protected addOverride(): void {
    const first = this.engineers()[0]?.id ?? '';
    const from = new Date();
    const to = new Date(from.getTime() + 86_400_000);
    this.edit((s) => s.overrides.push({ userId: first, from: from.toISOString(), to: to.toISOString() }));
  }

  protected localInput = toLocalInput;

  protected setOverrideTime(index: number, end: 'from' | 'to', local: string): void {
    if (!local) return;
    this.edit((s) => (s.overrides[index][end] = fromLocalInput(local)));
  }

  protected save(): void {
    const s = this.setup();
    if (!s) return;
    this.saving.set(true);
    this.errors.set(null);
    const { timezone, rotation, overrides, businessHours, policy } = s;
    const body: OnCallSetup = {
      timezone,
      rotation,
      overrides,
      businessHours,
      policy: {
        levels: policy.levels,
        repeat: policy.repeat,
        ...(policy.autoRestrictAfterMinutes
          ? { autoRestrictAfterMinutes: Number(policy.autoRestrictAfterMinutes) }
          : {}),
      },
    };
    this.api.saveSetup(body).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.setup.set(structuredClone(saved));
        this.done('Rota saved');
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.errors.set(errorMessages(err));
      },
    });
  }

  private done(message: string): void {
    this.snackBar.open(message, 'Close', { duration: 4000 });
    this.reload();
  }
}
