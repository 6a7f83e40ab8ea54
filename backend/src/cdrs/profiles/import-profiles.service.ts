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

@Injectable()
export class ImportProfilesService {
  constructor(private readonly db: DataSource) {}

  list(): Promise<ImportProfileRow[]> {
    return listProfiles(this.db);
  }

  async get(idOrName: string): Promise<ImportProfileRow> {
    const p = await findProfile(this.db, idOrName);
    if (!p) throw notFound(`Import profile "${idOrName}"`, CdrErrorCode.ProfileNotFound);
    return p;
  }

  async create(dto: ImportProfileDto, actorId: string | null): Promise<ImportProfileRow> {
    const fields = await this.checked(dto);
    const id = await this.naming(dto.name, () => insertProfile(this.db, fields, actorId));
    return this.get(id);
  }

  async update(id: string, dto: ImportProfileDto): Promise<ImportProfileRow> {
    const fields = await this.checked(dto);
    const found = await this.naming(dto.name, () => updateProfile(this.db, id, fields));
    if (!found) throw notFound('Import profile', CdrErrorCode.ProfileNotFound);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
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

  private async naming<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw new AppError(CdrErrorCode.ProfileNameTaken, `An import profile is already named "${name}"`);
      throw err;
    }
  }
}
