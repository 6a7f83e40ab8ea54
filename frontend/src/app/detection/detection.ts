import type { components } from '../core/api.generated';

type Schemas = components['schemas'];

/** `GET /api/customers/:id/detection`. */
export type DetectionSettings = Schemas['DetectionSettingsView'];
/** Body of `PATCH /api/customers/:id/detection`: only the parts that change. */
export type DetectionSettingsChange = Schemas['UpdateDetectionSettingsDto'];
export type AlertContact = Schemas['AlertContactDto'];
export type AlertSeverity = Schemas['AlertSeverity'];
export type BaselineJurisdiction = Schemas['BaselineJurisdiction'];
/** `GET /api/alerts/:id`. */
export type Alert = Schemas['AlertView'];
export type AlertChartHour = Schemas['AlertChartHour'];

export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['notify', 'warning', 'urgent'];
export const JURISDICTION_LABELS: Readonly<Record<BaselineJurisdiction, string>> = {
  interstate: 'Interstate',
  intrastate: 'Intrastate',
  international: 'International',
  toll_free: 'Toll-free',
};
