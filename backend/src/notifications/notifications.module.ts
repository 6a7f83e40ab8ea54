import { Module, type OnModuleInit } from '@nestjs/common';
import { MailAttachments } from './mail-attachments.js';
import { MAIL_POLICY, MailHandler, PAGE_POLICY } from './mail.handler.js';
import { MailboxController } from './mailbox.controller.js';
import { Outbox } from './outbox.js';
import { OutboxQueue } from './outbox-queue.js';
import { SmsHandler } from './sms.handler.js';

/** The outbox: a queue core and one handler per kind, each with its own retry policy. */
@Module({
  controllers: [MailboxController],
  providers: [Outbox, OutboxQueue, MailHandler, SmsHandler, MailAttachments],
  exports: [Outbox, OutboxQueue, MailAttachments],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly queue: OutboxQueue,
    private readonly mail: MailHandler,
    private readonly sms: SmsHandler,
  ) {}

  onModuleInit(): void {
    this.queue.register('customer_mail', this.mail, MAIL_POLICY);
    this.queue.register('technician_mail', this.mail, MAIL_POLICY);
    this.queue.register('oncall_page', this.mail, PAGE_POLICY);
    // SMS through the HTTP gateway: a page's SMS is urgent, a customer's alert SMS as patient as its mail.
    this.queue.register('oncall_sms', this.sms, PAGE_POLICY);
    this.queue.register('customer_sms', this.sms, MAIL_POLICY);
  }
}
