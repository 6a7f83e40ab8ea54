import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { pagedList } from '../../core/paged-list';
import type { MailboxEntry } from '../mail';
import { MailApi } from '../mail-api';

/** The built-in mailbox: every message Tollgate would have sent, when no SMTP server is configured. */
@Component({
  selector: 'tg-mailbox-page',
  imports: [DatePipe, MatButtonModule, MatProgressBarModule],
  templateUrl: './mailbox-page.html',
  styleUrl: './mailbox-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MailboxPage {
  private readonly api = inject(MailApi);

  protected readonly selected = signal<MailboxEntry | null>(null);
  protected readonly mails = pagedList({
    params: () => ({}),
    load: (_params, cursor) => this.api.mailbox({ cursor, limit: 50 }),
  });
}
