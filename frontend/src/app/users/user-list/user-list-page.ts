import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { ROLE_LABELS, type Role } from '../../auth/user';
import { pagedList } from '../../core/paged-list';
import type { UserAccount } from '../user-account';
import { UserDialog, type UserDialogData } from '../user-dialog/user-dialog';
import { UsersApi } from '../users-api';

@Component({
  selector: 'tg-user-list-page',
  imports: [DatePipe, RouterLink, MatButtonModule, MatIconModule, MatProgressBarModule, MatTableModule],
  templateUrl: './user-list-page.html',
  styleUrl: './user-list-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserListPage {
  private readonly api = inject(UsersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly columns = ['email', 'name', 'role', 'customer', 'active', 'lastLoginAt', 'actions'];
  protected readonly users = pagedList({
    params: () => ({}),
    load: (_params, cursor) => this.api.list({ cursor, limit: 100 }),
  });

  protected roleLabel(role: Role): string {
    return ROLE_LABELS[role] ?? role;
  }

  protected create(): void {
    this.openDialog({}, 'User created');
  }

  protected edit(user: UserAccount): void {
    this.openDialog({ user }, 'User saved');
  }

  private openDialog(data: UserDialogData, done: string): void {
    this.dialog
      .open<UserDialog, UserDialogData, UserAccount>(UserDialog, { data, width: '560px' })
      .afterClosed()
      .subscribe((saved) => {
        if (!saved) return;
        this.snackBar.open(done, 'Close', { duration: 4000 });
        this.users.reload();
      });
  }
}
