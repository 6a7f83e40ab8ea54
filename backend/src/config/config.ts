import { isSupportedCountry } from 'libphonenumber-js/max';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { passwordWeakness } from '../auth/password-policy.js';
import { parseCidr } from '../common/ip.js';
import { isValidTimeZone } from '../common/zoned-time.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number;
  adminEmail: string;
  adminPassword: string | null;
  sessionTtlHours: number;
  cookieSecure: boolean;
  loginLimitPerIp: number;
  loginLimitPerAccount: number;
  loginLimitWindowSeconds: number;
  enforcementToken: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  /** Base URL of the portal, for links in outgoing mail. */
  publicUrl: string;
  customerReminderHours: number;
  /** How often the timer sweeper looks for due timers; 0 = only when asked (tests). */
  timerSweepMs: number;
  inboundSmtpPort: number;
  inboundSmtpAllowedClients: string[];
  /** Largest inbound mail (SMTP listener and upload). */
  inboundMailMaxBytes: number;
  /** Largest file uploaded to a case; it is stored in the database, so it stays small. */
  attachmentMaxBytes: number;
  /** Refuse LIFT_RESTRICTIONS while checklist items are unticked (false: the web app asks for confirmation). */
  liftRequiresChecklist: boolean;
  /** PEM files for STARTTLS on the inbound listener; both or neither. */
  inboundSmtpTlsKey: string | null;
  inboundSmtpTlsCert: string | null;
  /** The NOC mailbox the IMAP poller reads (imap[s]://user:password@host[:port][/folder]); null = no poller. */
  imapUrl: string | null;
  /** Handled mail is moved to this folder; null: it is flagged \\Seen where it is. */
  imapMoveTo: string | null;
  /** How often the poller looks when IDLE did not wake it (and reconnects after a drop). */
  imapPollSeconds: number;
  logFormat: 'json' | 'pretty';
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  maxJsonBody: string;
  maxUploadBytes: number;
  cdrTimeZone: string;
  /** ISO alpha-2: how numbers without `+` are read for customers without a country of their own. */
  cdrHomeCountry: string;
  cdrBatchRows: number;
  /** A batch is written once it is this old, full or not: detectors see a burst within about this time. */
  cdrBatchMaxMs: number;
  asteriskUserfieldIsSourceIp: boolean;
  frontendDist: string;
  trustProxy: string | null;
  /** IP restrictions broader than these prefixes need an admin's confirmation (`confirmBroad`). */
  restrictionMinPrefixV4: number;
  restrictionMinPrefixV6: number;
  /** Carriers' and other trusted addresses (canonical CIDRs) that brute force never blacklists. */
  blacklistTrusted: string[];
  /** Bearer token of the Prometheus scrape (`GET /metrics`); null: the endpoint is off. */
  metricsToken: string | null;
  /** Numbers always allowed by authorize: 911, 933, 112, 999, 000, 988 and EMERGENCY_NUMBERS. */
  emergencyNumbers: string[];
  /** Where a new block or urgent case is mailed at once (NOC_ALERT_EMAIL); empty: every active technician. */
  nocAlertEmails: string[];
  /** Whether this instance counts call attempts for the real-time rules (one counter authority per database). */
  realtimeCounters: boolean;
  /** At most this many live counter keys (seat, group, IP, customer per rule); the least recent are evicted. */
  realtimeMaxKeys: number;
  /** Where SMS are POSTed as JSON `{to, body}`; null: SMS are kept in the built-in mailbox. */
  smsGatewayUrl: string | null;
  /** Bearer token sent to the SMS gateway; null: none (credentials in the URL are sent as Basic instead). */
  smsGatewayToken: string | null;
  /** How the SMS is sent: a JSON body, or a form (`application/x-www-form-urlencoded`, as Twilio and Vonage take). */
  smsGatewayFormat: 'json' | 'form';
  /** The body's field names for the number, the text and the sender. */
  smsGatewayFields: { to: string; body: string; from: string };
  /** The sender (a number or an alphanumeric id) sent in the `from` field; null: no such field. */
  smsGatewayFrom: string | null;
  /** HMAC secret of the customers' one-click review links; null: one generated and stored in the database. */
  linkSigningSecret: string | null;
  /** How long a review link in a mail stays valid. */
  reviewLinkDays: number;
  /** The letterhead of customer documents (the case PDF): who runs this NOC and how to reach it. */
  operatorName: string;
  operatorContact: string;
}

/** Always allowed, whatever is restricted (docs/design.md §Enforcement). */
export const DEFAULT_EMERGENCY_NUMBERS = ['911', '933', '112', '999', '000', '988'];

/** Raised when the environment is unusable; main() prints it and exits 1. */
export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** Reads and validates every setting once, at start-up; fails fast with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL must start with smtp:// or smtps://');
  const allowed = (env.INBOUND_SMTP_ALLOWED_CLIENTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const a of allowed) {
    const [ip, bits] = a.split('/');
    if (!isIP(ip) || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
      throw new ConfigError(`INBOUND_SMTP_ALLOWED_CLIENTS: "${a}" is not an IP or CIDR`);
    }
  }
  const nocAlertEmails = (env.NOC_ALERT_EMAIL ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const a of nocAlertEmails) {
    if (!/^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/.test(a)) {
      throw new ConfigError(`NOC_ALERT_EMAIL: "${a}" is not an email address`);
    }
  }
  const tlsKey = env.INBOUND_SMTP_TLS_KEY || null;
  const tlsCert = env.INBOUND_SMTP_TLS_CERT || null;
  if (!tlsKey !== !tlsCert) throw new ConfigError('INBOUND_SMTP_TLS_KEY and INBOUND_SMTP_TLS_CERT go together');
  const imapUrl = env.IMAP_URL || null;
  if (imapUrl) {
    const u = URL.canParse(imapUrl) ? new URL(imapUrl) : null;
    if (!u || !/^imaps?:$/.test(u.protocol) || !u.hostname || !u.username) {
      throw new ConfigError('IMAP_URL must look like imaps://user:password@host[:port][/folder]');
    }
  }
  const smsGatewayUrl = env.SMS_GATEWAY_URL || null;
  if (smsGatewayUrl && !(URL.canParse(smsGatewayUrl) && /^https?:$/.test(new URL(smsGatewayUrl).protocol))) {
    throw new ConfigError('SMS_GATEWAY_URL must be an http:// or https:// URL');
  }
  const smsGatewayFormat = env.SMS_GATEWAY_FORMAT || 'json';
  if (smsGatewayFormat !== 'json' && smsGatewayFormat !== 'form') {
    throw new ConfigError('SMS_GATEWAY_FORMAT must be json or form');
  }
  const smsGatewayFields = { to: 'to', body: 'body', from: 'from' };
  for (const pair of (env.SMS_GATEWAY_FIELDS ?? '').split(',').filter((p) => p.trim())) {
    const [field, name] = pair.split('=').map((x) => x.trim());
    if (!(field in smsGatewayFields) || !name || !/^[A-Za-z0-9_.[\]-]{1,64}$/.test(name)) {
      throw new ConfigError(
        `SMS_GATEWAY_FIELDS: "${pair}" is not to=<name>, body=<name> or from=<name> (e.g. to=To,body=Body,from=From)`,
      );
    }
    smsGatewayFields[field as keyof typeof smsGatewayFields] = name;
  }
  const linkSigningSecret = env.LINK_SIGNING_SECRET || null;
  if (linkSigningSecret && linkSigningSecret.length < 32) {
    throw new ConfigError('LINK_SIGNING_SECRET must be at least 32 characters');
  }
  const logFormat = (env.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty')) as AppConfig['logFormat'];
  if (!['json', 'pretty'].includes(logFormat)) throw new ConfigError('LOG_FORMAT must be json or pretty');
  const logLevel = (env.LOG_LEVEL ?? 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug', 'verbose'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL must be one of error, warn, log, debug, verbose');
  }
  const cdrTimeZone = env.CDR_TIME_ZONE || 'UTC';
  if (!isValidTimeZone(cdrTimeZone)) throw new ConfigError(`CDR_TIME_ZONE "${cdrTimeZone}" is not an IANA time zone`);
  const cdrHomeCountry = (env.CDR_HOME_COUNTRY || 'US').trim().toUpperCase();
  if (!isSupportedCountry(cdrHomeCountry)) {
    throw new ConfigError(`CDR_HOME_COUNTRY "${env.CDR_HOME_COUNTRY}" is not an ISO 3166 alpha-2 country code`);
  }
  const blacklistTrusted = (env.BLACKLIST_TRUSTED ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((a) => {
      const cidr = parseCidr(a);
      if (!cidr) throw new ConfigError(`BLACKLIST_TRUSTED: "${a}" is not an IP or CIDR (host bits must be zero)`);
      return cidr.text;
    });
  const emergencyNumbers = (env.EMERGENCY_NUMBERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((n) => {
      if (!/^\+?\d{2,15}$/.test(n)) throw new ConfigError(`EMERGENCY_NUMBERS: "${n}" is not a number (2-15 digits)`);
      return n.replace(/^\+/, '');
    });
  const adminPassword = env.ADMIN_PASSWORD || null;
  const adminWeakness = adminPassword && passwordWeakness(adminPassword, [env.ADMIN_EMAIL ?? '']);
  if (adminWeakness) throw new ConfigError(`ADMIN_PASSWORD ${adminWeakness}`);

  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.TOLLGATE_DATA_DIR || path.join(PROJECT_ROOT, '.data')),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    adminEmail: (env.ADMIN_EMAIL || 'admin@tollgate.local').toLowerCase(),
    adminPassword,
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90),
    cookieSecure: bool(env, 'COOKIE_SECURE', false),
    loginLimitPerIp: int(env, 'LOGIN_LIMIT_PER_IP', 20, 1),
    loginLimitPerAccount: int(env, 'LOGIN_LIMIT_PER_ACCOUNT', 5, 1),
    loginLimitWindowSeconds: int(env, 'LOGIN_LIMIT_WINDOW_SECONDS', 900, 1),
    enforcementToken: env.ENFORCEMENT_TOKEN || null,
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'Tollgate NOC <noc@tollgate.local>',
    publicUrl: (env.PUBLIC_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, ''),
    customerReminderHours: int(env, 'CUSTOMER_REMINDER_HOURS', 24, 1, 24 * 30),
    timerSweepMs: int(env, 'TIMER_SWEEP_MS', 1000, 0, 3_600_000),
    inboundSmtpPort: int(env, 'INBOUND_SMTP_PORT', 2525, 0, 65535),
    inboundSmtpAllowedClients: allowed,
    inboundMailMaxBytes: int(env, 'INBOUND_MAIL_MAX_BYTES', 25 * 1024 ** 2, 1024, 1024 ** 3),
    attachmentMaxBytes: int(env, 'ATTACHMENT_MAX_BYTES', 10 * 1024 ** 2, 1, 100 * 1024 ** 2),
    liftRequiresChecklist: bool(env, 'LIFT_REQUIRES_CHECKLIST', false),
    inboundSmtpTlsKey: tlsKey,
    inboundSmtpTlsCert: tlsCert,
    imapUrl,
    imapMoveTo: env.IMAP_MOVE_TO || null,
    imapPollSeconds: int(env, 'IMAP_POLL_SECONDS', 60, 5, 86_400),
    logFormat,
    logLevel,
    maxJsonBody: env.MAX_JSON_BODY || '1mb',
    maxUploadBytes: int(env, 'MAX_UPLOAD_BYTES', 2 * 1024 ** 3, 1),
    cdrTimeZone,
    cdrHomeCountry,
    // Large batches: fewer rollup rows per CDR (keys repeat within an hour) and fewer round trips.
    cdrBatchRows: int(env, 'CDR_BATCH_ROWS', 50_000, 100, 1_000_000),
    cdrBatchMaxMs: int(env, 'CDR_BATCH_MAX_MS', 250, 10, 600_000),
    asteriskUserfieldIsSourceIp: bool(env, 'ASTERISK_USERFIELD_IS_SOURCE_IP', false),
    frontendDist: env.FRONTEND_DIST || path.join(PROJECT_ROOT, 'frontend/dist/frontend/browser'),
    trustProxy: env.TRUST_PROXY || null,
    restrictionMinPrefixV4: int(env, 'RESTRICTION_MIN_PREFIX_V4', 16, 0, 32),
    restrictionMinPrefixV6: int(env, 'RESTRICTION_MIN_PREFIX_V6', 32, 0, 128),
    blacklistTrusted,
    metricsToken: metricsToken(env),
    emergencyNumbers: [...new Set([...DEFAULT_EMERGENCY_NUMBERS, ...emergencyNumbers])],
    nocAlertEmails,
    realtimeCounters: bool(env, 'REALTIME_COUNTERS', true),
    realtimeMaxKeys: int(env, 'REALTIME_MAX_KEYS', 500_000, 1_000, 50_000_000),
    smsGatewayUrl,
    smsGatewayToken: env.SMS_GATEWAY_TOKEN || null,
    smsGatewayFormat,
    smsGatewayFields,
    smsGatewayFrom: env.SMS_GATEWAY_FROM || null,
    linkSigningSecret,
    reviewLinkDays: int(env, 'REVIEW_LINK_DAYS', 14, 1, 365),
    operatorName: letterhead(env, 'OPERATOR_NAME', 'Tollgate NOC'),
    operatorContact: letterhead(env, 'OPERATOR_CONTACT', ''),
  };
}

/** One line of the letterhead: printable, at most 200 characters. */
function letterhead(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const v = (env[name] ?? '').trim() || fallback;
  // eslint-disable-next-line no-control-regex
  if (v.length > 200 || /[\u0000-\u001f\u007f]/.test(v)) {
    throw new ConfigError(`${name} must be one line of at most 200 printable characters`);
  }
  return v;
}

function metricsToken(env: NodeJS.ProcessEnv): string | null {
  const t = env.METRICS_TOKEN || null;
  if (t && t.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  return t;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
