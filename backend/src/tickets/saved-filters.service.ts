import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, notFound } from '../common/app-error.js';
import { TicketErrorCode } from '../common/error-codes.js';
import type { Principal } from '../auth/principal.js';
import {
  countSavedFilters,
  deleteSavedFilter,
  hasSavedFilterNamed,
  lockSavedFilters,
  type QueueFilterFields,
  saveFilter,
  savedFiltersOf,
  type SavedFilterRow,
} from './saved-filter-rows.js';

/** Enough for every shift's views; a list a person can still read. */
export const SAVED_FILTER_LIMIT = 50;

function view(r: SavedFilterRow) {
  return { id: r.id, name: r.name, filter: r.filter, createdAt: r.created_at, updatedAt: r.updated_at };
}

/** A user's saved queue filters: per user, never shared. */
@Injectable()
export class SavedFiltersService {
  constructor(private readonly db: DataSource) {}

  async list(p: Principal) {
    return { items: (await savedFiltersOf(this.db, p.id)).map(view) };
  }

  async save(p: Principal, name: string, filter: QueueFilterFields) {
    const trimmed = name.trim();
    // Only the fields that narrow the queue: an empty one would come back as "any".
    const fields = Object.fromEntries(
      Object.entries(filter).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    ) as QueueFilterFields;
    return this.db.transaction(async (m) => {
      // Two saves at once cannot both pass the limit.
      await lockSavedFilters(m, p.id);
      if (!(await hasSavedFilterNamed(m, p.id, trimmed)) && (await countSavedFilters(m, p.id)) >= SAVED_FILTER_LIMIT) {
        throw new AppError(
          TicketErrorCode.SavedFilterLimit,
          `name: you have ${SAVED_FILTER_LIMIT} saved filters already; delete one first`,
        );
      }
      const row = await saveFilter(m, p.id, trimmed, fields);
      return { created: row.created, filter: view(row) };
    });
  }

  async delete(p: Principal, id: string): Promise<void> {
    if (!(await deleteSavedFilter(this.db, p.id, id)))
      throw notFound('saved filter', TicketErrorCode.SavedFilterNotFound);
  }
}
