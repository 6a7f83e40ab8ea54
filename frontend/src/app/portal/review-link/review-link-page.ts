import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, effect, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import type { components } from '../../core/api.generated';
import { errorCode } from '../../core/api-error';

type ReviewLinkView = components['schemas']['ReviewLinkView'];

/**
 * A one-click review link from a customer mail, opened after signing in: it leads to the case's review form
 * with the choice the customer clicked already made.
 */
@Component({
  selector: 'tg-review-link-page',
  imports: [MatButtonModule, MatProgressBarModule, RouterLink],
  template: `
    <section class="tg-page">
      <h1>Your review</h1>
      @if (link.isLoading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Opening your case" />
      } @else if (problem(); as text) {
        <p class="tg-error" role="alert">{{ text }}</p>
        <a mat-flat-button routerLink="/portal">My tickets</a>
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewLinkPage {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);

  /** Route parameter `:token`. */
  readonly token = input.required<string>();

  protected readonly link = rxResource({
    params: () => this.token(),
    stream: ({ params: token }) => this.http.get<ReviewLinkView>(`/api/review-links/${encodeURIComponent(token)}`),
  });

  constructor() {
    effect(() => {
      if (!this.link.hasValue()) return;
      const { ticketId, verdict } = this.link.value();
      void this.router.navigate(['/portal/tickets', ticketId], { queryParams: { verdict }, replaceUrl: true });
    });
  }

  protected problem(): string | null {
    const error = this.link.error();
    if (!error) return null;
    return errorCode(error) === 'review_link_expired'
      ? 'This link has expired. Open your case from My tickets to give your review.'
      : 'This link is not valid. Open your case from My tickets.';
  }
}
