import { Injectable } from '@nestjs/common';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { DataSource } from 'typeorm';
import { AppError, badInput, notFound } from '../../common/app-error.js';
import { CdrErrorCode } from '../../common/error-codes.js';
import { columnMapProblems } from '../parsing/column-map.js';
import {
  type ImportProfileFields,
  type ImportProfileRow,
  deleteProfile,
  findProfile,
  insertProfile,
  listProfiles,
  updateProfile,
} from './import-profile-rows.js';
import type { ImportProfileDto } from './import-profiles.dto.js';
import { BUILTIN_PROFILES, type BuiltinProfile, findBuiltinProfile, isBuiltinName } from './builtin-profiles.js';

/** A profile as the API shows it: a saved one, or one Tollgate ships (`builtIn`, with its slug and source). */
export type ImportProfileView = ImportProfileRow & {
  builtIn: boolean;
  slug: string | null;
  description: string | null;
  source: string | null;
};

const saved = (p: ImportProfileRow): ImportProfileView => ({
  ...p,
  builtIn: false,
  slug: null,
  description: null,
  source: null,
});
const shipped = (p: BuiltinProfile): ImportProfileView => ({ ...p, builtIn: true });

@Injectable()
export class ImportProfilesService {
  constructor(private readonly db: DataSource) {}

  /** The built-in profiles first, then the saved ones by name. */
  async list(): Promise<ImportProfileView[]> {
    return [...BUILTIN_PROFILES.map(shipped), ...(await listProfiles(this.db)).map(saved)];
  }

  /** By id or name; a built-in one also by its slug. */
  async get(idOrName: string): Promise<ImportProfileView> {
    const builtin = findBuiltinProfile(idOrName);
    if (builtin) return shipped(builtin);
    const p = await findProfile(this.db, idOrName);
    if (!p) throw notFound(`Import profile "${idOrName}"`, CdrErrorCode.ProfileNotFound);
    return saved(p);
  }

  async create(dto: ImportProfileDto, actorId: string | null): Promise<ImportProfileView> {
    const fields = await this.checked(dto);
    const id = await this.naming(dto.name, () => insertProfile(this.db, fields, actorId));
    return this.get(id);
  }

  async update(id: string, dto: ImportProfileDto): Promise<ImportProfileView> {
    this.refuseBuiltin(id);
    const fields = await this.checked(dto);
    const found = await this.naming(dto.name, () => updateProfile(this.db, id, fields));
    if (!found) throw notFound('Import profile', CdrErrorCode.ProfileNotFound);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    this.refuseBuiltin(id);
    if (!(await deleteProfile(this.db, id))) throw notFound('Import profile', CdrErrorCode.ProfileNotFound);
  }

  /** Every problem of the profile in one 400, each naming its field. */
  private async checked(dto: ImportProfileDto): Promise<ImportProfileFields> {
    const problems = columnMapProblems({ hasHeader: dto.hasHeader, columns: dto.columns, dateFormat: dto.dateFormat });
    if (dto.homeCountry && !isSupportedCountry(dto.homeCountry))
      problems.push(`homeCountry ${dto.homeCountry} is not a country with a numbering plan`);
    if (dto.customerId) {
      const rows = await this.db.query(`SELECT 1 FROM customers WHERE id = $1`, [dto.customerId]);
      if (!rows.length) problems.push('customerId names no customer');
    }
    if (problems.length) throw badInput(problems, CdrErrorCode.ProfileInvalid);
    return {
      name: dto.name.trim(),
      customerId: dto.customerId ?? null,
      hasHeader: dto.hasHeader,
      columns: dto.columns,
      dateFormat: dto.dateFormat,
      timeZone: dto.timeZone ?? null,
      homeCountry: dto.homeCountry ?? null,
    };
  }

  private refuseBuiltin(id: string): void {
    const builtin = findBuiltinProfile(id);
    if (builtin)
      throw new AppError(
        CdrErrorCode.ProfileBuiltIn,
        `"${builtin.name}" ships with Tollgate and cannot be changed; save a copy under another name`,
      );
  }

  private async naming<T>(name: string, write: () => Promise<T>): Promise<T> {
    if (isBuiltinName(name))
      throw new AppError(CdrErrorCode.ProfileNameTaken, `"${name.trim()}" names a built-in import profile`);
    try {
      return await write();
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw new AppError(CdrErrorCode.ProfileNameTaken, `An import profile is already named "${name}"`);
      throw err;
    }
  }
}
