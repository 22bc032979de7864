// The JSON loader: exact positions of syntax errors and duplicate keys, BOM, CRLF, deep nesting,
// and source-map ranges of values and keys.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_JSON_DEPTH, parseJson } from '../src/loaders/json';

function errorAt(text: string) {
  const parsed = parseJson(text);
  assert.ok(parsed.error, 'expected a syntax error');
  return { ...parsed.source.position(parsed.error!.offset), message: parsed.error!.message };
}

test('a missing comma is reported where the next member starts', () => {
  const error = errorAt('{\n  "family": "web"\n  "cpu": "256"\n}');
  assert.equal([error.line, error.column], [3, 3]);
  assert.match(error.message, /comma/);
});

test('a truncated file is reported at its end', () => {
  const error = errorAt('{\n  "family": "web",\n  "containerDefinitions": [\n');
  assert.is(error.line, 4);
  assert.match(error.message, /end of file/);
});

test('an empty file says so', () => {
  assert.match(errorAt('  \n').message, /empty/);
});

test('a trailing comma and a comment are syntax errors', () => {
  const trailing = errorAt('{"a": 1,}');
  assert.equal([trailing.column, trailing.message], [8, 'a comma before "}" is not allowed in JSON; remove it']);
  assert.match(errorAt('{"a": 1 // note\n}').message, /comment/);
});

test('a BOM is not a column, and CRLF line ends count once', () => {
  const text = '\ufeff{\r\n  "family": "web",\r\n  "cpu": x\r\n}';
  const error = errorAt(text);
  assert.equal([error.line, error.column], [3, 10]);
  const ok = parseJson('\ufeff{"family": "web"}');
  assert.equal(ok.value, { family: 'web' });
  assert.equal(ok.sourceMap.locate(['family'], 'value').start, { line: 1, column: 12 });
});

test('a lone CR ends a line as in editors', () => {
  const parsed = parseJson('{\r"family": 1}');
  assert.equal(parsed.sourceMap.locate(['family'], 'key').start, { line: 2, column: 1 });
});

test('duplicate keys are found at the second occurrence, with the first line', () => {
  const parsed = parseJson('{\n  "family": "a",\n  "cpu": "256",\n  "family": "b"\n}');
  assert.equal(parsed.value, { family: 'b', cpu: '256' });
  const duplicates = parsed.duplicateKeys();
  assert.is(duplicates.length, 1);
  assert.is(duplicates[0]!.key, 'family');
  assert.equal(duplicates[0]!.range.start, { line: 4, column: 3 });
  assert.is(duplicates[0]!.firstRange.start.line, 2);
});

test('no duplicate scan is needed when member and colon counts agree, even with colons in strings', () => {
  const parsed = parseJson('{"image": "nginx:1.27", "a": {"b": "c:d\\":e"}}');
  assert.equal(parsed.duplicateKeys(), []);
});

test('nesting beyond the limit is a syntax error, not a stack overflow', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const error = errorAt(deep);
  assert.equal([error.line, error.column], [1, MAX_JSON_DEPTH + 1]);
  assert.match(error.message, /deeper/);
});

test('__proto__ keys stay plain members', () => {
  const parsed = parseJson('{"__proto__": {"polluted": true}, "family": "x"}');
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.ok(Object.prototype.hasOwnProperty.call(parsed.value, '__proto__'));
});

test('ranges of values and keys; a missing path falls back to the closest ancestor', () => {
  const text = '{\n  "containerDefinitions": [\n    { "name": "web", "image": "nginx" }\n  ]\n}';
  const { sourceMap } = parseJson(text);
  assert.equal(sourceMap.locate(['containerDefinitions', 0, 'image'], 'value'), {
    start: { line: 3, column: 31 },
    end: { line: 3, column: 38 },
  });
  assert.equal(sourceMap.locate(['containerDefinitions', 0, 'name'], 'key').start, { line: 3, column: 7 });
  // An array element has no key: its first character.
  assert.equal(sourceMap.locate(['containerDefinitions', 0], 'key'), {
    start: { line: 3, column: 5 },
    end: { line: 3, column: 6 },
  });
  assert.equal(sourceMap.locate(['containerDefinitions', 0, 'repositoryCredentials', 'x'], 'value').start, { line: 3, column: 5 });
});

test.run();
