import { Body, Controller, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AcceptsEnforcementToken, Roles } from '../auth/principal.js';
import { MAX_SIP_FAILURES_PER_BATCH, MAX_SIP_USERNAME } from './sip-auth-failures.js';
import { type SipAuthFailureReport, SipAuthFailuresService } from './sip-auth-failures.service.js';

/** One failed SIP registration, as the SBC reports it. */
export class SipAuthFailureDto {
  @ApiProperty({ example: '203.0.113.9', description: 'IPv4 or IPv6; IPv4-mapped IPv6 is the IPv4 address' })
  sourceIp: string;
  @ApiPropertyOptional({ example: '1001', maxLength: MAX_SIP_USERNAME, description: 'The SIP username tried' })
  username?: string;
  @ApiProperty({ example: '2026-01-05T09:00:00Z', description: 'When the registration failed (ISO-8601)' })
  at: string;
}

export class SipAuthFailureError {
  @ApiProperty({ description: 'Position of the refused item in the list' }) index: number;
  @ApiProperty({ example: 'sourceIp "nope" is not an IP address' }) reason: string;
}

export class SipAuthFailureReportView implements SipAuthFailureReport {
  @ApiProperty({ description: 'Failures stored' }) accepted: number;
  @ApiProperty({ description: 'Items refused (see errors)' }) rejected: number;
  @ApiProperty({ type: [SipAuthFailureError] }) errors: SipAuthFailureError[];
  @ApiProperty({
    type: [String],
    example: ['203.0.113.9'],
    description: "The batch's source IPs that are blacklisted now (by this batch or before)",
  })
  blacklisted: string[];
}

@ApiTags('detection')
@Controller('sip-auth-failures')
export class SipAuthFailuresController {
  constructor(private readonly failures: SipAuthFailuresService) {}

  /**
   * A batch of failed SIP registrations from the SBC. Bad items are refused by index while the good ones are
   * stored; the brute-force rules then run on the batch's source IPs.
   */
  @Roles('technician', 'admin')
  @AcceptsEnforcementToken()
  @Post()
  @ApiBody({ type: [SipAuthFailureDto], description: `At most ${MAX_SIP_FAILURES_PER_BATCH} failures` })
  @ApiCreatedResponse({ type: SipAuthFailureReportView })
  ingest(@Body() body: unknown): Promise<SipAuthFailureReport> {
    return this.failures.ingest(body);
  }
}
