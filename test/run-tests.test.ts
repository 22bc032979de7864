// The test wrapper: its last line counts passed and failed tests, and it fails the run when uvu
// would not (a before hook that throws).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './support/cli';

function runWrapper(directory: string) {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/run-tests.mjs'), join('test/fixtures/runner', directory)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '' },
  });
  const lines = result.stdout.trimEnd().split('\n');
  return { code: result.status, last: lines[lines.length - 1], stdout: result.stdout };
}

test('all passing: exit 0 and "2 passed, 0 failed"', () => {
  const { code, last } = runWrapper('passing');
  assert.is(last, '2 passed, 0 failed');
  assert.is(code, 0);
});

test('a failing assertion: exit 1, and skipped tests are counted', () => {
  const { code, last } = runWrapper('failing-assertion');
  assert.is(last, '1 passed, 1 failed, 1 skipped');
  assert.is(code, 1);
});

test('an exception in a before hook fails the run although uvu exits 0', () => {
  const { code, last, stdout } = runWrapper('before-hook-throws');
  assert.is(last, '0 passed, 2 failed');
  assert.match(stdout, /did not run/);
  assert.is(code, 1);
});

test.run();
