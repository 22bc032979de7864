// Reading files: what cannot be read, is too large, binary or not UTF-8 is a parse-error finding.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lintFile } from '../src/api/read';
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

test('files around the size of the read buffer (256 KiB) read whole: a finding at their end keeps its line', () => {
  for (const size of [0, 1, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 600 * 1024]) {
    const file = join(directory, `sized-${size}.json`);
    // A task definition without an execution role, padded to the size with spaces before its last key.
    const head = '{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1", "secrets": [{"name": "A", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf"}]}],\n';
    const tail = '"cpu": "256"}';
    const text = size === 0 ? '' : size === 1 ? '{' : head + ' '.repeat(size - head.length - tail.length) + tail;
    writeFileSync(file, text);
    assert.is(Buffer.byteLength(text), size);
    const result = lintFile(file, settings(), options);
    if (size <= 1) {
      const diagnostic = only(result);
      assert.is(diagnostic.messageId, 'syntax', `size ${size}`);
      assert.match(diagnostic.message, size === 0 ? /the file is empty/ : /unexpected end of file/);
      continue;
    }
    const finding = result.diagnostics.find((d) => d.ruleId === 'execution-role-required');
    assert.ok(finding, `size ${size}: ${JSON.stringify(result.diagnostics)}`);
    assert.is(finding.line, 1, `size ${size}`);
    assert.equal(result.diagnostics.filter((d) => d.ruleId === 'parse-error'), [], `size ${size}`);
  }
});

test('a file over a size limit below the read buffer is not linted either', () => {
  const file = join(directory, 'small-limit.json');
  const text = `{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1"}], "cpu": "256"${' '.repeat(2000)}}`;
  writeFileSync(file, text);
  assert.is(only(lintFile(file, settings(), options, 1000)).messageId, 'too-large');
  assert.is(lintFile(file, settings(), options, text.length).diagnostics.length, 0);
});


test('the engine renders the messages of the rules it ran: a rule given in options, with its text and help', async () => {
  const { lintText } = await import('../src/engine/lint');
  const { defineRule } = await import('../src/rules/define-rule');
  const rule = defineRule({
    id: 'house-family',
    severity: 'warn',
    description: 'Require families to start with "acme-"',
    source: 'https://example.com/house-rules',
    messages: { prefix: { text: 'family "{family}" does not start with "acme-"', help: 'Every team names its families acme-<team>-<service>.' } },
    check({ task, report }) {
      if (typeof task.family === 'string' && !task.family.startsWith('acme-')) report({ messageId: 'prefix', path: ['family'], data: { family: task.family } });
    },
  });
  const text = JSON.stringify({ family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 256 }] });
  const result = lintText(text, settings(), { fileName: 'task.json', rules: [rule] });
  assert.equal(
    result.diagnostics.map(({ ruleId, severity, message, help }) => ({ ruleId, severity, message, help })),
    [{ ruleId: 'house-family', severity: 'warn', message: 'family "web" does not start with "acme-"', help: 'Every team names its families acme-<team>-<service>.' }],
  );
});

test.run();
