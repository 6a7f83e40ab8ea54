import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/api-page.js';

/** A row of `GET /api/customers`, with the size of its inventory. */
export class CustomerSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Case-insensitive: unique on its folded value' }) accountCode: string;
  @ApiProperty({ example: 'America/New_York' }) timezone: string;
  @ApiProperty({ type: String, nullable: true, description: 'Home state/province (2 letters)' }) state: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Home country (ISO alpha-2); null: CDR_HOME_COUNTRY' })
  country: string | null;
  @ApiProperty({ type: 'integer' }) ipCount: number;
  @ApiProperty({ type: 'integer' }) groupCount: number;
  @ApiProperty({ type: 'integer' }) seatCount: number;
  @ApiProperty({ type: 'integer' }) contactCount: number;
}

export class CustomerSummaryPage extends pageOf(CustomerSummary) {}

export class Contact {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'Notifications go to contacts that have one' })
  email: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ description: 'Mail to this address bounced permanently (a DSN); cleared when the contacts are saved' })
  undeliverable: boolean;
  @ApiProperty({ type: String, nullable: true, description: "The bounce's status and diagnostic" })
  undeliverableReason: string | null;
}

export class CustomerIpRange {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'An address (no prefix length) or a CIDR', example: '198.51.100.0/28' }) cidr: string;
}

export class Seat {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: "The platform's user id", example: '2125550101@acme.example.net' }) userId: string;
  @ApiProperty({ type: String, nullable: true, description: 'The SIP auth user that appears in CDRs' })
  sipUsername: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) did: string | null;
  @ApiProperty({ type: String, nullable: true }) extension: string | null;
}

export class CustomerGroup {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() externalId: string;
  @ApiProperty({ type: [Seat] }) seats: Seat[];
}

/** `GET /api/customers/:id`: the customer and its whole inventory. */
export class CustomerDetail {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() accountCode: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ type: String, nullable: true }) state: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO alpha-2; null: CDR_HOME_COUNTRY' })
  country: string | null;
  @ApiProperty({ type: [Contact] }) contacts: Contact[];
  @ApiProperty({ type: [CustomerIpRange] }) ips: CustomerIpRange[];
  @ApiProperty({ type: [CustomerGroup] }) groups: CustomerGroup[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

/** Counts of customers of `POST /api/customers/import`. */
export class CustomerImportResult {
  @ApiProperty({ type: 'integer' }) created: number;
  @ApiProperty({ type: 'integer' }) updated: number;
  @ApiProperty({ type: 'integer' }) unchanged: number;
}
