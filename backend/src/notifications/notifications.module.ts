import { Module } from '@nestjs/common';
import { OutboxWorker } from './outbox.worker.js';

@Module({
  providers: [OutboxWorker],
  exports: [OutboxWorker],
})
export class NotificationsModule {}
