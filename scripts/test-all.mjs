// `npm test`: lint, type checks, the build, then every suite. Each suite writes a JSON report under reports/;
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

// Fewest tests each suite must report, a little below today's counts (2026-11-27: backend 4,775, frontend 108,
// e2e 5; e2e is too small to leave slack): a suite that silently loses files (a glob, a config, a crash before
// collection) fails. Raise as you add.
const MIN_TESTS = { backend: 4700, frontend: 100, e2e: 5 };

const steps = [
  { name: 'lint', args: ['run', 'lint'] },
  { name: 'typecheck', args: ['run', 'typecheck'] },
  // Before the suites: the backend's launcher test runs `npm start`, and e2e serves the built app.
  { name: 'build', args: ['run', 'build'] },
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
    args: ['test', '-w', 'e2e'],
    env: { PW_JSON: path.join(reports, 'e2e.json') },
    report: 'e2e.json',
    kind: 'playwright',
  },
];

/** Reads a suite's report into { passed, failed, problems }: anything that is not a passing test is a failure. */
function tally(step) {
  const file = path.join(reports, step.report);
  if (!existsSync(file)) return { passed: 0, failed: 1, problems: ['wrote no report'] };
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const problems = [];
  let passed;
  let failed;
  let total;
  if (step.kind === 'playwright') {
    total = r.stats.expected + r.stats.flaky + r.stats.unexpected + r.stats.skipped;
    passed = r.stats.expected + r.stats.flaky;
    failed = r.stats.unexpected + r.stats.skipped;
    if (r.stats.skipped) problems.push(`${r.stats.skipped} skipped tests`);
    // Errors outside any test: the web server did not start, a spec file did not load, …
    for (const e of r.errors ?? []) problems.push(`error: ${(e.message ?? String(e)).split('\n')[0]}`);
    failed += r.errors?.length ?? 0;
  } else {
    total = r.numTotalTests;
    passed = r.numPassedTests;
    failed = r.numFailedTests;
    for (const f of r.testResults) {
      const name = path.relative(root, f.name);
      const statuses = f.assertionResults.map((a) => a.status);
      if (f.status === 'failed' && !statuses.includes('failed')) {
        // A file whose beforeAll (or import) threw: its tests are "skipped" or absent, so count the file.
        failed += 1;
        problems.push(`${name} failed outside its tests: ${(f.message || 'a hook threw').split('\n')[0]}`);
      } else if (f.status !== 'failed') {
        const skipped = statuses.filter((s) => s !== 'passed' && s !== 'failed').length;
        if (skipped) problems.push(`${name}: ${skipped} skipped or todo tests`);
        failed += skipped;
      }
    }
    if (!r.success && failed === 0) {
      failed += 1; // e.g. an unhandled error after the tests: the report only says it did not succeed
      problems.push('the run did not succeed (unhandled errors?)');
    }
  }
  const min = MIN_TESTS[step.name];
  if (total < min) {
    failed += 1;
    problems.push(`reported ${total} tests, fewer than the ${min} expected (MIN_TESTS in scripts/test-all.mjs)`);
  }
  return { passed, failed, problems };
}

let passed = 0;
let failed = 0;
let exit = 0;
const summary = [];

for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const status = spawnSync(npm, step.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  }).status;
  if (status !== 0) exit = 1;
  if (step.report) {
    const t = tally(step);
    passed += t.passed;
    failed += t.failed;
    if (t.failed && status === 0) exit = 1;
    summary.push(`${step.name}: ${t.passed} passed, ${t.failed} failed${t.problems.map((p) => `\n  - ${p}`).join('')}`);
  } else {
    if (status === 0) passed += 1;
    else failed += 1;
    summary.push(`${step.name}: ${status === 0 ? 'ok' : `failed (exit ${status})`}`);
  }
}

console.log(`\n${summary.join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exit);
