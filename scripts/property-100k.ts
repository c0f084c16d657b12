/**
 * Runs the property tests (test/property) with 100,000 runs per property instead of CI's 1,000,
 * for a long local soak: `npx tsx scripts/property-100k.ts [more vitest arguments]`.
 * About half an hour on two cores (29 and 34 minutes measured, 2026-12-07); the exit code is
 * vitest's. Each test gets an hour: vitest's default minute (vitest.config.ts) is for CI's 1,000
 * runs, and a property without a timeout of its own would fail here on time, not on a
 * counterexample.
 *
 * A failure prints its seed (`{ seed: 346686422, path: … }`); the same seed and run count give
 * the same cases again, up to the failing one (test/helpers/property-seed.ts), for example:
 *
 *   SIEMKIT_PROPERTY_SEED=346686422 SIEMKIT_PROPERTY_RUNS=100000 npx vitest run \
 *     test/property/leef.property.test.ts -t 'hostile product identity' --testTimeout=3600000
 */
import { spawn } from 'node:child_process';

const RUNS = '100000';
const TEST_TIMEOUT_MS = String(60 * 60 * 1000);

const child = spawn('npx', ['vitest', 'run', 'test/property', `--testTimeout=${TEST_TIMEOUT_MS}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, SIEMKIT_PROPERTY_RUNS: RUNS },
  // npx is npx.cmd on Windows, which only a shell can start.
  shell: process.platform === 'win32',
});
child.on('error', (err) => {
  console.error(`could not start vitest: ${err.message}`);
  process.exitCode = 1;
});
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
