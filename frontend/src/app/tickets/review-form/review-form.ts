import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import type { CustomerReview, Verdict } from '../ticket';

/**
 * The customer's answer to a case: fraudulent (and the source is gone) or legitimate (and the
 * charges are accepted). Each verdict needs its own confirmation ticked, as the server requires.
 */
@Component({
  selector: 'tg-review-form',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
  ],
  templateUrl: './review-form.html',
  styleUrl: './review-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewForm {
  readonly busy = input(false);
  /** A choice made before the form opened (a review link in a mail); the customer can still change it. */
  readonly preselect = input<Verdict | null>(null);
  readonly review = output<CustomerReview>();

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    verdict: this.fb.control<Verdict | null>(null, Validators.required),
    sourceRemoved: false,
    acceptCharges: false,
    message: ['', [Validators.required, Validators.maxLength(10_000)]],
  });
  protected readonly verdict = toSignal(this.form.controls.verdict.valueChanges, { initialValue: null });
  protected readonly submitted = signal(false);
  protected readonly unconfirmed = signal(false);

  constructor() {
    effect(() => {
      const choice = this.preselect();
      if (choice && this.form.controls.verdict.pristine) this.form.controls.verdict.setValue(choice);
    });
  }

  protected submit(): void {
    this.submitted.set(true);
    const { verdict, sourceRemoved, acceptCharges, message } = this.form.getRawValue();
    const confirmed = verdict === 'fraudulent' ? sourceRemoved : verdict === 'legitimate' ? acceptCharges : false;
    this.unconfirmed.set(verdict !== null && !confirmed);
    if (this.form.invalid || !confirmed || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    const text = message.trim();
    this.review.emit(
      verdict === 'fraudulent'
        ? { verdict, message: text, sourceRemoved: true }
        : { verdict: 'legitimate', message: text, acceptCharges: true },
    );
  }
}
