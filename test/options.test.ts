// The command line is parsed by util.parseArgs on the fast path and by yargs for help and errors:
// both must read every command line alike, and what the fast path refuses yargs must refuse too.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseWithoutYargs, parseWithYargs } from '../src/cli/options';

const ACCEPTED: string[][] = [
  [],
  ['.'],
  ['a.json', 'b.yaml', 'dir/'],
  ['--format', 'json', 'a.json'],
  ['-f', 'compact', 'a.json'],
  ['--format=json', 'a.json'],
  ['--rule', 'schema:off', '--rule', 'secret-name:warn', 'x'],
  ['--rule=schema:off'],
  ['--account', '111122223333', '--region', 'eu-west-1', '--partition', 'aws', '--target', 'console'],
  ['--input-type', 'container-definitions', 'c.json'],
  ['--max-warnings', '0'],
  ['--max-warnings=-1'],
  ['-q', 'a.json'],
  ['--quiet', '--no-color', 'a.json'],
  ['--color'],
  ['--stdin', '--stdin-filename', 'services/web/td.json'],
  ['-o', 'out.json', '--format', 'json', '.'],
  ['--output-file=out.sarif'],
  ['--list-rules', '--format', 'json'],
  ['--print-config', '-c', 'other.json'],
  ['--explain', 'schema'],
  ['--cache', '--cache-location', '/tmp/c'],
  ['--no-warn-unrecognized', 'a.json'],
  ['--lsp', '--stdio'],
  ['--', '--not-an-option.json'],
];

for (const argv of ACCEPTED) {
  test(`both parsers agree: ${argv.join(' ') || '(no arguments)'}`, async () => {
    const fast = parseWithoutYargs(argv);
    assert.ok(fast, 'the fast path refused it');
    assert.equal(fast, await parseWithYargs(argv, '0.0.0'));
  });
}

const REFUSED: string[][] = [
  ['--frobnicate'],
  ['--format', 'xml'],
  ['--partition', 'aws-mars'],
  ['--max-warnings', 'many'],
  ['--config'],
  ['--rule'],
  ['--stdin-filename', 'x.json'],
];

for (const argv of REFUSED) {
  test(`what the fast path refuses is a usage error: ${argv.join(' ')}`, async () => {
    const fast = parseWithoutYargs(argv);
    const slow = await parseWithYargs(argv, '0.0.0');
    assert.is(slow.kind, 'usage-error');
    assert.ok(fast === undefined || fast.kind === 'usage-error', 'the fast path accepted it');
  });
}

test.run();
