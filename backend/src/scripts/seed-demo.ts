import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import type { Principal } from '../auth/principal.js';
import { loadConfig } from '../config/config.js';
import { CustomerImportService } from '../customers/customer-import.service.js';
import { connectForScript } from '../database/connect.js';
import { UsersService } from '../users/users.service.js';
import { demoCustomers, demoUsers, DEMO_PASSWORD } from './demo-data.js';

/** `npm run seed:demo`: a small, realistic carrier so a newcomer sees a living app. Idempotent. */
async function main() {
  const config = { ...loadConfig(), logLevel: 'warn' as const };
  const db = await connectForScript(config);
  const app = await NestFactory.createApplicationContext(AppModule.register(config, db.url), {
    logger: ['error', 'warn'],
  });
  try {
    const system: Principal = {
      id: '00000000-0000-0000-0000-000000000000',
      email: 'seed',
      name: 'seed',
      role: 'admin',
      customerId: null,
    };
    const result = await app.get(CustomerImportService).import(demoCustomers(), system);
    console.log(`customers: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`);

    const users = app.get(UsersService);
    const existing = new Set<string>();
    for (
      let cursor: string | undefined, page;
      (page = await users.list(500, cursor));
      cursor = page.nextCursor ?? undefined
    ) {
      page.items.forEach((u) => existing.add(u.email));
      if (!page.nextCursor) break;
    }
    const rows: { id: string; account_code: string }[] = await app
      .get(DataSource)
      .query(`SELECT id, account_code FROM customers`);
    const byCode = new Map(rows.map((r) => [r.account_code, r.id]));
    for (const u of demoUsers()) {
      if (existing.has(u.email)) continue;
      await users.create(
        { ...u, password: DEMO_PASSWORD, customerId: u.accountCode ? byCode.get(u.accountCode) : undefined },
        system,
      );
    }
    console.log(`\nDemo users (password "${DEMO_PASSWORD}"):`);
    for (const u of demoUsers()) console.log(`  ${u.role.padEnd(10)} ${u.email}`);
  } finally {
    await app.close();
    await db.release();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
