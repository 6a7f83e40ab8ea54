import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { Observable } from 'rxjs';
import { AuthService } from '../../auth/auth.service';
import { errorMessages } from '../../core/api-error';
import {
  ALERT_SEVERITIES,
  type AlertContact,
  type BaselineJurisdiction,
  type DetectionSettings,
  type DetectionSettingsChange,
  JURISDICTION_LABELS,
} from '../detection';
import { DetectionApi } from '../detection-api';

const E164 = /^\+[1-9][0-9]{6,14}$/;
const JURISDICTIONS = Object.keys(JURISDICTION_LABELS) as BaselineJurisdiction[];

/** "GB, MX" → ['GB', 'MX']. */
const list = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * A customer's detection and alert settings. The NOC (admin, technician) changes everything; a customer user
 * its alert contacts, level and snooze; engineers and managers read.
 */
@Component({
  selector: 'tg-detection-settings-panel',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
  ],
  templateUrl: './detection-settings-panel.html',
  styleUrl: './detection-settings-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DetectionSettingsPanel {
  private readonly api = inject(DetectionApi);
  private readonly auth = inject(AuthService);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly snackBar = inject(MatSnackBar);

  readonly customerId = input.required<string>();
  /** The customer's time zone, to show when a snooze ends. */
  readonly timezone = input<string>();

  protected readonly settings = this.api.settings(this.customerId);
  /** The latest answer: the resource's, or what a save or snooze returned. */
  protected readonly current = signal<DetectionSettings | undefined>(undefined);
  protected readonly isNoc = computed(() => this.auth.hasRole(['admin', 'technician']));
  protected readonly canChange = computed(() => this.isNoc() || this.auth.hasRole(['customer']));
  protected readonly loadErrors = computed(() => {
    const error = this.settings.error();
    return error ? errorMessages(error) : null;
  });
  protected readonly errors = signal<string[]>([]);
  protected readonly busy = signal(false);
  protected readonly snoozedUntil = computed(() => {
    const until = this.current()?.alerts.snoozedUntil;
    return until && Date.parse(until) > Date.now() ? this.localTime(until) : null;
  });

  protected readonly severities = ALERT_SEVERITIES;
  protected readonly jurisdictions = JURISDICTIONS;
  protected readonly jurisdictionLabels = JURISDICTION_LABELS;

  protected readonly form = this.fb.group({
    detectionDisabled: [false],
    countries: [''],
    prefixes: [''],
    minSeverity: this.fb.control<string>('warning'),
    optOuts: this.fb.group(Object.fromEntries(JURISDICTIONS.map((j) => [j, this.fb.control(false)]))),
    contacts: this.fb.array<ReturnType<DetectionSettingsPanel['contactGroup']>>([]),
  });

  constructor() {
    effect(() => {
      if (this.settings.hasValue()) this.current.set(this.settings.value());
    });
    effect(() => {
      const s = this.current();
      if (s) this.fill(s);
    });
    effect(() => {
      if (!this.canChange()) this.form.disable();
      else if (!this.isNoc()) {
        for (const name of ['detectionDisabled', 'countries', 'prefixes', 'optOuts'] as const)
          this.form.controls[name].disable();
      }
    });
  }

  protected addContact(): void {
    this.form.controls.contacts.push(this.contactGroup({}));
    this.form.controls.contacts.markAsDirty();
  }

  protected removeContact(index: number): void {
    this.form.controls.contacts.removeAt(index);
    this.form.controls.contacts.markAsDirty();
  }

  protected save(): void {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.run(this.api.update(this.customerId(), this.change()), 'Detection settings saved');
  }

  protected snooze(): void {
    this.run(this.api.snooze(this.customerId()), 'Alerts snoozed for the rest of the day');
  }

  protected unsnooze(): void {
    this.run(this.api.unsnooze(this.customerId()), 'Snooze ended');
  }

  private run(request: Observable<DetectionSettings>, done: string): void {
    this.busy.set(true);
    this.errors.set([]);
    request.subscribe({
      next: (settings) => {
        this.current.set(settings);
        this.busy.set(false);
        this.snackBar.open(done, 'Close', { duration: 4000 });
      },
      error: (error: unknown) => {
        this.errors.set(errorMessages(error));
        this.busy.set(false);
      },
    });
  }

  /** What the user may change: everything for the NOC, the alert contacts and level for a customer. */
  private change(): DetectionSettingsChange {
    const v = this.form.getRawValue();
    const contacts: AlertContact[] = v.contacts.map((c) => ({
      ...(c.name.trim() ? { name: c.name.trim() } : {}),
      ...(c.email.trim() ? { email: c.email.trim() } : {}),
      ...(c.phone.trim() ? { phone: c.phone.trim() } : {}),
    }));
    const alerts = { contacts, minSeverity: v.minSeverity as DetectionSettings['alerts']['minSeverity'] };
    if (!this.isNoc()) return { alerts };
    return {
      detectionDisabled: v.detectionDisabled,
      destinationAllowList: { countries: list(v.countries).map((c) => c.toUpperCase()), prefixes: list(v.prefixes) },
      alerts: { ...alerts, optOuts: JURISDICTIONS.filter((j) => v.optOuts[j]) },
    };
  }

  private fill(s: DetectionSettings): void {
    const contacts = this.form.controls.contacts;
    contacts.clear({ emitEvent: false });
    for (const c of s.alerts.contacts) contacts.push(this.contactGroup(c), { emitEvent: false });
    if (!this.canChange()) contacts.disable({ emitEvent: false });
    this.form.patchValue({
      detectionDisabled: s.detectionDisabled,
      countries: s.destinationAllowList.countries.join(', '),
      prefixes: s.destinationAllowList.prefixes.join(', '),
      minSeverity: s.alerts.minSeverity,
      optOuts: Object.fromEntries(JURISDICTIONS.map((j) => [j, s.alerts.optOuts.includes(j)])),
    });
    this.form.markAsPristine();
  }

  private contactGroup(c: AlertContact) {
    return this.fb.group({
      name: [c.name ?? '', Validators.maxLength(200)],
      email: [c.email ?? '', [Validators.email, Validators.maxLength(320)]],
      phone: [c.phone ?? '', Validators.pattern(E164)],
    });
  }

  private localTime(iso: string): string {
    const zone = this.timezone();
    return new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
      ...(zone ? { timeZone: zone } : {}),
    }).format(new Date(iso));
  }
}
