import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { errorMessages } from '../../core/api-error';
import { formatBytes } from '../../core/format';
import type { components } from '../../core/api.generated';
import type { Page } from '../../core/page';
import { ZonedTimePipe } from '../../core/zoned-time';
import { ticketUrl } from '../tickets-api';

export type CaseFile = components['schemas']['Attachment'];

/** What the server accepts (attachment-file.ts): the picker offers these first. */
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.zip,.xlsx,.docx,.gz,.pcap,.pcapng,.csv,.txt,.log,.eml';

/** `PDF`, `PNG`, `CSV`: the type as people say it. */
export function typeLabel(file: Pick<CaseFile, 'filename' | 'contentType'>): string {
  const dot = file.filename.lastIndexOf('.');
  return dot > 0 ? file.filename.slice(dot + 1).toUpperCase() : file.contentType;
}

/**
 * A case's files: the list (name to download, type, size, who uploaded it and when) and an upload button. The
 * NOC may keep a file internal; a customer's files are always theirs to see.
 */
@Component({
  selector: 'tg-case-files',
  imports: [MatButtonModule, MatCheckboxModule, MatIconModule, MatProgressBarModule, ZonedTimePipe],
  templateUrl: './case-files.html',
  styleUrl: './case-files.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseFiles {
  private readonly http = inject(HttpClient);
  readonly ticketId = input.required<string>();
  readonly mayUpload = input(false);
  /** Staff: show which files are internal, and offer to keep an upload internal. */
  readonly staffView = input(false);
  readonly customerZone = input<string | null>(null);
  readonly uploaded = output<CaseFile>();

  protected readonly accept = ACCEPT;
  protected readonly files = rxResource({
    params: () => this.ticketId(),
    stream: ({ params }) => this.http.get<Page<CaseFile>>(`${ticketUrl(params)}/attachments`),
  });
  protected readonly items = computed(() => (this.files.hasValue() ? this.files.value().items : []));
  protected readonly loadErrors = computed(() => (this.files.error() ? errorMessages(this.files.error()) : null));
  protected readonly internal = signal(false);
  protected readonly uploading = signal(false);
  protected readonly uploadErrors = signal<string[] | null>(null);
  protected readonly size = formatBytes;
  protected readonly type = typeLabel;

  protected link(file: CaseFile): string {
    return `${ticketUrl(this.ticketId())}/attachments/${encodeURIComponent(file.id)}`;
  }

  protected uploader(file: CaseFile): string {
    if (!file.uploadedBy) return 'By email';
    return file.uploadedBy.role === 'customer' || !this.staffView()
      ? file.uploadedBy.name
      : `${file.uploadedBy.name} (${file.uploadedBy.role})`;
  }

  protected upload(input: HTMLInputElement): void {
    const file = input.files?.[0];
    if (!file) return;
    const form = new FormData();
    if (this.staffView()) form.append('visibility', this.internal() ? 'internal' : 'customer');
    form.append('file', file, file.name);
    this.uploading.set(true);
    this.uploadErrors.set(null);
    this.http.post<CaseFile>(`${ticketUrl(this.ticketId())}/attachments`, form).subscribe({
      next: (saved) => {
        input.value = '';
        this.uploading.set(false);
        this.files.reload();
        this.uploaded.emit(saved);
      },
      error: (error: unknown) => {
        input.value = '';
        this.uploading.set(false);
        this.uploadErrors.set(errorMessages(error));
      },
    });
  }
}
