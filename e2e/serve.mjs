// The app as `npm start` runs it, on a throw-away data folder so every e2e run starts empty.
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, 'artifacts', 'data');
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
chmodSync(dataDir, 0o755);
process.env.TOLLGATE_DATA_DIR = dataDir;
await import(path.join(here, '..', 'backend', 'dist', 'main.js'));
