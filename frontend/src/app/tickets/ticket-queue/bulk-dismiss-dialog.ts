import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { map, type Observable } from 'rxjs';

/** Asks why before dismissing the selected cases; closes with the reason, or nothing when cancelled. */
@Component({
  selector: 'tg-bulk-dismiss-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()">
      <h2 mat-dialog-title>Dismiss {{ count }} {{ count === 1 ? 'case' : 'cases' }}</h2>
      <mat-dialog-content>
        <p class="message">Each case keeps the reason in its timeline. Cases that moved on are refused, not changed.</p>
        <mat-form-field class="reason">
          <mat-label>Reason</mat-label>
          <textarea matInput formControlName="reason" rows="3" cdkFocusInitial></textarea>
          @if (form.controls.reason.hasError('required')) {
            <mat-error>Say why these cases are dismissed</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button mat-flat-button type="submit">Dismiss</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .message {
      max-width: 480px;
      margin: 0 0 12px;
    }
    .reason {
      width: min(480px, 80vw);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BulkDismissDialog {
  protected readonly count = inject<{ count: number }>(MAT_DIALOG_DATA).count;
  private readonly ref = inject<MatDialogRef<BulkDismissDialog, string>>(MatDialogRef);
  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: ['', [Validators.required, Validators.pattern(/\S/), Validators.maxLength(2000)]],
  });

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.ref.close(this.form.getRawValue().reason.trim());
  }
}

export function askDismissReason(dialog: MatDialog, count: number): Observable<string | null> {
  return dialog
    .open<BulkDismissDialog, { count: number }, string>(BulkDismissDialog, { data: { count }, maxWidth: '95vw' })
    .afterClosed()
    .pipe(map((reason) => reason ?? null));
}
