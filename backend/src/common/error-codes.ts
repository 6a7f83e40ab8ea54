/**
 * The `code` of every error body, one enum per feature. Clients branch on these, never on `message`.
 * They live in common/ so that the one error filter can map each to its HTTP status (error.filter.ts:
 * an exhaustive switch, so a code without a status does not compile). Values are stable: add, never rename.
 */

/** Cross-cutting: request shape, validation, paging, dates, and the generic code of each status. */
export enum CommonErrorCode {
  BadInput = 'bad_input',
  /** The global ValidationPipe: `message` lists every invalid field. */
  ValidationFailed = 'validation_failed',
  /** A NUL character or an unpaired UTF-16 surrogate, which PostgreSQL text cannot hold. */
  TextInvalid = 'text_invalid',
  CursorInvalid = 'cursor_invalid',
  /** Not a date (YYYY-MM-DD) or an ISO-8601 time in the years 1000 to 9999. */
  DateInvalid = 'date_invalid',
  /** A valid date that ends a range beyond what can be stored (the last day of year 9999). */
  DateOutOfRange = 'date_out_of_range',
  /** `from` not before `to`, or a range longer than allowed. */
  DateRangeInvalid = 'date_range_invalid',
  JsonMalformed = 'json_malformed',
  JsonTooDeep = 'json_too_deep',
  JsonTooManyKeys = 'json_too_many_keys',
  JsonTooManyItems = 'json_too_many_items',
  /** `__proto__`, `constructor` or `prototype` as a key. */
  JsonKeyRefused = 'json_key_refused',
  JsonNotUtf8 = 'json_not_utf8',
  /** PostgreSQL refused a value validation let through (SQLSTATE class 22, NOT NULL, CHECK). */
  ValueRefused = 'value_refused',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  RouteNotFound = 'route_not_found',
  Conflict = 'conflict',
  /** PostgreSQL unique violation (23505) that no feature turned into its own code. */
  AlreadyExists = 'already_exists',
  /** PostgreSQL foreign-key violation (23503). */
  StillReferenced = 'still_referenced',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  /** Too many attempts (failed logins); the body has `retryAfter` seconds. */
  RateLimited = 'rate_limited',
  InternalError = 'internal_error',
}

export enum AuthErrorCode {
  /** No session cookie or bearer token. */
  Unauthorized = 'unauthorized',
  /** The token is unknown or its session ended. */
  SessionExpired = 'session_expired',
  InvalidCredentials = 'invalid_credentials',
  /** The endpoint is not open to the caller's role. */
  RoleForbidden = 'role_forbidden',
  /** A change made with the session cookie from another origin. */
  CsrfOriginRefused = 'csrf_origin_refused',
  /** A text/plain or URL-encoded body, which any web page can post. */
  CsrfFormBodyRefused = 'csrf_form_body_refused',
  WeakPassword = 'weak_password',
}

export enum UserErrorCode {
  NotFound = 'user_not_found',
  EmailTaken = 'user_email_taken',
  LastAdmin = 'last_admin',
  /** `customerId` missing for a customer user, given for another role, or not a customer. */
  CustomerLinkInvalid = 'user_customer_link_invalid',
}

export enum CustomerErrorCode {
  NotFound = 'customer_not_found',
  /** Another customer holds the account code in some letter case; the body has `clash` or `clashes`. */
  AccountCodeTaken = 'account_code_taken',
  /** An IP or CIDR overlaps another customer's; the body names both (`overlaps`). */
  IpOverlap = 'ip_overlap',
  HasUsers = 'customer_has_users',
  /** A bulk import with invalid customers: `message` names each. */
  ImportInvalid = 'customer_import_invalid',
}

export enum CdrErrorCode {
  FormatUnknown = 'cdr_format_unknown',
  HeaderInvalid = 'cdr_header_invalid',
  FileEmpty = 'cdr_file_empty',
  UploadMalformed = 'cdr_upload_malformed',
  UploadTooLarge = 'cdr_upload_too_large',
  UploadTypeUnsupported = 'cdr_upload_type_unsupported',
  ImportNotFound = 'cdr_import_not_found',
  RateDeckInvalid = 'rate_deck_invalid',
  RateDeckTooLarge = 'rate_deck_too_large',
  RateDeckTypeUnsupported = 'rate_deck_type_unsupported',
  UsageWidgetUnknown = 'usage_widget_unknown',
  ProfileInvalid = 'cdr_profile_invalid',
  ProfileNotFound = 'cdr_profile_not_found',
  ProfileNameTaken = 'cdr_profile_name_taken',
  /** A built-in import profile cannot be edited or deleted. */
  ProfileBuiltIn = 'cdr_profile_built_in',
}

export enum TicketErrorCode {
  NotFound = 'ticket_not_found',
  /** The ticket changed since the client read it; the body has the current `version` and `allowedEvents`. */
  StaleVersion = 'ticket_stale_version',
  /** The event is not allowed in the ticket's state; the body has `allowedEvents`. */
  EventNotAllowed = 'event_not_allowed',
  /** The caller's role may never send this event; the body has `allowedEvents`. */
  EventForbidden = 'event_forbidden',
  EventPayloadInvalid = 'event_payload_invalid',
  /** Another ticket is open for the customer and dedupe key. */
  AlreadyOpen = 'ticket_already_open',
  NoteVisibilityForbidden = 'note_visibility_forbidden',
  ChecklistItemNotFound = 'checklist_item_not_found',
  ChecklistTemplateNotFound = 'checklist_template_not_found',
  /** A case's owner must be an active technician, engineer or admin. */
  OwnerInvalid = 'ticket_owner_invalid',
  /** A review link that was not signed by us, was altered, or is for a ticket the caller cannot see. */
  ReviewLinkInvalid = 'review_link_invalid',
  /** A genuine review link for the caller's ticket, past its expiry. */
  ReviewLinkExpired = 'review_link_expired',
  /** LIFT_RESTRICTIONS with checklist items unticked while LIFT_REQUIRES_CHECKLIST is on; the body lists `unticked`. */
  ChecklistIncomplete = 'ticket_checklist_incomplete',
  /** Not one of the caller's saved queue filters. */
  SavedFilterNotFound = 'saved_filter_not_found',
  /** A user keeps at most SAVED_FILTER_LIMIT saved queue filters. */
  SavedFilterLimit = 'saved_filter_limit',
}

export enum AttachmentErrorCode {
  NotFound = 'attachment_not_found',
  /** Larger than `ATTACHMENT_MAX_BYTES`. */
  TooLarge = 'attachment_too_large',
  /** Not a type the NOC accepts (judged by the bytes and the name's extension), or bytes that contradict the extension. */
  TypeRefused = 'attachment_type_refused',
  /** No `file` field, an empty file, a second file, or a body that is not multipart/form-data. */
  UploadInvalid = 'attachment_upload_invalid',
  /** A customer asking for an internal file. */
  VisibilityForbidden = 'attachment_visibility_forbidden',
}

export enum RestrictionErrorCode {
  ValueInvalid = 'restriction_value_invalid',
  /** An IP range broader than the configured minimum prefix, without an admin's `confirmBroad`. */
  TooBroad = 'restriction_too_broad',
  /** An IP range reaching beyond the customer's inventory, without a `reason`. */
  ReasonRequired = 'restriction_reason_required',
  ConfirmBroadForbidden = 'restriction_confirm_broad_forbidden',
}

export enum DetectedEventErrorCode {
  CustomerUnknown = 'detected_event_customer_unknown',
  EvidenceInvalid = 'detected_event_evidence_invalid',
}

export enum DetectionErrorCode {
  RuleNotFound = 'detection_rule_not_found',
  /** The rule's params do not fit its kind (a missing or unknown field). */
  ParamsInvalid = 'detection_params_invalid',
  /** `warn` at or above `block`. */
  ThresholdsInverted = 'detection_thresholds_inverted',
  /** A window of zero or negative minutes, or longer than a day. */
  WindowInvalid = 'detection_window_invalid',
  /** Not an ISO 3166 alpha-2 code the phone-number metadata knows. */
  CountryUnknown = 'detection_country_unknown',
  /** Not an E.164 prefix: `+` and 1–15 digits, no leading zero. */
  PrefixMalformed = 'detection_prefix_malformed',
  /** A customer-scoped rule without a customer, or naming one that does not exist. */
  CustomerUnknown = 'detection_customer_unknown',
  /** A backtest range that is not a range (to before from) or is longer than allowed. */
  RangeInvalid = 'detection_range_invalid',
  /** A backtest of a kind that cannot be backtested. */
  BacktestUnavailable = 'detection_backtest_unavailable',
  /** An alert contact with neither an email nor a phone, a malformed email, or a phone that is not E.164. */
  ContactInvalid = 'detection_contact_invalid',
  /** A customer user changing what only the NOC may (detection disabled, the allow-list, opt-outs). */
  SettingForbidden = 'detection_setting_forbidden',
  /** No such alert (detected event), or another customer's. */
  AlertNotFound = 'detection_alert_not_found',
}

export enum EnforcementErrorCode {
  BlocklistKindNeedsText = 'blocklist_kind_needs_text',
}

export enum BlacklistErrorCode {
  /** The `:ip` of a blacklist path is not an IP address. */
  IpInvalid = 'blacklist_ip_invalid',
  /** No blacklist entry (blacklisted, watched, trusted or whitelisted) for the IP. */
  EntryNotFound = 'blacklist_entry_not_found',
  /** Removing a whitelist from an IP that is not whitelisted. */
  NotWhitelisted = 'blacklist_not_whitelisted',
  /** `POST /api/sip-auth-failures` with a body that is not a list, or a list over the batch limit. */
  FailureBatchInvalid = 'sip_auth_failure_batch_invalid',
}

export enum OncallErrorCode {
  /** The rota or policy breaks a rule beyond field shapes: `message` names it. */
  SetupInvalid = 'oncall_setup_invalid',
  /** Two overrides cover the same time: `message` names both. */
  OverridesOverlap = 'oncall_overrides_overlap',
  /** The rotation or an override names a user who is not an active engineer. */
  EngineerUnknown = 'oncall_engineer_unknown',
  /** No on-call setup saved yet, or nobody on call now. */
  NobodyOnCall = 'oncall_nobody_on_call',
  /** The acknowledge link is unknown (mistyped, or from another installation). */
  PageLinkUnknown = 'oncall_page_link_unknown',
}

export enum ThresholdErrorCode {
  RequestNotFound = 'threshold_request_not_found',
  /** The ticket, seat or group is unknown, or belongs to another customer than the ticket. */
  TargetUnknown = 'threshold_target_unknown',
  /** Nothing requested, or a requested value that does not fit the scope (group values on a seat). */
  RequestInvalid = 'threshold_request_invalid',
  /** Approving or rejecting a request already decided. */
  AlreadyDecided = 'threshold_request_already_decided',
}

export enum AlertEmailErrorCode {
  /** An empty body, or bytes that are not a mail message (no header block). */
  MessageInvalid = 'alert_email_invalid',
  /** Larger than INBOUND_MAIL_MAX_BYTES. */
  TooLarge = 'alert_email_too_large',
  /** The body is not message/rfc822 (or a multipart form with a `file`). */
  TypeUnsupported = 'alert_email_type_unsupported',
  NotFound = 'alert_email_not_found',
  /** Only a quarantined message can be attached to a ticket (others were placed already). */
  NotQuarantined = 'alert_email_not_quarantined',
}

/** Every enum, by feature: the filter spec and the OpenAPI schema iterate these. */
export const ERROR_CODE_ENUMS = {
  common: CommonErrorCode,
  auth: AuthErrorCode,
  users: UserErrorCode,
  customers: CustomerErrorCode,
  cdrs: CdrErrorCode,
  tickets: TicketErrorCode,
  attachments: AttachmentErrorCode,
  restrictions: RestrictionErrorCode,
  detectedEvents: DetectedEventErrorCode,
  detection: DetectionErrorCode,
  enforcement: EnforcementErrorCode,
  blacklist: BlacklistErrorCode,
  oncall: OncallErrorCode,
  thresholds: ThresholdErrorCode,
  alertEmails: AlertEmailErrorCode,
} as const;

type Enums = typeof ERROR_CODE_ENUMS;
/** Any code of any feature (derived from the map, so a new enum there is a new case for the filter's switch). */
export type ErrorCode = { [F in keyof Enums]: Enums[F][keyof Enums[F]] }[keyof Enums];

export const ALL_ERROR_CODES: readonly ErrorCode[] = Object.values(ERROR_CODE_ENUMS).flatMap(
  (e) => Object.values(e) as ErrorCode[],
);
