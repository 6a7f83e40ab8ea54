import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { errorMessages } from '../../core/api-error';
import { pagedList } from '../../core/paged-list';
import { type AlertEmailResult, PARSED_AS_LABELS } from '../mail';
import { MailApi } from '../mail-api';

/** Upload a carrier alert email (.eml): the same intake as mail to the SMTP listener. */
@Component({
  selector: 'tg-alert-email-page',
  imports: [DatePipe, RouterLink, MatButtonModule, MatIconModule, MatProgressBarModule, MatTableModule],
  templateUrl: './alert-email-page.html',
  styleUrl: './alert-email-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertEmailPage {
  private readonly api = inject(MailApi);

  protected readonly file = signal<File | null>(null);
  protected readonly fileMissing = signal(false);
  protected readonly busy = signal(false);
  protected readonly result = signal<AlertEmailResult | null>(null);
  protected readonly errors = signal<string[] | null>(null);
  protected readonly columns = ['receivedAt', 'via', 'fromAddress', 'subject', 'parsedAs', 'status', 'attach'];
  protected readonly attaching = signal<string | null>(null);
  protected readonly attached = signal<AlertEmailResult | null>(null);
  protected readonly attachErrors = signal<string[] | null>(null);

  protected readonly inbound = pagedList({
    params: () => ({}),
    load: (_params, cursor) => this.api.inbound({ cursor, limit: 20 }),
  });

  protected label(parsedAs: string | null): string | null {
    return parsedAs ? (PARSED_AS_LABELS[parsedAs] ?? parsedAs) : null;
  }

  /** A quarantined message placed on its ticket (by id or number): kept there as an internal note. */
  protected attach(id: string, ticket: string): void {
    if (this.attaching()) return;
    if (!ticket.trim()) {
      this.attachErrors.set(['Enter the ticket number to attach the message to, e.g. FRD-000123.']);
      return;
    }
    this.attaching.set(id);
    this.attached.set(null);
    this.attachErrors.set(null);
    this.api.attach(id, ticket.trim()).subscribe({
      next: (r) => {
        this.attached.set(r);
        this.attaching.set(null);
        this.inbound.reload();
      },
      error: (e: unknown) => {
        this.attachErrors.set(errorMessages(e));
        this.attaching.set(null);
      },
    });
  }

  protected chooseFile(input: HTMLInputElement): void {
    this.file.set(input.files?.item(0) ?? null);
    this.fileMissing.set(false);
  }

  protected upload(): void {
    const file = this.file();
    if (!file) {
      this.fileMissing.set(true);
      return;
    }
    if (this.busy()) return;
    this.busy.set(true);
    this.result.set(null);
    this.errors.set(null);
    this.api.upload(file).subscribe({
      next: (r) => {
        this.result.set(r);
        this.busy.set(false);
        this.inbound.reload();
      },
      error: (e: unknown) => {
        this.errors.set(errorMessages(e));
        this.busy.set(false);
      },
    });
  }
}
