import type { components } from '../core/api.generated';

type Schemas = components['schemas'];

/** A row of `GET /api/customers`. */
export type CustomerSummary = Schemas['CustomerSummary'];
export type Contact = Schemas['Contact'];
/** `userId` is the platform's user id ("User ID" in alert emails); `sipUsername` the SIP auth user in CDRs. */
export type Seat = Schemas['Seat'];
export type Group = Schemas['CustomerGroup'];
/** `GET /api/customers/:id`. */
export type CustomerDetail = Schemas['CustomerDetail'];

export type ContactInput = Schemas['ContactDto'];
/** Body of `POST /api/customers`. */
export type CustomerInput = Schemas['CreateCustomerDto'];
/** Body of `PATCH /api/customers/:id`: only what changed; `state: null` clears it. */
export type CustomerChanges = Schemas['UpdateCustomerDto'];
