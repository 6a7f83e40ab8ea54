import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { filter, switchMap } from 'rxjs';
import { AuthService } from '../../auth/auth.service';
import { errorMessages } from '../../core/api-error';
import { pagedList } from '../../core/paged-list';
import { BlacklistApi } from '../blacklist-api';
import { BLACKLIST_STATUSES, type BlacklistEntry, type BlacklistStatus, STATUS_LABELS } from '../blacklist-entry';
import { ConfirmDialog, type ConfirmDialogData } from '../../core/confirm-dialog';

const PAGE_SIZE = 100;

/** IPs the brute-force rules listed (docs/api.md §Detection), newest first, with the whitelist actions. */
@Component({
  selector: 'tg-blacklist-page',
  imports: [
    DatePipe,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
  ],
  templateUrl: './blacklist-page.html',
  styleUrl: './blacklist-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BlacklistPage {
  private readonly api = inject(BlacklistApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  protected readonly statuses = BLACKLIST_STATUSES;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly columns = ['ip', 'status', 'reason', 'failures', 'lastFailureAt', 'rule', 'actions'];
  protected readonly status = signal<BlacklistStatus | ''>('');
  protected readonly actionError = signal<string[] | null>(null);
  protected readonly mayWhitelist = computed(() => this.auth.hasRole(['admin', 'technician']));
  protected readonly mayRemoveWhitelist = computed(() => this.auth.hasRole(['admin']));

  protected readonly entries = pagedList({
    params: () => ({ status: this.status() || null }),
    load: (params, cursor) => this.api.list({ ...params, cursor, limit: PAGE_SIZE }),
  });

  protected readonly errors = computed(() => this.entries.error() ?? this.actionError());
  protected readonly emptyText = computed(() => {
    if (this.entries.loading()) return 'Loading…';
    return this.status() ? 'No IPs with this status.' : 'No IP has been listed for brute force yet.';
  });

  protected statusLabel(e: BlacklistEntry): string {
    return STATUS_LABELS[e.status] ?? e.status;
  }

  /** Shadow findings were never enforced and are not on the blacklist; whitelisted ones already are off. */
  protected canWhitelist(e: BlacklistEntry): boolean {
    return this.mayWhitelist() && e.status !== 'whitelisted' && e.status !== 'shadow';
  }

  protected whitelist(e: BlacklistEntry): void {
    this.confirm({
      title: `Whitelist ${e.ip}?`,
      message:
        e.status === 'blacklisted'
          ? `${e.ip} leaves the enforcement blocklist at once, and later failures will not blacklist it again until an admin removes the whitelist.`
          : `Later failures from ${e.ip} will not blacklist it until an admin removes the whitelist.`,
      confirm: 'Whitelist',
    })
      .pipe(switchMap(() => this.api.whitelist(e.ip)))
      .subscribe({
        next: () => this.done(`${e.ip} whitelisted`),
        error: (error: unknown) => this.actionError.set(errorMessages(error)),
      });
  }

  protected removeWhitelist(e: BlacklistEntry): void {
    this.confirm({
      title: `Remove the whitelist of ${e.ip}?`,
      message: `The entry goes away, and failures from ${e.ip} may blacklist it again.`,
      confirm: 'Remove whitelist',
    })
      .pipe(switchMap(() => this.api.removeWhitelist(e.ip)))
      .subscribe({
        next: () => this.done(`Whitelist of ${e.ip} removed`),
        error: (error: unknown) => this.actionError.set(errorMessages(error)),
      });
  }

  private confirm(data: ConfirmDialogData) {
    this.actionError.set(null);
    return this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data, width: '480px' })
      .afterClosed()
      .pipe(filter((ok) => ok === true));
  }

  private done(message: string): void {
    this.snackBar.open(message, 'Close', { duration: 4000 });
    this.entries.reload();
  }
}
