// `npm start`: build whatever is missing or older than its sources, then run the server in this process
// (so Ctrl-C / SIGTERM reach it directly and it stops PostgreSQL cleanly).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function stale(srcDirs, output) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return srcDirs.some((d) => existsSync(d) && newest(d) > built);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (ws) => execFileSync(npm, ['run', 'build', '-w', ws], { cwd: root, stdio: 'inherit' });

if (stale([path.join(root, 'backend/src')], path.join(root, 'backend/dist/main.js'))) {
  console.log('Building the backend…');
  run('backend');
}
if (stale([path.join(root, 'frontend/src')], path.join(root, 'frontend/dist/frontend/browser/index.html'))) {
  console.log('Building the web app…');
  run('frontend');
}
await import(path.join(root, 'backend/dist/main.js'));
