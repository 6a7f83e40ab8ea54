import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AuthService } from '../auth/auth.service';
import type { SessionUser } from '../auth/user';

export const ADMIN: SessionUser = {
  id: 'u-admin',
  email: 'admin@noc.example',
  name: 'Ada Admin',
  role: 'admin',
  customerId: null,
};
export const TECHNICIAN: SessionUser = {
  id: 'u-tech',
  email: 'tech@noc.example',
  name: 'Tom Tech',
  role: 'technician',
  customerId: null,
};
export const CUSTOMER_USER: SessionUser = {
  id: 'u-cust',
  email: 'ops@acme.example',
  name: 'Carla Customer',
  role: 'customer',
  customerId: 'c-acme',
};

/** Signs the real AuthService in as `user`, the way start-up does (`GET /api/auth/session`). */
export async function signInAs(user: SessionUser): Promise<void> {
  const restoring = TestBed.inject(AuthService).restoreSession();
  TestBed.inject(HttpTestingController).expectOne('/api/auth/session').flush({ user });
  await restoring;
}
