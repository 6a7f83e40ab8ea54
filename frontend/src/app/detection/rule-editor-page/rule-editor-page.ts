import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { map } from 'rxjs';
import { errorCode, errorMessages } from '../../core/api-error';
import { CustomersApi } from '../../customers/customers-api';
import { BacktestPanel } from '../backtest-panel/backtest-panel';
import {
  type BacktestRule,
  type DetectionRule,
  formatShare,
  GLOBAL_ONLY_KINDS,
  KIND_HINTS,
  KIND_LABELS,
  RULE_KINDS,
  type RuleKind,
} from '../rule';
import {
  EMPTY_RULE,
  fieldErrors,
  formValueOf,
  kindDefaults,
  paramsOf,
  type RuleField,
  type RuleFormValue,
  seatDefaults,
} from '../rule-form';
import { BRUTE_FORCE_SOURCES, FILTER_KINDS, FILTER_LABELS, JURISDICTIONS, type Jurisdiction } from '../rule-params';
import { RulesApi } from '../rules-api';

type RuleControls = { [K in RuleField]: FormControl<RuleFormValue[K]> };

function ruleForm(v: RuleFormValue): FormGroup<RuleControls> {
  const controls = Object.fromEntries(
    Object.entries(v).map(([key, value]) => [key, new FormControl(value, { nonNullable: true })]),
  );
  return new FormGroup(controls as unknown as RuleControls);
}

/** Create or edit a detection rule (admin), with a backtest of the form's rule before it is saved. */
@Component({
  selector: 'tg-rule-editor-page',
  imports: [
    BacktestPanel,
    NgTemplateOutlet,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
    MatSelectModule,
  ],
  templateUrl: './rule-editor-page.html',
  styleUrl: './rule-editor-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RuleEditorPage {
  private readonly api = inject(RulesApi);
  private readonly customersApi = inject(CustomersApi);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);

  /** Route parameter `:id`; absent for a new rule. */
  readonly id = input<string>();
  protected readonly editing = computed(() => !!this.id());

  protected readonly form = ruleForm(EMPTY_RULE);
  protected readonly value = toSignal(this.form.valueChanges.pipe(map(() => this.form.getRawValue())), {
    initialValue: this.form.getRawValue(),
  });

  protected readonly existing = rxResource({
    params: () => this.id(),
    stream: ({ params: id }) => this.api.get(id),
  });
  protected readonly rule = computed<DetectionRule | undefined>(() =>
    this.existing.hasValue() ? this.existing.value() : undefined,
  );
  protected readonly loadErrors = computed(() => {
    const error = this.existing.error();
    if (!error) return null;
    return errorCode(error) === 'detection_rule_not_found' ? ['This rule does not exist.'] : errorMessages(error);
  });
  private readonly customers = rxResource({ stream: () => this.customersApi.list({ limit: 500 }) });
  protected readonly customerOptions = computed(() => (this.customers.hasValue() ? this.customers.value().items : []));

  protected readonly kinds = RULE_KINDS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly kindHints = KIND_HINTS;
  protected readonly filterKinds = FILTER_KINDS;
  protected readonly filterLabels = FILTER_LABELS;
  protected readonly jurisdictionOptions = JURISDICTIONS;
  protected readonly sourceOptions = BRUTE_FORCE_SOURCES;
  protected readonly share = formatShare;
  protected readonly seatFields: { field: RuleField; label: string }[] = [
    { field: 'seatWarn', label: 'Seat warns at' },
    { field: 'seatBlock', label: 'Seat blocks at' },
    { field: 'groupWarn', label: 'Group warns at' },
    { field: 'groupBlock', label: 'Group blocks at' },
  ];
  protected readonly baselineFields: { field: RuleField; label: string }[] = [
    { field: 'levelNotify', label: 'Notify above normal (%)' },
    { field: 'levelWarning', label: 'Warning above normal (%)' },
    { field: 'levelUrgent', label: 'Urgent above normal (%)' },
    { field: 'minMinutes', label: 'Minimum minutes in the hour' },
  ];

  protected readonly saving = signal(false);
  protected readonly errors = signal<string[]>([]);
  /** The API's refusal of each field, shown at the field. */
  protected readonly serverErrors = signal<Partial<Record<RuleField, string>>>({});

  /** The form's rule as the backtest takes it. */
  protected readonly backtestRule = computed<BacktestRule>(() => {
    const v = this.value();
    return {
      ...(this.id() ? { id: this.id() } : {}),
      ...(v.name.trim() ? { name: v.name.trim() } : {}),
      kind: v.kind,
      scope: v.scope,
      ...(v.scope === 'customer' ? { customerId: v.customerId } : {}),
      params: paramsOf(v) as unknown as Record<string, unknown>,
    };
  });

  constructor() {
    effect(() => {
      const rule = this.rule();
      if (!rule) return;
      this.form.reset(formValueOf(rule));
      this.form.controls.kind.disable();
      this.form.controls.scope.disable();
      this.form.controls.customerId.disable();
    });
  }

  protected pickKind(kind: RuleKind): void {
    this.form.patchValue(kindDefaults(kind));
    if (GLOBAL_ONLY_KINDS.includes(kind)) this.form.controls.scope.disable();
    else this.form.controls.scope.enable();
    this.serverErrors.set({});
  }

  protected pickSeatDestinations(destinations: RuleFormValue['seatDestinations']): void {
    this.form.patchValue(seatDefaults(destinations));
  }

  protected toggle<K extends 'jurisdictions' | 'sources'>(field: K, item: RuleFormValue[K][number], on: boolean): void {
    const control = this.form.controls[field] as FormControl<string[]>;
    const now = control.value.filter((x) => x !== item);
    control.setValue(on ? [...now, item] : now);
    control.markAsDirty();
    this.serverErrors.update(({ [field]: _, ...rest }) => rest);
  }

  protected has(field: 'jurisdictions' | 'sources', item: Jurisdiction | string): boolean {
    return (this.value()[field] as string[]).includes(item);
  }

  /** Field errors from a backtest land where a save's would. */
  protected showFieldErrors(fields: Partial<Record<RuleField, string>>): void {
    this.serverErrors.set(fields);
    for (const [field, message] of Object.entries(fields)) {
      const control = this.form.controls[field as RuleField];
      control.setErrors({ server: message });
      control.markAsTouched();
    }
  }

  protected save(): void {
    const v = this.form.getRawValue();
    if (!v.name.trim()) {
      this.showFieldErrors({ name: 'Give the rule a name' });
      return;
    }
    if (this.saving()) return;
    this.saving.set(true);
    this.errors.set([]);
    this.serverErrors.set({});
    const params = paramsOf(v) as unknown as Record<string, unknown>;
    const id = this.id();
    const request = id
      ? this.api.update(id, { name: v.name.trim(), mode: v.mode, enabled: v.enabled, params })
      : this.api.create({
          name: v.name.trim(),
          kind: v.kind,
          scope: v.scope,
          ...(v.scope === 'customer' ? { customerId: v.customerId } : {}),
          mode: v.mode,
          enabled: v.enabled,
          params,
        });
    request.subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.snackBar.open(`${saved.name} saved (${saved.mode})`, 'Close', { duration: 4000 });
        void this.router.navigate(['/rules']);
      },
      error: (error: unknown) => {
        const { fields, other } = fieldErrors(errorMessages(error));
        this.showFieldErrors(fields);
        this.errors.set(other);
        this.saving.set(false);
      },
    });
  }
}
