// Meta-tests: every rule is registered once, documented, has fixtures both ways and uses every
// message it declares; the config schema knows every rule.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RULES } from '../src/rules/index';
import { OPTIONS } from '../src/cli/options';
import { DOCS_BASE_URL } from '../src/rules/define-rule';
import { ROOT } from './support/cli';
import { fixtureFiles } from './support/fixtures';

const NOT_RULES = new Set(['index.ts', 'define-rule.ts', 'types.ts']);

test('rule ids are unique and kebab-case', () => {
  const ids = RULES.map((rule) => rule.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
});

test('src/rules holds exactly the registered rules, one file each named by its id', () => {
  const files = readdirSync(join(ROOT, 'src/rules'))
    .filter((name) => name.endsWith('.ts') && !NOT_RULES.has(name))
    .map((name) => name.replace(/\.ts$/, ''))
    .sort();
  assert.equal(files, RULES.map((rule) => rule.id).sort());
});

test('every rule has a docs page with the sections users look for and its AWS source', () => {
  for (const rule of RULES) {
    const page = join(ROOT, 'docs/rules', `${rule.id}.md`);
    assert.ok(existsSync(page), `docs/rules/${rule.id}.md is missing`);
    const text = readFileSync(page, 'utf8');
    assert.ok(text.startsWith(`# ${rule.id}`), `${rule.id}.md must start with "# ${rule.id}"`);
    for (const heading of ['## Why', '## Examples']) assert.ok(text.includes(heading), `${rule.id}.md lacks "${heading}"`);
    assert.ok(text.includes(rule.source), `${rule.id}.md must cite its source ${rule.source}`);
    assert.is(rule.docsUrl, `${DOCS_BASE_URL}${rule.id}.md`);
    assert.match(rule.source, /^https:\/\//);
  }
});

test('every rule has at least one valid and one invalid fixture', () => {
  for (const rule of RULES) {
    const base = join(ROOT, 'fixtures/rules', rule.id);
    assert.ok(fixtureFiles(join(base, 'valid')).length > 0, `${rule.id} has no valid fixture`);
    assert.ok(fixtureFiles(join(base, 'invalid')).length > 0, `${rule.id} has no invalid fixture`);
  }
});

/** Messages no text fixture can produce, each proven by the named test instead. */
const COVERED_ELSEWHERE: Record<string, Record<string, string>> = {
  'parse-error': { unreadable: 'test/lint-file.test.ts', 'too-large': 'test/lint-file.test.ts' },
  schema: { invalid: 'test/schema-rule.test.ts' },
};

test('every message a rule declares is produced by one of its invalid fixtures', () => {
  for (const rule of RULES) {
    const directory = join(ROOT, 'fixtures/rules', rule.id, 'invalid');
    const used = new Set<string>();
    for (const name of existsSync(directory) ? readdirSync(directory) : []) {
      if (!name.endsWith('.expected.json')) continue;
      for (const diagnostic of JSON.parse(readFileSync(join(directory, name), 'utf8')) as Array<{ messageId: string }>) {
        used.add(diagnostic.messageId);
      }
    }
    for (const [id, testFile] of Object.entries(COVERED_ELSEWHERE[rule.id] ?? {})) {
      assert.ok(readFileSync(join(ROOT, testFile), 'utf8').includes(`'${id}'`), `${testFile} must test ${rule.id}/${id}`);
      used.add(id);
    }
    const unused = Object.keys(rule.messages).filter((id) => !used.has(id));
    assert.equal(unused, [], `${rule.id}: messages without an invalid fixture`);
  }
});

/** Longest message text, counted on the template as written, its placeholders included. */
const MAX_TEXT = 120;

test('every message has a text of one sentence of at most 120 characters; a help, where there is one, is sentences', () => {
  for (const rule of RULES) {
    for (const [id, message] of Object.entries(rule.messages)) {
      const where = `${rule.id}/${id}`;
      assert.ok(typeof message.text === 'string' && message.text.trim() !== '', `${where} has no text`);
      assert.ok(message.text.length <= MAX_TEXT, `${where}: the text has ${message.text.length} characters, more than ${MAX_TEXT}; move the why into help`);
      assert.not.match(message.text, /\. [A-Z]/, `${where}: the text is one sentence (use a semicolon, or move the rest into help)`);
      assert.not.match(message.text, /[.\s]$/, `${where}: the text ends without a period or space (outputs add their own)`);
      if (message.help !== undefined) {
        assert.match(message.help, /^\S.*\.$/s, `${where}: the help is one or more sentences, ending with a period`);
      }
      // Braces are for placeholders only: SARIF message strings (§3.11.5) reserve them.
      for (const template of [message.text, message.help ?? '']) {
        assert.not.match(template.replace(/\{\w+\}/g, ''), /[{}]/, `${where}: a brace that is not a {placeholder}`);
      }
    }
  }
});

test('every messageId the invalid fixtures expect is one its rule declares, with a text', () => {
  const rules = new Map(RULES.map((rule) => [rule.id, rule]));
  for (const rule of RULES) {
    const directory = join(ROOT, 'fixtures/rules', rule.id, 'invalid');
    for (const name of existsSync(directory) ? readdirSync(directory) : []) {
      if (!name.endsWith('.expected.json')) continue;
      for (const { ruleId, messageId } of JSON.parse(readFileSync(join(directory, name), 'utf8')) as Array<{ ruleId: string; messageId: string }>) {
        const text = rules.get(ruleId)?.messages[messageId]?.text;
        assert.ok(typeof text === 'string' && text !== '', `${rule.id}/invalid/${name}: ${ruleId}/${messageId} has no text`);
      }
    }
  }
});

test('the config schema lists exactly the registered rules', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/config.schema.json'), 'utf8')) as {
    properties: { rules: { propertyNames: { enum: string[] } } };
  };
  assert.equal([...schema.properties.rules.propertyNames.enum].sort(), RULES.map((rule) => rule.id).sort());
});

test('the README lists every rule with a link to its page', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const rule of RULES) assert.ok(readme.includes(`[\`${rule.id}\`](docs/rules/${rule.id}.md)`), `README lacks ${rule.id}`);
});


test("the README's options table names every option of --help, and no other", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const usage = readme.slice(readme.indexOf('## Usage'), readme.indexOf('### Exit codes'));
  const listed = new Set<string>();
  for (const line of usage.split('\n')) {
    const first = /^\| (.+?) \| /.exec(line)?.[1];
    if (!first || first === 'option' || first.startsWith('---')) continue;
    for (const match of first.matchAll(/(?:^|[\s`,])(-{1,2}[a-z][a-z-]*)/g)) listed.add(match[1]!);
  }
  const expected = new Set(['-v', '--version', '-h', '--help']);
  for (const option of OPTIONS) {
    expected.add(`--${option.name}`);
    if (option.alias) expected.add(`-${option.alias}`);
    // A switch that is on by default is turned off with --no-…; --color goes both ways.
    if (option.type === 'boolean' && (option.default === true || option.name === 'color')) expected.add(`--no-${option.name}`);
  }
  assert.equal([...listed].sort(), [...expected].sort());
});

test('every fixable rule (or one with suggestions) has a "## Fix" section, and the README lists exactly the fixable ones', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const fixes = readme.slice(readme.indexOf('## Fixes'), readme.indexOf('\n## ', readme.indexOf('## Fixes') + 1));
  const listed = [...fixes.matchAll(/^\| \[`([a-z-]+)`\]/gm)].map((match) => match[1]);
  assert.equal(listed.sort(), RULES.filter((rule) => rule.fixable).map((rule) => rule.id).sort());
  for (const rule of RULES) {
    const page = readFileSync(join(ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
    assert.is(page.includes('\n## Fix\n'), rule.fixable === true || rule.hasSuggestions === true, `${rule.id}.md: a "## Fix" section`);
  }
});

test('no test file registers a test after its suite has run (uvu would never run it)', () => {
  const late: string[] = [];
  for (const file of readdirSync(join(ROOT, 'test')).filter((name) => name.endsWith('.test.ts'))) {
    const lines = readFileSync(join(ROOT, 'test', file), 'utf8').split('\n');
    const ran = new Map<string, number>();
    lines.forEach((line, index) => {
      const run = /^(\w+)\.run\(\);/.exec(line);
      if (run) ran.set(run[1]!, index);
    });
    lines.forEach((line, index) => {
      const registration = /^(?:testWithTool\((\w+),|(\w+)(?:\.only|\.skip)?\()/.exec(line);
      const suite = registration?.[1] ?? registration?.[2];
      if (suite !== undefined && (ran.get(suite) ?? Infinity) < index) late.push(`test/${file}:${index + 1}`);
    });
  }
  assert.equal(late, []);
});

test.run();
