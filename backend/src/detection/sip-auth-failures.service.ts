import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BlacklistService } from '../blacklist/blacklist.service.js';
import { BruteForceDetector } from './brute-force.detector.js';
import { insertSipAuthFailures } from './sip-auth-failure-rows.js';
import { type ItemError, parseFailures } from './sip-auth-failures.js';

export interface SipAuthFailureReport {
  accepted: number;
  rejected: number;
  errors: ItemError[];
  /** The batch's source IPs that are blacklisted now (by this batch or before). */
  blacklisted: string[];
}

/** `POST /api/sip-auth-failures`: store the SBC's failed registrations, then run the brute-force rules on them. */
@Injectable()
export class SipAuthFailuresService {
  private readonly logger = new Logger(SipAuthFailuresService.name);

  constructor(
    private readonly db: DataSource,
    private readonly detector: BruteForceDetector,
    private readonly blacklist: BlacklistService,
  ) {}

  async ingest(body: unknown): Promise<SipAuthFailureReport> {
    const { failures, errors } = parseFailures(body);
    await insertSipAuthFailures(this.db, failures);
    try {
      await this.detector.detect(failures.map((f) => ({ ip: f.sourceIp, atMs: f.at.getTime() })));
    } catch (err) {
      // The failures are stored; the next batch from the same IPs counts them again.
      this.logger.error(`brute-force detection after a SIP batch: ${err instanceof Error ? err.stack : err}`);
    }
    const ips = [...new Set(failures.map((f) => f.sourceIp))];
    return {
      accepted: failures.length,
      rejected: errors.length,
      errors,
      blacklisted: await this.blacklist.blacklistedAmong(ips),
    };
  }
}
