import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import {
  type AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { debounceTime, distinctUntilChanged, filter, map, type Observable } from 'rxjs';
import { ROLE_LABELS, ROLES, type Role } from '../../auth/user';
import { errorMessages } from '../../core/api-error';
import { CustomersApi } from '../../customers/customers-api';
import { MIN_PASSWORD_LENGTH, type NewUser, type UserAccount, type UserChanges } from '../user-account';
import { UsersApi } from '../users-api';

export interface UserDialogData {
  /** Edit this user; create a new one when absent. */
  user?: UserAccount;
}

export interface CustomerOption {
  id: string;
  name: string;
  accountCode?: string;
}

export const CUSTOMER_SEARCH_DEBOUNCE_MS = 250;

function isCustomerOption(value: unknown): value is CustomerOption {
  return typeof value === 'object' && value !== null && typeof (value as CustomerOption).id === 'string';
}

/** A customer user must be tied to a customer picked from the list (typed text is not enough). */
function customerForCustomerRole(control: AbstractControl): ValidationErrors | null {
  const role = control.parent?.get('role')?.value as Role | undefined;
  return role === 'customer' && !isCustomerOption(control.value) ? { customerRequired: true } : null;
}

/** E.164: a plus, the country code, the number; the server also checks the numbering plan. */
const E164 = /^\s*\+[1-9][0-9]{6,14}\s*$/;

/** Create a user, or change an existing one's name, role, customer, active flag or password (admin). */
@Component({
  selector: 'tg-user-dialog',
  imports: [
    ReactiveFormsModule,
    MatAutocompleteModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
  ],
  templateUrl: './user-dialog.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserDialog {
  private readonly usersApi = inject(UsersApi);
  private readonly customersApi = inject(CustomersApi);
  private readonly dialogRef = inject<MatDialogRef<UserDialog, UserAccount>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly existing = inject<UserDialogData>(MAT_DIALOG_DATA).user;

  protected readonly editing = this.existing !== undefined;
  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly minPasswordLength = MIN_PASSWORD_LENGTH;

  protected readonly form = this.fb.group({
    email: [{ value: this.existing?.email ?? '', disabled: this.editing }, [Validators.required, Validators.email]],
    name: [this.existing?.name ?? '', [Validators.required, Validators.maxLength(200)]],
    role: this.fb.control<Role | ''>(this.existing?.role ?? '', Validators.required),
    customer: this.fb.control<CustomerOption | string>(
      this.existing?.customerId
        ? { id: this.existing.customerId, name: this.existing.customerName ?? this.existing.customerId }
        : '',
      customerForCustomerRole,
    ),
    password: [
      '',
      this.editing
        ? [Validators.minLength(MIN_PASSWORD_LENGTH)]
        : [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)],
    ],
    phone: [this.existing?.phone ?? '', Validators.pattern(E164)],
    active: [this.existing?.active ?? true],
  });

  protected readonly role = toSignal(this.form.controls.role.valueChanges, {
    initialValue: this.form.controls.role.value,
  });
  private readonly customerSearch = toSignal(
    this.form.controls.customer.valueChanges.pipe(
      filter((value): value is string => typeof value === 'string'),
      debounceTime(CUSTOMER_SEARCH_DEBOUNCE_MS),
      map((text) => text.trim()),
      distinctUntilChanged(),
    ),
    { initialValue: '' },
  );
  protected readonly customerOptions = rxResource({
    params: () => (this.role() === 'customer' ? { q: this.customerSearch() } : undefined),
    stream: ({ params }) => this.customersApi.list({ q: params.q, limit: 20 }).pipe(map((page) => page.items)),
  });
  protected readonly customerChoices = computed(() =>
    this.customerOptions.hasValue() ? this.customerOptions.value() : [],
  );
  protected readonly saving = signal(false);
  protected readonly errors = signal<string[]>([]);

  constructor() {
    this.form.controls.role.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.form.controls.customer.updateValueAndValidity());
  }

  protected displayCustomer(value: CustomerOption | string | null): string {
    if (!isCustomerOption(value)) return value ?? '';
    return value.accountCode ? `${value.name} (${value.accountCode})` : value.name;
  }

  protected save(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.errors.set([]);
    const request: Observable<UserAccount> = this.existing
      ? this.usersApi.update(this.existing.id, this.changes())
      : this.usersApi.create(this.newUser());
    request.subscribe({
      next: (user) => this.dialogRef.close(user),
      error: (error: unknown) => {
        this.errors.set(errorMessages(error));
        this.saving.set(false);
      },
    });
  }

  private customerId(): string | undefined {
    const value = this.form.controls.customer.value;
    return isCustomerOption(value) ? value.id : undefined;
  }

  private newUser(): NewUser {
    const value = this.form.getRawValue();
    const role = value.role as Role;
    const customerId = this.customerId();
    return {
      email: value.email.trim(),
      password: value.password,
      name: value.name.trim(),
      role,
      ...(role === 'customer' && customerId ? { customerId } : {}),
      ...(value.phone.trim() ? { phone: value.phone.trim() } : {}),
    };
  }

  /** Only what the admin changed. */
  private changes(): UserChanges {
    const { controls } = this.form;
    const role = controls.role.value as Role;
    const changes: UserChanges = {};
    if (controls.name.dirty) changes.name = controls.name.value.trim();
    if (controls.role.dirty && role !== this.existing?.role) changes.role = role;
    if (role === 'customer') {
      const customerId = this.customerId();
      if (customerId && customerId !== this.existing?.customerId) changes.customerId = customerId;
    } else if (this.existing?.customerId) {
      changes.customerId = null;
    }
    if (controls.active.dirty) changes.active = controls.active.value;
    if (controls.phone.dirty && controls.phone.value.trim() !== (this.existing?.phone ?? ''))
      changes.phone = controls.phone.value.trim() || null;
    if (controls.password.value) changes.password = controls.password.value;
    return changes;
  }
}
