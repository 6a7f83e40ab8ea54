import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/api-page.js';
import { ROLES, type Role } from './user.entity.js';

/** A user as the admin's user list shows it. */
export class UserAccount {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) customerId: string | null;
  @ApiProperty({ type: String, nullable: true }) customerName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'E.164, for SMS pages' }) phone: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt: Date | null;
}

export class UserAccountPage extends pageOf(UserAccount) {}

/** A colleague a case can be given to: an active technician, engineer or admin. */
export class AssignableUser {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
}

export class AssignableUserList {
  @ApiProperty({ type: [AssignableUser], description: 'By name' }) items: AssignableUser[];
}
