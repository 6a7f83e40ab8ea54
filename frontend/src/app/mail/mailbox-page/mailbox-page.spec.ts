import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { texts } from '../../testing/dom';
import type { MailboxEntry } from '../mail';
import { MailboxPage } from './mailbox-page';

const MAIL: MailboxEntry = {
  id: '2',
  messageId: '<m2@tollgate.local>',
  from: 'Tollgate NOC <noc@tollgate.local>',
  to: ['dana@harborview.example.com'],
  subject: '[FRD-000123] Action required: calls restricted',
  text: 'Hello Dana Reyes,',
  html: '<p>Hello Dana Reyes,</p>',
  attachments: [{ filename: 'FRD-000123-report.pdf', contentType: 'application/pdf', sizeBytes: 2048 }],
  channel: 'mail',
  sentAt: '2026-11-27T10:00:00Z',
};
const SMS: MailboxEntry = {
  ...MAIL,
  id: '1',
  messageId: '<m1@tollgate.local>',
  from: 'Tollgate SMS',
  to: ['+16175550111'],
  subject: 'SMS to +16175550111',
  text: 'Tollgate PAGE L1 FRD-000123',
  html: null,
  attachments: [],
  channel: 'sms',
};

describe(MailboxPage.name, () => {
  it('marks SMS among the mails and lists a mail’s attachments', async () => {
    TestBed.configureTestingModule({
      imports: [MailboxPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(MailboxPage);
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/mailbox').flush({ items: [MAIL, SMS], nextCursor: null });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(texts(root, '.list .channel')).toEqual(['SMS']);
    (root.querySelector('.list button') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(texts(root, '.attachments li')[0]).toContain('FRD-000123-report.pdf');
    http.verify();
  });
});
