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
      // Queue (tickets) goes first here.
      { label: 'Customers', icon: 'business', roles: STAFF_ROLES, link: () => '/customers' },
      // Usage (dashboards) follows.
    ],
  },
  {
    label: 'My account',
    items: [
      // Portal (the customer's tickets) goes first here.
      { label: 'Account', icon: 'business', roles: ['customer'], link: (user) => `/customers/${user.customerId}` },
    ],
  },
  {
    label: 'Administration',
    items: [{ label: 'Users', icon: 'people', roles: ['admin'], link: () => '/users' }],
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
