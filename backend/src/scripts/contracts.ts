import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { apiDocument, createApp } from '../app.factory.js';
import { loadConfig } from '../config/config.js';
import { API_TYPES_FILE, apiTypes } from './api-types.js';

/*
 * `npm run contracts`: writes the web app's API types from the OpenAPI document. The app is wired in
 * preview mode (modules and controllers, no providers), so no database is needed; the drift test compares
 * the result with what the running app serves at /api/docs-json.
 */
const config = loadConfig({ LOG_LEVEL: 'error', FRONTEND_DIST: '/nonexistent' });
const app = await createApp(config, 'postgres://document-only', undefined, { preview: true });
const text = await apiTypes(apiDocument(app));
await app.close();
await writeFile(API_TYPES_FILE, text);
console.log(`wrote ${fileURLToPath(API_TYPES_FILE)}`);
