import { Module, type OnModuleInit } from '@nestjs/common';
import { MAIL_POLICY, MailHandler, PAGE_POLICY } from './mail.handler.js';
import { MailboxController } from './mailbox.controller.js';
import { Outbox } from './outbox.js';
import { OutboxQueue } from './outbox-queue.js';

/** The outbox: a queue core and one handler per kind, each with its own retry policy. */
@Module({
  controllers: [MailboxController],
  providers: [Outbox, OutboxQueue, MailHandler],
  exports: [Outbox, OutboxQueue],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly queue: OutboxQueue,
    private readonly mail: MailHandler,
  ) {}

  onModuleInit(): void {
    this.queue.register('customer_mail', this.mail, MAIL_POLICY);
    this.queue.register('technician_mail', this.mail, MAIL_POLICY);
    this.queue.register('oncall_page', this.mail, PAGE_POLICY);
    // No SMS gateway yet: a page's SMS text goes to the engineer's email, in its own lane and retry policy.
    // An SMS handler replaces this registration once it exists (the payload's `to` then holds phone numbers).
    this.queue.register('oncall_sms', this.mail, PAGE_POLICY);
  }
}
