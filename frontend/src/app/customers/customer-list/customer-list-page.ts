import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { AuthService } from '../../auth/auth.service';
import { pagedList } from '../../core/paged-list';
import type { CustomerDetail } from '../customer';
import { CustomerDialog, type CustomerDialogData } from '../customer-dialog/customer-dialog';
import { CustomersApi } from '../customers-api';

const PAGE_SIZE = 50;
export const SEARCH_DEBOUNCE_MS = 300;

@Component({
  selector: 'tg-customer-list-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatTableModule,
  ],
  templateUrl: './customer-list-page.html',
  styleUrl: './customer-list-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomerListPage {
  private readonly api = inject(CustomersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);

  protected readonly columns = ['name', 'accountCode', 'timezone', 'ipCount', 'groupCount', 'seatCount'];
  protected readonly canCreate = computed(() => this.auth.hasRole(['admin']));

  protected readonly search = signal('');
  private readonly query = toSignal(
    toObservable(this.search).pipe(
      debounceTime(SEARCH_DEBOUNCE_MS),
      map((text) => text.trim()),
      distinctUntilChanged(),
    ),
    { initialValue: '' },
  );
  protected readonly customers = pagedList({
    params: () => ({ q: this.query() }),
    load: ({ q }, cursor) => this.api.list({ q, cursor, limit: PAGE_SIZE }),
  });
  protected readonly searchedFor = computed(() => this.query());

  protected open(id: string): void {
    void this.router.navigate(['/customers', id]);
  }

  protected create(): void {
    this.dialog
      .open<CustomerDialog, CustomerDialogData, CustomerDetail>(CustomerDialog, {
        data: {},
        width: '720px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .subscribe((created) => {
        if (!created) return;
        this.snackBar.open('Customer created', 'Close', { duration: 4000 });
        this.customers.reload();
      });
  }
}
