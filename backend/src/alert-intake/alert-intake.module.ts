import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { CdrsModule } from '../cdrs/cdrs.module.js';
import { AlertEmailsController } from './alert-emails.controller.js';
import { AlertIntakeService } from './alert-intake.service.js';
import { ImapPoller } from './imap-poller.js';
import { QuarantineService } from './quarantine.service.js';
import { SmtpListener } from './smtp-listener.js';

/** Email in: the SMTP listener, the IMAP poller, the upload, and the one intake behind them. */
@Module({
  imports: [CasesModule, CdrsModule],
  controllers: [AlertEmailsController],
  providers: [AlertIntakeService, QuarantineService, SmtpListener, ImapPoller],
  exports: [AlertIntakeService],
})
export class AlertIntakeModule {}
