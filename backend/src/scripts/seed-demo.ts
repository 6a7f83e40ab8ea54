import 'reflect-metadata';
import { type INestApplicationContext, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import type { Principal } from '../auth/principal.js';
import { CaseService } from '../cases/case.service.js';
import { DetectedEventDto } from '../cases/cases.dto.js';
import { firstEvidenceFrom } from '../cases/event-rows.js';
import type { EventSource } from '../cases/event-view.js';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';
import { CdrImport } from '../cdrs/import/cdr-importer.js';
import { APP_CONFIG, type AppConfig, loadConfig } from '../config/config.js';
import { CustomerImportService, type ImportResult } from '../customers/customer-import.service.js';
import { connectForScript } from '../database/connect.js';
import { type EventKind, formatTicketNumber, type Severity } from '../tickets/case-kinds.js';
import { checklistOf } from '../tickets/checklist-rows.js';
import { TicketEventDto } from '../tickets/ticket-events.dto.js';
import { TicketQueriesService } from '../tickets/ticket-queries.service.js';
import { firstTicketFor, ticketsByState } from '../tickets/ticket-read-rows.js';
import type { CaseState } from '../tickets/ticket-machine.types.js';
import { type CaseActor, loadTicket, SYSTEM_ACTOR } from '../tickets/ticket-rows.js';
import { TicketTransitionsService } from '../tickets/ticket-transitions.service.js';
import { TicketWorkService } from '../tickets/ticket-work.service.js';
import { ChecklistItemPatchDto, NoteDto } from '../tickets/tickets.dto.js';
import { UsersService } from '../users/users.service.js';
import {
  type BurstKey,
  CARIBBEAN_SEAT,
  demoBursts,
  demoCustomers,
  demoTraffic,
  demoUsers,
  DEMO_PASSWORD,
  FRAUD_SOURCE_IP,
} from './demo-data.js';
import {
  type BurstFacts,
  burstAnchor,
  burstFacts,
  burstTraffic,
  type DemoCdr,
  demoCsv,
  hourOfTraffic,
  seatLookup,
} from './demo-traffic.js';

/*
 * `npm run seed:demo`: a small carrier with a week of traffic and open fraud cases, so a newcomer
 * sees a living app. Everything goes through the services the API uses (customer import, user
 * creation, CDR import, event ingest, ticket events, notes, checklist).
 *
 * Idempotent, and how "now" is handled:
 *  - Traffic covers the whole hours of the last 7 days up to the current hour (which is left empty:
 *    its calls have not all happened yet), i.e. what the usage dashboard shows by default. Each
 *    (customer, hour) is generated from a PRNG seeded with both, and call ids come from the account
 *    and start time, so an hour generated twice gives the same rows. Re-running within the same
 *    hour imports nothing (the import is skipped altogether); re-running later tops up the hours
 *    since the last run and the importer counts the rest as duplicates. Nothing is stored for this.
 *  - Each fraud burst is placed at a local time of day (e.g. 01:50 in Boston, the most recent one
 *    that fits) on first seeding. Its case is found again by customer + dedupe key, and the burst is
 *    re-generated at the time its first event's evidence names, so a later run neither moves the
 *    burst nor opens a second ticket. Case steps run only from the state they start from, and notes
 *    and checklist ticks already there are not repeated, so a run that died half-way resumes.
 */

const HOUR = 3_600_000;
const WINDOW_HOURS = 7 * 24 - 1;

/** Customer import and user creation, as before: not a user, so nothing to sign in as. */
const SEED_ADMIN: Principal = {
  id: '00000000-0000-0000-0000-000000000000',
  email: 'seed',
  name: 'seed',
  role: 'admin',
  customerId: null,
};

/** The API's own validation (app.module's APP_PIPE), so demo input obeys the API's rules. */
const apiPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
});
function asDto<T>(metatype: new () => T, body: object): Promise<T> {
  return apiPipe.transform(body, { type: 'body', metatype });
}

export interface SeedOptions {
  /** The clock the traffic window and bursts are placed by (default: now). */
  now?: Date;
}

export interface SeedReport {
  customers: ImportResult;
  usersCreated: string[];
  cdrs: {
    from: string;
    to: string;
    generated: number;
    imported: number;
    duplicates: number;
    importId: string | null;
  };
  ticketsOpened: string[];
  actions: number;
  cases: { number: string; accountCode: string; state: CaseState; title: string }[];
  ticketsByState: Record<string, number>;
}

type Who = 'tech' | 'tech2' | 'acme';
type People = Record<Who, Principal>;

interface CaseScript {
  accountCode: string;
  dedupeKey: string;
  kind: EventKind;
  severity: Severity;
  source: EventSource;
  /** Who reports it: the detector, or a technician typing in an alert (POST /api/events). */
  reporter: 'detector' | Who;
  summary(f: BurstFacts): string;
  details(f: BurstFacts, from: Date): Record<string, unknown>;
  restrictions?: RestrictionSpec[];
  /** Each step runs when the ticket is in state `at`; they run in order. */
  steps: { at: CaseState; run(act: CaseActions): Promise<void> }[];
}

const COUNTRY: Record<string, string> = { '371': 'Latvia', '53': 'Cuba', '232': 'Sierra Leone' };
const FAILED_TO: Record<string, string> = {
  '234': 'Nigeria',
  '880': 'Bangladesh',
  '92': 'Pakistan',
  '252': 'Somalia',
  '224': 'Guinea',
};
const day = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');

const SCRIPTS: Record<BurstKey, CaseScript> = {
  mexico: {
    accountCode: 'ACME01',
    dedupeKey: 'new_destination:+52',
    kind: 'new_destination',
    severity: 'urgent',
    source: 'detector',
    reporter: 'detector',
    summary: (f) =>
      `First calls to Mexico (+52) from Billing\n` +
      `${f.calls} calls, ${f.minutes} min from Billing (312-555-0112) after clinic hours; no calls to Mexico in the last 90 days.`,
    details: (f) => ({ destination: '+52', baselineDays: 90, calls: f.calls, minutes: f.minutes }),
    steps: [
      {
        at: 'detected',
        run: async (a) => {
          await a.tick('tech', 1, 'International is enabled on the account; Billing had never called abroad before.');
          await a.note(
            'tech',
            'Answered calls of 5-10 min to Tijuana landlines (+52 664), clinic hours just over. Looks like business, but new: pausing Mexico until Acme confirms.',
          );
          await a.send('tech', {
            type: 'RESTRICT',
            restrictions: [{ kind: 'destination', value: '+52' }],
            message:
              'We noticed calls to Mexico from your Billing line after clinic hours, which is new for your account. We have paused calls to Mexico (+52) while you check. If they are expected, tell us in the portal and we will lift the block.',
          });
        },
      },
      {
        at: 'restricted',
        run: (a) =>
          a.send('acme', {
            type: 'CUSTOMER_REVIEW',
            verdict: 'legitimate',
            acceptCharges: true,
            message:
              'These are ours: we started working with a dental lab in Tijuana and Maria in billing calls them after the clinic closes. We accept the charges.',
          }),
      },
      {
        at: 'customer_reviewed',
        run: async (a) => {
          await a.note('tech', 'Confirmed with Lee Park by phone: the lab is Laboratorio Dental Frontera, Tijuana.');
          await a.send('tech', { type: 'CONFIRM_CHARGES_ACCEPTED' });
        },
      },
      { at: 'charges_accepted', run: (a) => a.send('tech', { type: 'LIFT_RESTRICTIONS' }) },
    ],
  },
  'failed-intl': {
    accountCode: 'BRCC07',
    dedupeKey: 'intl_failed_attempts:brcc-0215',
    kind: 'intl_failed_attempts',
    severity: 'warning',
    source: 'detector',
    reporter: 'detector',
    summary: (f) =>
      `${f.failed} failed international attempts from Agent 6 at night\n` +
      `${f.calls} attempts in 40 min from brcc-0215 (Agent 6) while the floor was closed, to ` +
      `${f.prefixes.map((p) => FAILED_TO[p] ?? `+${p}`).join(', ')}; ${f.answered} connected.`,
    details: (f) => ({ sipUser: 'brcc-0215', attempts: f.calls, failed: f.failed, answered: f.answered, window: 40 }),
    steps: [], // left for the queue
  },
  premium: {
    accountCode: 'HARB009',
    dedupeKey: `carrier_alert:${FRAUD_SOURCE_IP}`,
    kind: 'carrier_alert',
    severity: 'urgent',
    source: 'api',
    reporter: 'tech2',
    summary: (f) =>
      `Carrier alert: premium-rate calls from ${FRAUD_SOURCE_IP}\n` +
      `Northwind Transit reports ${f.calls} short calls to ${f.prefixes.map((p) => COUNTRY[p] ?? `+${p}`).join(', ')} ` +
      `premium ranges on HARB009 in 25 min, from ${FRAUD_SOURCE_IP}, which is not a Harborview address.`,
    details: (f, from) => ({
      carrier: 'Northwind Transit',
      reference: `NWT-FA-${day(from)}-0413`,
      sourceIp: FRAUD_SOURCE_IP,
      calls: f.calls,
      answered: f.answered,
      minutes: f.minutes,
    }),
    steps: [
      {
        at: 'detected',
        run: async (a) => {
          await a.tick(
            'tech',
            3,
            `${FRAUD_SOURCE_IP} is not Harborview's (203.0.113.10, 198.51.100.0/28); it used the account's trunk credentials as SIP user 1000.`,
          );
          await a.note(
            'tech',
            'Northwind saw 100+ calls averaging ~20 s to premium numbers within half an hour: textbook IRSF with stolen trunk credentials. Blocking the address and Latvia now; Cuba and Sierra Leone have no Harborview traffic either, watch them.',
          );
          await a.send('tech', {
            type: 'RESTRICT',
            restrictions: [
              {
                kind: 'ip',
                value: FRAUD_SOURCE_IP,
                reason: 'Source of the premium-rate calls Northwind reported; not an address of any customer.',
              },
              { kind: 'destination', value: '+371' },
            ],
            message: `Our upstream carrier reported short calls to premium numbers in Latvia, Cuba and Sierra Leone on your account overnight, from ${FRAUD_SOURCE_IP}, an address that is not yours. We have blocked that address and calls to Latvia (+371). Please change your SIP trunk password and tell us here once done.`,
          });
        },
      },
    ],
  },
  caribbean: {
    accountCode: 'HARB009',
    dedupeKey: `seat_threshold:${CARIBBEAN_SEAT}`,
    kind: 'seat_threshold',
    severity: 'block',
    source: 'detector',
    reporter: 'detector',
    summary: (f) =>
      `Front desk dialled ${f.calls} Caribbean numbers at night\n` +
      `Seat 6175550142 (Front desk) called ${f.calls} Caribbean NANP numbers in 45 min (area codes ${f.prefixes.join(', ')}): ` +
      `over its limit of 10 international calls an hour. The seat was blocked automatically.`,
    details: (f) => ({
      seat: CARIBBEAN_SEAT,
      limit: { internationalCallsPerHour: 10 },
      calls: f.calls,
      minutes: f.minutes,
      areaCodes: f.prefixes,
    }),
    restrictions: [{ kind: 'seat', value: CARIBBEAN_SEAT }],
    steps: [
      {
        at: 'restricted',
        run: async (a) => {
          await a.tick('tech', 1, 'The front desk has no need for international calls; only Dispatch calls abroad.');
          await a.note(
            'tech',
            "Front desk is a desk phone on the Boston LAN (203.0.113.10). Same night as the 203.0.113.77 carrier alert: probably the same attacker with this seat's SIP password. Seat stays blocked until it is changed.",
          );
          await a.note(
            'tech',
            'Dana, the Front desk line (617-555-0142) stays blocked until its SIP password has been changed and the phone re-provisioned. Tell us here when that is done, or if those calls were expected.',
            'customer',
          );
        },
      },
    ],
  },
};

/** Ticket actions as the API performs them, each skipped when already done. */
class CaseActions {
  count = 0;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly db: DataSource,
    private readonly people: People,
    readonly ticketId: string,
  ) {}

  async send(who: Who, body: Record<string, unknown>): Promise<void> {
    const { version } = await loadTicket(this.db.manager, this.ticketId, null);
    const dto = await asDto(TicketEventDto, { ...body, version });
    await this.app.get(TicketTransitionsService).send(this.ticketId, dto, this.people[who]);
    this.count++;
  }

  async note(who: Who, body: string, visibility: 'internal' | 'customer' = 'internal'): Promise<void> {
    if (await this.hasNote(body)) return;
    const dto = await asDto(NoteDto, { body, visibility });
    await this.app.get(TicketWorkService).addNote(this.ticketId, dto, this.people[who]);
    this.count++;
  }

  /** Ticks checklist item `position` (1-based) with a finding. */
  async tick(who: Who, position: number, finding: string): Promise<void> {
    const item = (await checklistOf(this.db, this.ticketId)).find((i) => i.position === position);
    if (!item || item.checked) return;
    const dto = await asDto(ChecklistItemPatchDto, { checked: true, finding });
    await this.app.get(TicketWorkService).updateChecklistItem(this.ticketId, item.id, dto, this.people[who]);
    this.count++;
  }

  private async hasNote(body: string): Promise<boolean> {
    const queries = this.app.get(TicketQueriesService);
    for (let cursor: string | undefined; ;) {
      const page = await queries.timeline(this.ticketId, SEED_ADMIN, { limit: 500, cursor });
      if (page.items.some((e) => e.type === 'note' && e.payload.body === body)) return true;
      if (!page.nextCursor) return false;
      cursor = page.nextCursor;
    }
  }
}

export async function seedDemo(app: INestApplicationContext, opts: SeedOptions = {}): Promise<SeedReport> {
  const db = app.get(DataSource);
  const end = Math.floor((opts.now ?? new Date()).getTime() / HOUR) * HOUR;
  const customers = demoCustomers();

  const customerResult = await app.get(CustomerImportService).import(customers, SEED_ADMIN);
  const customerIds = await customerIdsByCode(db);
  const usersCreated = await ensureUsers(app, db, customerIds);
  const people = await demoPrincipals(db);

  // Where each burst is: where its case says it was, else the most recent slot that fits.
  const seats = seatLookup(customers);
  const bursts = demoBursts().map((spec) => ({
    spec,
    script: SCRIPTS[spec.key],
    at: new Date(0),
    rows: [] as DemoCdr[],
  }));
  for (const b of bursts) {
    const stored = await firstEvidenceFrom(db, customerIds.get(b.script.accountCode)!, b.script.dedupeKey);
    b.at = stored ?? burstAnchor(b.spec, seats.get(b.spec.accountCode)!.timezone, end);
    b.rows = burstTraffic(b.spec, b.at);
  }
  bursts.sort((x, y) => x.at.getTime() - y.at.getTime());

  // Ordinary traffic; the restricted front-desk seat places no calls after its burst.
  const caribbean = bursts.find((b) => b.spec.key === 'caribbean')!;
  const rows: DemoCdr[] = bursts.flatMap((b) => b.rows);
  const from = end - WINDOW_HOURS * HOUR;
  for (const profile of demoTraffic()) {
    const muted = new Map<string, number>(profile.accountCode === 'HARB009' ? [['0142', caribbean.at.getTime()]] : []);
    for (let h = from; h < end; h += HOUR)
      rows.push(...hourOfTraffic(profile, seats.get(profile.accountCode)!, h, muted));
  }
  rows.sort((a, b) => a.start.getTime() - b.start.getTime() || a.callId.localeCompare(b.callId));
  const cdrs = await importTraffic(app, db, rows, people.tech, new Date(from), new Date(end));

  // Cases, oldest first, so ticket numbers follow the story.
  const ticketsOpened: string[] = [];
  let actions = 0;
  const cases: SeedReport['cases'] = [];
  for (const b of bursts) {
    const s = b.script;
    const customerId = customerIds.get(s.accountCode)!;
    let ticket = await firstTicketFor(db, customerId, s.dedupeKey);
    if (!ticket) {
      const facts = burstFacts(b.rows);
      const until = new Date(b.at.getTime() + b.spec.minutes * 60_000);
      const dto = await asDto(DetectedEventDto, {
        accountCode: s.accountCode,
        kind: s.kind,
        severity: s.severity,
        dedupeKey: s.dedupeKey,
        summary: s.summary(facts),
        details: s.details(facts, b.at),
        occurredAt: until.toISOString(),
        evidence: { from: b.at.toISOString(), to: until.toISOString() },
        ...(s.restrictions && { restrictions: s.restrictions }),
      });
      const actor = s.reporter === 'detector' ? SYSTEM_ACTOR : toActor(people[s.reporter]);
      await app.get(CaseService).ingest(dto, actor, s.source);
      ticket = (await firstTicketFor(db, customerId, s.dedupeKey))!;
      ticketsOpened.push(formatTicketNumber(ticket.number));
    }
    const act = new CaseActions(app, db, people, ticket.id);
    for (const step of s.steps) {
      const { state } = await loadTicket(db.manager, ticket.id, null);
      if (state === step.at) await step.run(act);
    }
    actions += act.count;
    const row = await loadTicket(db.manager, ticket.id, null);
    cases.push({
      number: formatTicketNumber(row.number),
      accountCode: s.accountCode,
      state: row.state,
      title: row.title,
    });
  }

  return {
    customers: customerResult,
    usersCreated,
    cdrs,
    ticketsOpened,
    actions,
    cases,
    ticketsByState: await ticketsByState(db),
  };
}

// Customers, users and CDRs have no rows module yet: the seed reads them here until they do.
async function customerIdsByCode(db: DataSource): Promise<Map<string, string>> {
  const rows: { id: string; account_code: string }[] = await db.query(`SELECT id, account_code FROM customers`);
  return new Map(rows.map((r) => [r.account_code, r.id]));
}

async function ensureUsers(
  app: INestApplicationContext,
  db: DataSource,
  byCode: Map<string, string>,
): Promise<string[]> {
  const users = app.get(UsersService);
  const existing = new Set<string>(
    (await db.query(`SELECT lower(email) AS email FROM users`)).map((r: { email: string }) => r.email),
  );
  const created: string[] = [];
  for (const u of demoUsers()) {
    if (existing.has(u.email.toLowerCase())) continue;
    await users.create(
      { ...u, password: DEMO_PASSWORD, customerId: u.accountCode ? byCode.get(u.accountCode) : undefined },
      SEED_ADMIN,
    );
    created.push(u.email);
  }
  return created;
}

async function demoPrincipals(db: DataSource): Promise<People> {
  const emails: Record<Who, string> = {
    tech: 'tech@demo.tollgate.local',
    tech2: 'tech2@demo.tollgate.local',
    acme: 'lee@acme-dental.example.com',
  };
  const rows: Principal[] = await db.query(
    `SELECT id, email, name, role, customer_id AS "customerId" FROM users WHERE lower(email) = ANY($1)`,
    [Object.values(emails)],
  );
  const out = {} as People;
  for (const [who, email] of Object.entries(emails) as [Who, string][]) {
    const p = rows.find((r) => r.email.toLowerCase() === email);
    if (!p) throw new Error(`demo user ${email} is missing`);
    out[who] = { id: p.id, email: p.email, name: p.name, role: p.role, customerId: p.customerId };
  }
  return out;
}

const toActor = (p: Principal): CaseActor => ({ id: p.id, role: p.role, name: p.name, customerId: p.customerId });

/** Imports the rows through the CDR import (as the technician would upload them), unless all are stored. */
async function importTraffic(
  app: INestApplicationContext,
  db: DataSource,
  rows: DemoCdr[],
  actor: Principal,
  from: Date,
  to: Date,
): Promise<SeedReport['cdrs']> {
  const first = rows[0].start;
  const last = rows[rows.length - 1].start;
  const [{ n }] = await db.query(
    `SELECT count(*)::int AS n
       FROM unnest($1::text[], $2::timestamptz[]) AS u(call_id, started_at)
      WHERE EXISTS (SELECT 1 FROM cdrs c WHERE c.call_id = u.call_id AND c.started_at = u.started_at
                       AND c.started_at BETWEEN $3 AND $4)`,
    [rows.map((r) => r.callId), rows.map((r) => r.start.toISOString()), first, last],
  );
  const base = { from: from.toISOString(), to: to.toISOString(), generated: rows.length };
  if (n === rows.length) return { ...base, imported: 0, duplicates: n, importId: null };
  const filename = `demo-traffic-${to.toISOString().slice(0, 13).replace(/-/g, '')}00Z.csv`;
  // The demo's cases are scripted (seedDemo): its history is a backfill that no detector judges, so the seeded
  // detection rules do not open a second ticket beside each scripted one.
  const config = app.get<AppConfig>(APP_CONFIG);
  const job = await CdrImport.start(db, {
    format: 'generic',
    filename,
    timeZone: config.cdrTimeZone,
    userfieldIsSourceIp: config.asteriskUserfieldIsSourceIp,
    maxBytes: config.maxUploadBytes,
    batchRows: config.cdrBatchRows,
    actorId: actor.id,
  });
  const report = await job.run(Readable.from(demoCsv(rows)));
  if (report.rejected) {
    throw new Error(
      `the CDR import rejected ${report.rejected} demo rows: ${JSON.stringify(report.errors.slice(0, 5))}`,
    );
  }
  return { ...base, imported: report.imported, duplicates: report.duplicates, importId: report.importId };
}

function printReport(r: SeedReport): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const c = r.customers;
  const total = c.created + c.updated + c.unchanged;
  console.log(`\nTollgate demo carrier`);
  console.log(`  customers  ${total} (${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged)`);
  const d = r.cdrs;
  console.log(
    `  CDRs       ${n(d.generated)} for ${d.from.slice(0, 16)}Z .. ${d.to.slice(0, 16)}Z: ${n(d.imported)} new, ` +
      `${n(d.duplicates)} already stored${d.importId ? ` (import ${d.importId})` : ' (nothing to import)'}`,
  );
  console.log(`  cases      ${r.ticketsOpened.length} opened this run, ${r.actions} case actions`);
  for (const x of r.cases) console.log(`    ${x.number}  ${x.state.padEnd(19)} ${x.accountCode.padEnd(8)} ${x.title}`);
  const states = Object.entries(r.ticketsByState).map(([s, k]) => `${s} ${k}`);
  console.log(`  tickets    ${states.join(', ') || 'none'}`);
  console.log(`\nDemo users (password "${DEMO_PASSWORD}")${r.usersCreated.length ? '' : ', none new'}:`);
  for (const u of demoUsers()) console.log(`  ${u.role.padEnd(10)} ${u.email}`);
}

async function main() {
  const config = { ...loadConfig(), logLevel: 'warn' as const };
  const db = await connectForScript(config);
  const app = await NestFactory.createApplicationContext(AppModule.register(config, db.url), {
    logger: ['error', 'warn'],
  });
  try {
    printReport(await seedDemo(app));
  } finally {
    await app.close();
    await db.release();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
