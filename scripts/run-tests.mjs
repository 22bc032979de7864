// Runs the uvu suites (TypeScript through tsx) in a child process, passes their output through, and
// ends with one plain line CI can read: "N passed, N failed" (and ", N skipped", after the notices
// that name each skipped test and what it needs).
// uvu alone prints Total/Passed lines and exits 0 when a suite's before hook throws (its tests are
// counted but never run): here every test that did not pass counts as failed.
//
// Usage: node scripts/run-tests.mjs [directory] [file-pattern]   (default: test \.test\.ts$)

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const [directory = 'test', pattern = '\\.test\\.ts$'] = process.argv.slice(2);
const require = createRequire(import.meta.url);
// uvu does not export its bin; it sits next to dist/ in the package.
const uvuBin = join(dirname(require.resolve('uvu')), '..', 'bin.js');

const child = spawn(process.execPath, ['--import', 'tsx', uvuBin, directory, pattern, '--ignore', 'fixtures', ...(process.stdout.isTTY ? [] : ['--no-color'])], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: process.env,
});

let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk.toString();
  process.stdout.write(chunk);
});

child.on('close', (code, signal) => {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const count = (label) => {
    const matches = [...plain.matchAll(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'gm'))];
    const last = matches[matches.length - 1];
    return last ? Number(last[1]) : undefined;
  };
  const total = count('Total');
  const passed = count('Passed') ?? 0;
  const skipped = count('Skipped') ?? 0;
  let failed = total === undefined ? 0 : total - passed;
  const notes = [];
  if (total === undefined) {
    notes.push('the test process ended before printing its totals');
    failed = Math.max(failed, 1);
  } else if (failed > 0 && !/FAIL/.test(plain)) {
    notes.push(`${failed} test(s) did not run: an exception in a before or after hook?`);
  }
  if ((code !== 0 || signal) && failed === 0) {
    notes.push(`the test process exited with ${signal ?? `code ${code}`}`);
    failed = 1;
  }
  for (const note of notes) process.stdout.write(`\n${note}\n`);
  // The notices of tests skipped for a missing program (test/support/tools.ts), again at the end.
  const skips = [...plain.matchAll(/^skipped: .*$/gm)].map((match) => match[0]);
  if (skips.length > 0) process.stdout.write(`\n${skips.join('\n')}\n`);
  process.stdout.write(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
  process.exitCode = failed > 0 ? 1 : 0;
});
