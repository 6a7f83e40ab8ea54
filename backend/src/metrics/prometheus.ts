import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { outboxBacklog } from '../notifications/outbox.js';
import { timerRows } from '../scheduler/timer-rows.js';
import { liveCaseCounts } from '../tickets/ticket-metric-rows.js';

/**
 * What `GET /metrics` exports, read from the database at each scrape (no counters kept in memory, so
 * several instances report the same figures): open cases by state, escalations paging and engaged, the
 * outbox backlog by kind, pending timers by kind, and Node's own process metrics.
 */
@Injectable()
export class Prometheus {
  readonly registry = new Registry();

  constructor(db: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'tollgate_' });
    new Gauge({
      name: 'tollgate_cases_open',
      help: 'Open cases (tickets not lifted or dismissed) by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await liveCaseCounts(db)) this.inc({ state: r.state }, r.n);
      },
    });
    new Gauge({
      name: 'tollgate_escalations_open',
      help: 'Open cases whose escalation is paging (unacknowledged) or engaged',
      labelNames: ['escalation'],
      registers: [this.registry],
      async collect() {
        this.reset();
        this.set({ escalation: 'paging' }, 0);
        this.set({ escalation: 'engaged' }, 0);
        for (const r of await liveCaseCounts(db))
          if (r.escalation !== 'idle') this.inc({ escalation: r.escalation }, r.n);
      },
    });
    new Gauge({
      name: 'tollgate_outbox_messages',
      help: 'Outbox messages pending delivery or failed for good, by kind',
      labelNames: ['kind', 'status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await outboxBacklog(db)) this.set({ kind: r.kind, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'tollgate_timers_pending',
      help: 'Durable timers waiting to run, by kind (page time-outs, reminders, recurring jobs)',
      labelNames: ['kind'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await timerRows.pendingByKind(db)) this.set({ kind: r.kind }, r.n);
      },
    });
  }
}
