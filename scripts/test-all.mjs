// `npm test`: lint, type checks, then every suite. Each suite writes a JSON report under reports/;
// the last line sums them: "N passed, N failed". Exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const steps = [
  { name: 'lint', args: ['run', 'lint'] },
  { name: 'typecheck', args: ['run', 'typecheck'] },
  {
    name: 'backend',
    args: ['test', '-w', 'backend'],
    env: { VITEST_JSON: path.join(reports, 'backend.json') },
    report: 'backend.json',
  },
  {
    name: 'frontend',
    args: [
      'test',
      '-w',
      'frontend',
      '--',
      '--reporters=default',
      '--reporters=json',
      `--output-file=${path.join(reports, 'frontend.json')}`,
    ],
    report: 'frontend.json',
  },
  {
    name: 'e2e',
    args: ['run', 'build'],
    then: { args: ['test', '-w', 'e2e'], env: { PW_JSON: path.join(reports, 'e2e.json') } },
    report: 'e2e.json',
    kind: 'playwright',
  },
];

let passed = 0;
let failed = 0;
let exit = 0;

function count(step) {
  const file = path.join(reports, step.report);
  if (!existsSync(file)) return false;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  if (step.kind === 'playwright') {
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
  } else {
    passed += r.numPassedTests;
    failed += r.numFailedTests;
  }
  return true;
}

for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const go = (s) => spawnSync(npm, s.args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...s.env } }).status;
  let status = go(step);
  if (status === 0 && step.then) status = go(step.then);
  if (status !== 0) exit = 1;
  if (step.report) {
    if (!count(step) && status !== 0) failed += 1; // the suite did not even report: count it as one failure
  } else if (status === 0) {
    passed += 1;
  } else {
    failed += 1;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exit);
