import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../users/user.entity.js';
import type { Principal } from './principal.js';

/** The signed-in user (`GET /api/auth/me`, and in the login answer). */
export class SessionUser implements Principal {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Set for (and only for) customer users' })
  customerId: string | null;
}

export class LoginResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer …`; the browser app uses the HttpOnly cookie instead' })
  accessToken: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: SessionUser }) user: SessionUser;
}

/** `GET /api/auth/session`: who the browser's session is, or null (never an error: the login page asks it). */
export class SessionState {
  @ApiProperty({ type: SessionUser, nullable: true }) user: SessionUser | null;
}
