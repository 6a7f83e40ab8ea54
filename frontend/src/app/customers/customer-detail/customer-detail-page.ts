import { GroupThresholds } from '../../oncall/group-thresholds';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { Title } from '@angular/platform-browser';
import { AuthService } from '../../auth/auth.service';
import { DetectionSettingsPanel } from '../../detection/detection-settings/detection-settings-panel';
import { errorCode, errorMessages } from '../../core/api-error';
import { countryName } from '../../core/countries';
import type { CustomerDetail } from '../customer';
import { CustomerDialog, type CustomerDialogData } from '../customer-dialog/customer-dialog';
import { CustomerOverview } from '../customer-overview/customer-overview';
import { CustomersApi } from '../customers-api';

@Component({
  selector: 'tg-customer-detail-page',
  imports: [
    CustomerOverview,
    DetectionSettingsPanel,
    GroupThresholds,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTableModule,
    MatTabsModule,
  ],
  templateUrl: './customer-detail-page.html',
  styleUrl: './customer-detail-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomerDetailPage {
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  protected readonly customer = inject(CustomersApi).detail(this.id);
  protected readonly value = computed(() => (this.customer.hasValue() ? this.customer.value() : undefined));
  protected readonly errors = computed(() => {
    const error = this.customer.error();
    if (!error) return null;
    return errorCode(error) === 'customer_not_found'
      ? ['This customer does not exist, or is not yours to see.']
      : errorMessages(error);
  });
  protected readonly seatCount = computed(() =>
    (this.value()?.groups ?? []).reduce((total, group) => total + group.seats.length, 0),
  );
  protected readonly canEdit = computed(() => this.auth.hasRole(['admin']));
  /** Threshold increases are the NOC's and voice engineering's business. */
  protected readonly isStaff = computed(() => this.auth.hasRole(['admin', 'technician', 'engineer', 'manager']));

  protected seatIds(group: { seats: { userId: string }[] }): string[] {
    return group.seats.map((s) => s.userId);
  }

  protected readonly countryName = countryName;
  protected readonly seatColumns = ['userId', 'sipUsername', 'name', 'did', 'extension'];
  protected readonly contactColumns = ['name', 'email', 'phone'];

  constructor() {
    const title = inject(Title);
    effect(() => {
      const name = this.value()?.name;
      if (name) title.setTitle(`${name} · Tollgate`);
    });
  }

  protected edit(customer: CustomerDetail): void {
    this.dialog
      .open<CustomerDialog, CustomerDialogData, CustomerDetail>(CustomerDialog, {
        data: { customer },
        width: '720px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .subscribe((saved) => {
        if (!saved) return;
        this.snackBar.open('Customer saved', 'Close', { duration: 4000 });
        this.customer.reload();
      });
  }
}
