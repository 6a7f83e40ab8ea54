import { type Role, type SessionUser, STAFF_ROLES } from '../auth/user';

export interface NavItem {
  label: string;
  icon: string;
  roles: readonly Role[];
  link: (user: SessionUser) => string;
}

export interface NavSection {
  label: string;
  items: readonly NavItem[];
}

/**
 * The side navigation, by section. A feature adds its entry here with the roles that may see it;
 * the route itself is still guarded (`roleGuard`), this only decides what is shown.
 */
export const NAV_SECTIONS: readonly NavSection[] = [
  {
    label: 'Operations',
    items: [
      { label: 'Queue', icon: 'queue', roles: STAFF_ROLES, link: () => '/tickets' },
      { label: 'Customers', icon: 'business', roles: STAFF_ROLES, link: () => '/customers' },
      { label: 'Detected events', icon: 'warning', roles: STAFF_ROLES, link: () => '/events' },
      { label: 'Detection rules', icon: 'rule', roles: STAFF_ROLES, link: () => '/rules' },
      { label: 'Usage', icon: 'chart', roles: STAFF_ROLES, link: () => '/usage' },
      { label: 'Call records', icon: 'file', roles: STAFF_ROLES, link: () => '/calls' },
      { label: 'CDR imports', icon: 'upload', roles: ['admin', 'technician'], link: () => '/cdrs' },
      { label: 'Alert emails', icon: 'upload', roles: ['admin', 'technician'], link: () => '/mail' },
      { label: 'Blacklist', icon: 'block', roles: STAFF_ROLES, link: () => '/blacklist' },
      { label: 'On call', icon: 'people', roles: STAFF_ROLES, link: () => '/oncall' },
      { label: 'Case metrics', icon: 'chart', roles: STAFF_ROLES, link: () => '/case-metrics' },
    ],
  },
  {
    label: 'My account',
    items: [
      { label: 'My tickets', icon: 'ticket', roles: ['customer'], link: () => '/portal' },
      { label: 'Alerts', icon: 'warning', roles: ['customer'], link: () => '/portal/alerts' },
      { label: 'Usage', icon: 'chart', roles: ['customer'], link: () => '/usage' },
      { label: 'Call records', icon: 'file', roles: ['customer'], link: () => '/calls' },
      { label: 'Account', icon: 'business', roles: ['customer'], link: (user) => `/customers/${user.customerId}` },
    ],
  },
  {
    label: 'Administration',
    items: [
      { label: 'Users', icon: 'people', roles: ['admin'], link: () => '/users' },
      { label: 'Mailbox', icon: 'file', roles: ['admin'], link: () => '/mail/mailbox' },
    ],
  },
];

/** The sections and entries a user may see; empty sections are left out. */
export function navFor(user: SessionUser): { label: string; items: { label: string; icon: string; link: string }[] }[] {
  return NAV_SECTIONS.map((section) => ({
    label: section.label,
    items: section.items
      .filter((item) => item.roles.includes(user.role))
      .map((item) => ({ label: item.label, icon: item.icon, link: item.link(user) })),
  })).filter((section) => section.items.length > 0);
}
