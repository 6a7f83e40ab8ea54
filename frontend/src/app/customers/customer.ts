/** A row of `GET /api/customers`. */
export interface CustomerSummary {
  id: string;
  name: string;
  accountCode: string;
  timezone: string;
  state: string | null;
  ipCount: number;
  groupCount: number;
  seatCount: number;
  contactCount: number;
}

export interface Contact {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
}

export interface Seat {
  id: string;
  /** The platform's user id, e.g. `2125550101@acme.example.net` ("User ID" in alert emails). */
  userId: string;
  /** The SIP auth user that appears in CDRs. */
  sipUsername: string | null;
  name: string;
  did: string | null;
  extension: string | null;
}

export interface Group {
  id: string;
  name: string;
  externalId: string;
  seats: Seat[];
}

/** `GET /api/customers/:id`. */
export interface CustomerDetail {
  id: string;
  name: string;
  accountCode: string;
  timezone: string;
  state: string | null;
  contacts: Contact[];
  ips: { id: string; cidr: string }[];
  groups: Group[];
  createdAt: string;
  updatedAt: string;
}

export interface ContactInput {
  name: string;
  email?: string;
  phone?: string;
}

/** Body of `POST /api/customers`. */
export interface CustomerInput {
  name: string;
  accountCode: string;
  timezone: string;
  state?: string;
  contacts?: ContactInput[];
}

/** Body of `PATCH /api/customers/:id`: only what changed; `state: null` clears it. */
export type CustomerChanges = Partial<Omit<CustomerInput, 'state'>> & { state?: string | null };
