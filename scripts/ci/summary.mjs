// Prints `N passed, M failed` from vitest's JSON report: the plain closing line CI counts.
// A missing report (the check stopped before the tests ran) counts as nothing run.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  // A test file that fails to load reports no tests at all: count it as one failure.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
  }
} catch {
  console.error(`no test report at ${file}`);
}
console.log(`${passed} passed, ${failed} failed`);
