import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { Observable } from 'rxjs';
import { errorMessages } from '../../core/api-error';
import { allCountries } from '../../core/countries';
import type { ContactInput, CustomerChanges, CustomerDetail, CustomerInput } from '../customer';
import { CustomersApi } from '../customers-api';
import { matchTimeZones, timeZoneValidator } from '../time-zones';

export interface CustomerDialogData {
  /** Edit this customer; create a new one when absent. */
  customer?: CustomerDetail;
}

/** Create or edit a customer (admin). Closes with the saved customer. */
@Component({
  selector: 'tg-customer-dialog',
  imports: [
    ReactiveFormsModule,
    MatAutocompleteModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
  ],
  templateUrl: './customer-dialog.html',
  styleUrl: './customer-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomerDialog {
  private readonly api = inject(CustomersApi);
  private readonly dialogRef = inject<MatDialogRef<CustomerDialog, CustomerDetail>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly existing = inject<CustomerDialogData>(MAT_DIALOG_DATA).customer;

  protected readonly editing = this.existing !== undefined;
  protected readonly form = this.fb.group({
    name: [this.existing?.name ?? '', [Validators.required, Validators.maxLength(200)]],
    accountCode: [this.existing?.accountCode ?? '', [Validators.required, Validators.maxLength(64)]],
    timezone: [this.existing?.timezone ?? '', [Validators.required, timeZoneValidator]],
    state: [this.existing?.state ?? '', Validators.maxLength(64)],
    /** ISO 3166 alpha-2; '' = the server's CDR_HOME_COUNTRY. */
    country: [this.existing?.country ?? ''],
    contacts: this.fb.array(
      (this.existing?.contacts ?? []).map((c) => this.contactGroup(c.name, c.email ?? '', c.phone ?? '')),
    ),
  });
  private readonly timezoneText = toSignal(this.form.controls.timezone.valueChanges, {
    initialValue: this.form.controls.timezone.value,
  });
  protected readonly timeZoneOptions = computed(() => matchTimeZones(this.timezoneText()));
  protected readonly countries = allCountries();
  protected readonly saving = signal(false);
  protected readonly errors = signal<string[]>([]);

  protected addContact(): void {
    this.form.controls.contacts.push(this.contactGroup('', '', ''));
    this.form.controls.contacts.markAsDirty();
  }

  protected removeContact(index: number): void {
    this.form.controls.contacts.removeAt(index);
    this.form.controls.contacts.markAsDirty();
  }

  protected save(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.errors.set([]);
    const request: Observable<CustomerDetail> = this.existing
      ? this.api.update(this.existing.id, this.changes())
      : this.api.create(this.newCustomer());
    request.subscribe({
      next: (customer) => this.dialogRef.close(customer),
      error: (error: unknown) => {
        this.errors.set(errorMessages(error));
        this.saving.set(false);
      },
    });
  }

  private contactGroup(name: string, email: string, phone: string) {
    return this.fb.group({
      name: [name, [Validators.required, Validators.maxLength(200)]],
      email: [email, Validators.email],
      phone: [phone, Validators.maxLength(40)],
    });
  }

  private newCustomer(): CustomerInput {
    const value = this.form.getRawValue();
    const state = value.state.trim();
    return {
      name: value.name.trim(),
      accountCode: value.accountCode.trim(),
      timezone: value.timezone.trim(),
      ...(state ? { state } : {}),
      ...(value.country ? { country: value.country } : {}),
      contacts: this.contacts(),
    };
  }

  /** Only the fields the admin touched, so a PATCH never rewrites what it did not mean to. */
  private changes(): CustomerChanges {
    const { controls } = this.form;
    const changes: CustomerChanges = {};
    if (controls.name.dirty) changes.name = controls.name.value.trim();
    if (controls.accountCode.dirty) changes.accountCode = controls.accountCode.value.trim();
    if (controls.timezone.dirty) changes.timezone = controls.timezone.value.trim();
    if (controls.state.dirty) changes.state = controls.state.value.trim() || null;
    if (controls.country.dirty) changes.country = controls.country.value || null;
    if (controls.contacts.dirty) changes.contacts = this.contacts();
    return changes;
  }

  private contacts(): ContactInput[] {
    return this.form.controls.contacts.getRawValue().map((c) => ({
      name: c.name.trim(),
      ...(c.email.trim() ? { email: c.email.trim() } : {}),
      ...(c.phone.trim() ? { phone: c.phone.trim() } : {}),
    }));
  }
}
