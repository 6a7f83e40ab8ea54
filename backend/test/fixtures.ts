/** Two customers in the import shape of docs/api.md §Customers and inventory, used across integration specs. */
export function twoCustomers() {
  return {
    customers: [
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
              {
                userId: '6175550142@harborview.voip.example.net',
                sipUsername: 'harb-142',
                name: 'Front desk',
                did: '+16175550142',
                extension: '142',
              },
              {
                userId: '6175550143@harborview.voip.example.net',
                sipUsername: 'harb-143',
                name: 'Warehouse',
                did: '+16175550143',
                extension: '143',
              },
            ],
          },
        ],
      },
      {
        name: 'Acme Dental',
        accountCode: 'ACME01',
        timezone: 'America/Chicago',
        state: 'IL',
        ips: ['192.0.2.20'],
        contacts: [{ name: 'Lee Park', email: 'lee@acme-dental.example.com' }],
        groups: [
          {
            name: 'Clinic',
            externalId: 'ACME01-MAIN',
            seats: [
              {
                userId: '3125550111@acme.example.net',
                sipUsername: 'acme-111',
                name: 'Reception',
                did: '+13125550111',
                extension: '111',
              },
            ],
          },
        ],
      },
    ],
  };
}
