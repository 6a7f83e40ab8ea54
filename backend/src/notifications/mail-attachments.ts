import { Injectable } from '@nestjs/common';

/** An attachment named in a queued mail and rendered when the mail is sent (a retry renders it again). */
export interface AttachmentRef {
  /** The renderer a feature registered (`ticket.cdrs_csv`). */
  renderer: string;
  /** What it renders (a ticket id). */
  key: string;
}

export interface RenderedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export type AttachmentRenderer = (key: string) => Promise<RenderedAttachment>;

/**
 * Renderers of mail attachments, registered by the features that own the data (tickets/ registers the case's
 * call records and report). The outbox keeps only a reference, so a row stays small and retryable, and
 * notifications/ never reads tickets.
 */
@Injectable()
export class MailAttachments {
  private readonly renderers = new Map<string, AttachmentRenderer>();

  register(name: string, render: AttachmentRenderer): void {
    if (this.renderers.has(name)) throw new Error(`mail attachment renderer ${name} registered twice`);
    this.renderers.set(name, render);
  }

  /** Throws when a renderer is missing or fails: the mail is retried, never sent without what it announces. */
  async render(refs: readonly AttachmentRef[] | undefined): Promise<RenderedAttachment[]> {
    const out: RenderedAttachment[] = [];
    for (const ref of refs ?? []) {
      const render = this.renderers.get(ref.renderer);
      if (!render) throw new Error(`no renderer for the attachment ${ref.renderer}`);
      out.push(await render(ref.key));
    }
    return out;
  }
}
