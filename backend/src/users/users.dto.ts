import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsHardToGuess, MIN_PASSWORD_LENGTH, WEAK_PASSWORD } from '../auth/password-policy.js';
import { IsE164Phone, IsOptionalNotNull } from '../common/validators.js';
import { ROLES, type Role } from './user.entity.js';

const PASSWORD_RULE = 'At least 12 characters, and not a common, repeated or keyboard-pattern password';

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(320) email: string;
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, description: PASSWORD_RULE })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, WEAK_PASSWORD)
  @MaxLength(1024)
  @IsHardToGuess()
  password: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ description: 'Required for (and only for) the customer role' })
  @ValidateIf((o: CreateUserDto) => o.role === 'customer' || o.customerId !== undefined)
  @IsUUID()
  customerId?: string;
  @ApiPropertyOptional({ example: '+16175550100', description: 'E.164; on-call pages are also sent here by SMS' })
  @IsOptional()
  @IsE164Phone()
  phone?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptionalNotNull() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null unlinks (only for non-customer roles)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  customerId?: string | null;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, example: '+16175550100', description: 'E.164; null removes it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsE164Phone()
  phone?: string | null;
  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH, description: PASSWORD_RULE })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, WEAK_PASSWORD)
  @MaxLength(1024)
  @IsHardToGuess()
  password?: string;
}
