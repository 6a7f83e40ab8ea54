import type { DataSourceOptions } from 'typeorm';
import { Customer, CustomerContact, CustomerGroup, CustomerIp, Seat } from '../customers/customer.entity.js';
import { Session, User } from '../users/user.entity.js';
import { CreatedFoundation1763800000000 } from './migrations/1763800000000-created-foundation.js';
import { CreatedCdrStorage1763800001000 } from './migrations/1763800001000-created-cdr-storage.js';
import { CreatedCases1763800002000 } from './migrations/1763800002000-created-cases.js';
import { AddedDailyUsage1763800003000 } from './migrations/1763800003000-added-daily-usage.js';
import { WidenedUsageCostSums1763800004200 } from './migrations/1763800004200-widened-usage-cost-sums.js';
import { FoldedAccountCodes1764200000000 } from './migrations/1764200000000-folded-account-codes.js';
import { ExcludedSharedCustomerIps1764200001000 } from './migrations/1764200001000-excluded-shared-customer-ips.js';
import { AddedRestrictionReasons1764200002000 } from './migrations/1764200002000-added-restriction-reasons.js';
import { CreatedTimers1764300000000 } from './migrations/1764300000000-created-timers.js';
import { AddedOutboxMessageIds1764300001000 } from './migrations/1764300001000-added-outbox-message-ids.js';
import { AddedRestrictionSources1764400000000 } from './migrations/1764400000000-added-restriction-sources.js';
import { CreatedDetectionRules1764500000000 } from './migrations/1764500000000-created-detection-rules.js';
import { ExtendedDetectionKinds1764600000000 } from './migrations/1764600000000-extended-detection-kinds.js';
import { CreatedIpBlacklist1764610000000 } from './migrations/1764610000000-created-ip-blacklist.js';
import { AddedCustomerAlertSettings1764620000000 } from './migrations/1764620000000-added-customer-alert-settings.js';
import { SeededSeatThresholdRules1764640000000 } from './migrations/1764640000000-seeded-seat-threshold-rules.js';
import { AddedEventSubjects1764650000000 } from './migrations/1764650000000-added-event-subjects.js';
import { AddedRestrictionClassesAndExpiry1764700000000 } from './migrations/1764700000000-added-restriction-classes-and-expiry.js';
import { CreatedInboundEmails1764710000000 } from './migrations/1764710000000-created-inbound-emails.js';
import { CreatedMailbox1764711000000 } from './migrations/1764711000000-created-mailbox.js';
import { CreatedOncall1764720000000 } from './migrations/1764720000000-created-oncall.js';
import { CreatedThresholdRequests1764721000000 } from './migrations/1764721000000-created-threshold-requests.js';
import { KeyedCdrsByIdentity1764730000000 } from './migrations/1764730000000-keyed-cdrs-by-identity.js';
import { AddedNumberingPlans1764731000000 } from './migrations/1764731000000-added-numbering-plans.js';
import { CreatedImportProfiles1764732000000 } from './migrations/1764732000000-created-import-profiles.js';
import { AddedTicketOwners1764740000000 } from './migrations/1764740000000-added-ticket-owners.js';
import { CreatedSavedQueueFilters1764750000000 } from './migrations/1764750000000-created-saved-queue-filters.js';
import { AddedAttachmentChecksums1764760000000 } from './migrations/1764760000000-added-attachment-checksums.js';
import { IndexedEventObservables1764761000000 } from './migrations/1764761000000-indexed-event-observables.js';
import { AddedSmsAndSignedLinks1764780000000 } from './migrations/1764780000000-added-sms-and-signed-links.js';
import { AddedCallRateKind1764800000000 } from './migrations/1764800000000-added-call-rate-kind.js';

export const ENTITIES = [Customer, CustomerContact, CustomerIp, CustomerGroup, Seat, User, Session];

// Listed, not globbed: the same list works compiled (dist/*.js) and under vitest (src/*.ts).
export const MIGRATIONS = [
  CreatedFoundation1763800000000,
  CreatedCdrStorage1763800001000,
  CreatedCases1763800002000,
  AddedDailyUsage1763800003000,
  WidenedUsageCostSums1763800004200,
  FoldedAccountCodes1764200000000,
  ExcludedSharedCustomerIps1764200001000,
  AddedRestrictionReasons1764200002000,
  CreatedTimers1764300000000,
  AddedOutboxMessageIds1764300001000,
  AddedRestrictionSources1764400000000,
  CreatedDetectionRules1764500000000,
  ExtendedDetectionKinds1764600000000,
  CreatedIpBlacklist1764610000000,
  AddedCustomerAlertSettings1764620000000,
  SeededSeatThresholdRules1764640000000,
  AddedEventSubjects1764650000000,
  AddedRestrictionClassesAndExpiry1764700000000,
  CreatedInboundEmails1764710000000,
  CreatedMailbox1764711000000,
  CreatedOncall1764720000000,
  CreatedThresholdRequests1764721000000,
  KeyedCdrsByIdentity1764730000000,
  AddedNumberingPlans1764731000000,
  CreatedImportProfiles1764732000000,
  AddedTicketOwners1764740000000,
  CreatedSavedQueueFilters1764750000000,
  AddedAttachmentChecksums1764760000000,
  IndexedEventObservables1764761000000,
  AddedSmsAndSignedLinks1764780000000,
  AddedCallRateKind1764800000000,
  // (append new migrations here, in order)
];

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    extra: { max: 10, application_name: 'tollgate' },
  };
}
