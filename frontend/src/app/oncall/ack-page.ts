import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { errorMessages } from '../core/api-error';
import { OnCallApi, type PageLink } from './oncall-api';

/**
 * `/ack/:token`, the link in a page's mail and SMS: opened on the engineer's phone without signing in, it
 * shows the page and acknowledges it with one tap (a POST, so a mail scanner that follows links does not).
 */
@Component({
  selector: 'tg-ack-page',
  imports: [MatButtonModule],
  template: `
    <main class="ack">
      <h1>Tollgate page</h1>
      @if (errors(); as errors) {
        <div class="tg-error" role="alert">
          @for (message of errors; track $index) {
            <div>{{ message }}</div>
          }
        </div>
      }
      @if (page(); as p) {
        <p>
          <strong>{{ p.ticketNumber }}</strong> — {{ p.title }}
        </p>
        <p>Level {{ p.level }} page to {{ p.engineerName }} · severity {{ p.severity }}</p>
        @if (p.escalation === 'paging') {
          <button mat-flat-button type="button" [disabled]="busy()" (click)="acknowledge()">Acknowledge</button>
        } @else if (p.escalation === 'engaged') {
          <p role="status">Acknowledged. The NOC has been told.</p>
        } @else {
          <p role="status">This escalation has ended.</p>
        }
      }
    </main>
  `,
  styles: '.ack { max-width: 480px; margin: 24px auto; padding: 0 16px; } button { width: 100%; min-height: 56px; }',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AckPage implements OnInit {
  private readonly api = inject(OnCallApi);
  readonly token = input.required<string>();
  protected readonly page = signal<PageLink | null>(null);
  protected readonly errors = signal<string[] | null>(null);
  protected readonly busy = signal(false);

  ngOnInit(): void {
    this.api.pageLink(this.token()).subscribe({
      next: (p) => this.page.set(p),
      error: (e: unknown) => this.errors.set(errorMessages(e)),
    });
  }

  protected acknowledge(): void {
    this.busy.set(true);
    this.api.acknowledgeLink(this.token()).subscribe({
      next: (p) => {
        this.busy.set(false);
        this.page.set(p);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.errors.set(errorMessages(e));
      },
    });
  }
}
