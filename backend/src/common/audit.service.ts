import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Who did it, as the audit trail stores it; null is the system. */
export interface AuditActor {
  id: string;
  role: string;
}

/** Append-only audit trail of who changed what (the table rejects UPDATE/DELETE). */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  async record(
    actor: AuditActor | null,
    action: string,
    entity: string,
    entityId: string | null,
    details: Record<string, unknown> = {},
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor_id, actor_role, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [actor?.id ?? null, actor?.role ?? 'system', action, entity, entityId, JSON.stringify(details)],
    );
  }
}
