import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'tg-not-found-page',
  imports: [RouterLink, MatButtonModule],
  template: `
    <section class="tg-page">
      <div class="tg-page-header"><h1>Page not found</h1></div>
      <p class="tg-muted">There is nothing at this address, or it is not yours to see.</p>
      <a mat-stroked-button routerLink="/">Go to the start page</a>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {}
