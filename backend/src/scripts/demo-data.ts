import type { ImportCustomerDto } from '../customers/customers.dto.js';
import type { Role } from '../users/user.entity.js';

export const DEMO_PASSWORD = 'tollgate-demo-2026';

const seat = (npa: string, line: string, domain: string, name: string, sipPrefix: string) => ({
  userId: `${npa}555${line}@${domain}`,
  sipUsername: `${sipPrefix}-${line}`,
  name,
  did: `+1${npa}555${line}`,
  extension: line.slice(-3),
});

/** A small ITSP's book: a logistics firm, a dental chain, a law office, a call centre, a hotel. */
export function demoCustomers(): ImportCustomerDto[] {
  return [
    {
      name: 'Harborview Logistics',
      accountCode: 'HARB009',
      timezone: 'America/New_York',
      state: 'MA',
      ips: ['203.0.113.10', '198.51.100.0/28'],
      contacts: [{ name: 'Dana Reyes', email: 'dana@harborview.example.com', phone: '+16175550100' }],
      groups: [
        {
          name: 'Boston office',
          externalId: 'HARB009-BOSTON',
          seats: [
            seat('617', '0142', 'harborview.voip.example.net', 'Front desk', 'harb'),
            seat('617', '0143', 'harborview.voip.example.net', 'Warehouse', 'harb'),
            seat('617', '0144', 'harborview.voip.example.net', 'Dispatch', 'harb'),
          ],
        },
        {
          name: 'Providence depot',
          externalId: 'HARB009-PVD',
          seats: [seat('401', '0190', 'harborview.voip.example.net', 'Depot manager', 'harb')],
        },
      ],
    },
    {
      name: 'Acme Dental Group',
      accountCode: 'ACME01',
      timezone: 'America/Chicago',
      state: 'IL',
      ips: ['192.0.2.20', '192.0.2.21'],
      contacts: [{ name: 'Lee Park', email: 'lee@acme-dental.example.com', phone: '+13125550111' }],
      groups: [
        {
          name: 'Loop clinic',
          externalId: 'ACME01-LOOP',
          seats: [
            seat('312', '0111', 'acme.voip.example.net', 'Reception', 'acme'),
            seat('312', '0112', 'acme.voip.example.net', 'Billing', 'acme'),
          ],
        },
      ],
    },
    {
      name: 'Okafor & Lindqvist LLP',
      accountCode: 'OKLI22',
      timezone: 'America/Los_Angeles',
      state: 'CA',
      ips: ['198.51.100.64/29'],
      contacts: [{ name: 'Ines Okafor', email: 'it@okli.example.com' }],
      groups: [
        {
          name: 'San Francisco',
          externalId: 'OKLI22-SF',
          seats: [
            seat('415', '0170', 'okli.voip.example.net', 'Ines Okafor', 'okli'),
            seat('415', '0171', 'okli.voip.example.net', 'Mats Lindqvist', 'okli'),
            seat('415', '0172', 'okli.voip.example.net', 'Paralegal pool', 'okli'),
          ],
        },
      ],
    },
    {
      name: 'Brightline Contact Center',
      accountCode: 'BRCC07',
      timezone: 'America/Toronto',
      state: 'ON',
      ips: ['203.0.113.128/26'],
      contacts: [{ name: 'NOC liaison', email: 'noc@brightline.example.ca', phone: '+14165550199' }],
      groups: [
        {
          name: 'Floor A',
          externalId: 'BRCC07-A',
          seats: Array.from({ length: 6 }, (_, i) =>
            seat('416', `02${10 + i}`, 'brightline.voip.example.net', `Agent ${i + 1}`, 'brcc'),
          ),
        },
      ],
    },
    {
      name: 'Seaside Inn & Suites',
      accountCode: 'SEAS31',
      timezone: 'America/New_York',
      state: 'FL',
      ips: ['192.0.2.200'],
      contacts: [{ name: 'Front office', email: 'frontoffice@seaside.example.com' }],
      groups: [
        {
          name: 'Hotel PBX',
          externalId: 'SEAS31-PBX',
          seats: [
            seat('305', '0301', 'seaside.voip.example.net', 'Lobby', 'seas'),
            seat('305', '0302', 'seaside.voip.example.net', 'Room 204', 'seas'),
          ],
        },
      ],
    },
  ];
}

export function demoUsers(): { email: string; name: string; role: Role; accountCode?: string }[] {
  return [
    { email: 'tech@demo.tollgate.local', name: 'Terry Okoye', role: 'technician' },
    { email: 'tech2@demo.tollgate.local', name: 'Sam Varga', role: 'technician' },
    { email: 'oncall@demo.tollgate.local', name: 'Priya Raman', role: 'engineer' },
    { email: 'manager@demo.tollgate.local', name: 'Morgan Blake', role: 'manager' },
    { email: 'dana@harborview.example.com', name: 'Dana Reyes', role: 'customer', accountCode: 'HARB009' },
    { email: 'lee@acme-dental.example.com', name: 'Lee Park', role: 'customer', accountCode: 'ACME01' },
  ];
}
