import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { signingKey } from './signing-key-rows.js';
import type { Verdict } from './ticket-machine.types.js';

/** What a review link says: this contact's answer for this ticket, until `exp` (seconds since the epoch). */
export interface ReviewClaim {
  ticketId: string;
  contactId: string;
  verdict: Verdict;
  exp: number;
}

/** A link we signed (possibly expired), or nothing at all. */
export type ReviewLinkCheck = { claim: ReviewClaim; expired: boolean } | null;

const b64 = (b: Buffer) => b.toString('base64url');

/**
 * The one-click links in customer mail ("it was fraud" / "it is legitimate"): an HMAC-SHA256 over the ticket,
 * the contact, the choice and the expiry. A link only preselects the choice on the portal's review form, behind
 * the portal's sign-in; it changes nothing by itself.
 */
@Injectable()
export class ReviewLinks implements OnModuleInit {
  private secret: Buffer | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secret = this.config.linkSigningSecret
      ? Buffer.from(this.config.linkSigningSecret, 'utf8')
      : await signingKey(this.db, 'review_links', randomBytes(32));
  }

  /** The portal URL that opens the ticket's review form with `verdict` chosen. */
  url(ticketId: string, contactId: string, verdict: Verdict): string {
    const exp = Math.floor(this.clock.now().getTime() / 1000) + this.config.reviewLinkDays * 86_400;
    const body = b64(Buffer.from(JSON.stringify({ t: ticketId, c: contactId, v: verdict, e: exp })));
    return `${this.config.publicUrl}/portal/review/${body}.${this.sign(body)}`;
  }

  check(token: string): ReviewLinkCheck {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const want = Buffer.from(this.sign(body), 'base64url');
    const got = Buffer.from(mac, 'base64url');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
    let claim: { t?: unknown; c?: unknown; v?: unknown; e?: unknown };
    try {
      claim = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const { t, c, v, e } = claim;
    if (typeof t !== 'string' || typeof c !== 'string' || typeof e !== 'number') return null;
    if (v !== 'fraudulent' && v !== 'legitimate') return null;
    return {
      claim: { ticketId: t, contactId: c, verdict: v, exp: e },
      expired: e * 1000 <= this.clock.now().getTime(),
    };
  }

  private sign(body: string): string {
    if (!this.secret) throw new Error('review links used before the module started');
    return b64(createHmac('sha256', this.secret).update(`review-link:${body}`).digest());
  }
}
