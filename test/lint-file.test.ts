// Reading files: what cannot be read, is too large, binary or not UTF-8 is a parse-error finding.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lintFile } from '../src/cli/lint-file';
import { settings } from './support/settings';

const directory = mkdtempSync(join(tmpdir(), 'ecs-lint-files-'));
const options = { reportUnrecognized: true };

function only(result: ReturnType<typeof lintFile>) {
  assert.is(result.diagnostics.length, 1);
  return result.diagnostics[0]!;
}

test('a file that cannot be read is reported with the reason', () => {
  // A directory opens but cannot be read as a file.
  const diagnostic = only(lintFile(directory, settings(), options));
  assert.is(diagnostic.messageId, 'unreadable');
  assert.is(diagnostic.severity, 'error');
  assert.match(diagnostic.message, /cannot read the file: it is a directory/);
  assert.equal([diagnostic.line, diagnostic.column], [1, 1]);
});

test('a file over the size limit is not read', () => {
  const file = join(directory, 'large.json');
  writeFileSync(file, `{"family": "${'x'.repeat(4000)}"}`);
  const diagnostic = only(lintFile(file, settings(), options, 1024));
  assert.is(diagnostic.messageId, 'too-large');
  assert.match(diagnostic.message, /the file is 3\.9 KiB, more than the limit of 1\.0 KiB/);
});

test('UTF-16 with a byte-order mark is decoded', () => {
  const file = join(directory, 'utf16.json');
  const text = '{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1"}]}';
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  assert.equal(lintFile(file, settings(), options).diagnostics, []);
});

test.run();
