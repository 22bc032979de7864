// Hostile input, run as a user runs the built command (`node bin/ecs-lint.js --format json <dir>`):
// each case is linted among good files, and must give a clear diagnostic (with its position where
// there is one), exit 1 and not 2, print no stack trace, leave the good files linted, and finish in
// bounded time. A path that does not exist is the one input that exits 2, with a clear message.
// Timings are printed (HOSTILE_TIMINGS=0 to silence them).

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify as yamlStringify } from 'yaml';
import { lintText } from '../src/engine/lint';
import { SourceText } from '../src/core/source-text';
import { decodeSource } from '../src/loaders/decode';
import { prepareAllFormats } from '../src/loaders/formats';
import {
  AUTHORIZATION_DETAILS,
  STACK_TRACE,
  TASK_CLEAN,
  TASK_NO_ROLE,
  TASK_WITH_SECRETS,
  TEMPLATE_YAML,
  TERRAFORM,
  hostileDirectory,
  parseJsonReport,
  preview,
  rangeProblem,
  removeDirectories,
  runCliTimed,
  type JsonMessage,
  type JsonResult,
  type TimedRun,
} from './support/hostile';
import { pascalCaseKeys, swappedTaskDefinition, type JsonPath } from './support/hostile-schema';

const test = suite('hostile input');
const timings: Array<[string, number]> = [];
/** The temporary directories of this suite, removed at its end. */
const made: string[] = [];

/**
 * The good files every case is linted among, with the finding each must still get. The Terraform
 * one joins the cases that have Terraform files (loading the HCL parser costs every run ~0.2 s).
 */
const GOOD: Record<string, string> = {
  'good/task.json': TASK_NO_ROLE,
  'good/template.yaml': TEMPLATE_YAML,
};
const GOOD_TERRAFORM: Record<string, string> = { 'good/tf/main.tf': TERRAFORM };
const GOOD_FINDINGS: Array<{ file: string; ruleId: string; line: number; column: number }> = [
  { file: 'good/task.json', ruleId: 'execution-role-required', line: 12, column: 7 },
  { file: 'good/template.yaml', ruleId: 'fargate-platform-version', line: 55, column: 24 },
  { file: 'good/tf/main.tf', ruleId: 'fargate-platform-version', line: 55, column: 22 },
];

interface CaseRun {
  name: string;
  directory: string;
  /** The good files of the run. */
  good: string[];
  run: TimedRun;
  results: JsonResult[];
  /** The results of one file by its path as reported (relative to the directory). */
  file(path: string): JsonResult | undefined;
  messages(path: string): JsonMessage[];
}

interface CaseOptions {
  /** Arguments instead of "." (the whole directory). */
  args?: string[];
  /** Kill the run after this long (a hang must fail the test, not stall it). */
  timeoutMs?: number;
  /** Prepare the directory further (symlinks, FIFOs, permissions). */
  prepare?: (directory: string) => void;
  /** Without the good files. */
  alone?: boolean;
  /** With the good Terraform file even when the case has no .tf file. */
  terraform?: boolean;
}

/** Lints hostile files among the good ones; no assertion (see lintCase). */
function runCase(name: string, files: Record<string, string | Uint8Array>, options: CaseOptions = {}): CaseRun & { parseProblem?: string } {
  const withTerraform = Object.keys(files).some((path) => path.endsWith('.tf')) || options.terraform === true;
  const good = options.alone ? {} : { ...GOOD, ...(withTerraform ? GOOD_TERRAFORM : {}) };
  const directory = hostileDirectory({ ...good, ...files }, made);
  options.prepare?.(directory);
  const run = runCliTimed(['--format', 'json', ...(options.args ?? ['.'])], { cwd: directory, timeoutMs: options.timeoutMs ?? 30_000 });
  timings.push([name, run.ms]);
  let results: JsonResult[] = [];
  let parseProblem: string | undefined;
  try {
    results = parseJsonReport(run.stdout);
  } catch (error) {
    parseProblem = (error as Error).message;
  }
  const byPath = new Map(results.map((result) => [result.filePath, result]));
  return {
    name,
    directory,
    good: Object.keys(good),
    run,
    results,
    ...(parseProblem ? { parseProblem } : {}),
    file: (path) => byPath.get(path),
    messages: (path) => byPath.get(path)?.messages ?? [],
  };
}

/** The run's own problems: a hang, a stack trace, an internal error, output that is not the JSON report. */
function runProblems(c: ReturnType<typeof runCase>, timeoutMs: number): string[] {
  const problems: string[] = [];
  if (c.run.timedOut) problems.push(`still running after ${timeoutMs} ms (a hang, or far too slow): killed`);
  if (STACK_TRACE.test(c.run.stderr)) problems.push(`a stack trace on stderr: ${preview(c.run.stderr, 1500)}`);
  else if (/internal error/i.test(c.run.stderr)) problems.push(`an internal error: ${preview(c.run.stderr, 1500)}`);
  if (c.parseProblem && !c.run.timedOut) problems.push(c.parseProblem);
  return problems;
}

/** Lints hostile files among the good ones and checks what every run must satisfy. */
function lintCase(name: string, files: Record<string, string | Uint8Array>, options: CaseOptions = {}): CaseRun {
  const c = runCase(name, files, options);
  const [problem] = runProblems(c, options.timeoutMs ?? 30_000);
  assert.is(problem, undefined, `${name}: ${problem}`);
  return c;
}

/** The good files were linted and gave their findings. */
function assertGoodLinted(c: CaseRun): void {
  for (const expected of GOOD_FINDINGS.filter((finding) => c.good.includes(finding.file))) {
    const found = c.messages(expected.file).some((m) => m.ruleId === expected.ruleId && m.line === expected.line && m.column === expected.column);
    assert.ok(found, `${c.name}: ${expected.file} lacks ${expected.ruleId} at ${expected.line}:${expected.column}; got ${JSON.stringify(c.messages(expected.file).map((m) => `${m.ruleId}@${m.line}:${m.column}`))}`);
  }
}

/** Every message is short, and every range lies inside its file's text (all problems listed at once). */
function assertMessagesSane(c: CaseRun, maxMessage = 2048): void {
  assert.equal(messageProblems(c, maxMessage), [], `${c.name}: messages too long or ranges outside the file`);
}

function messageProblems(c: CaseRun, maxMessage = 2048): string[] {
  const problems: string[] = [];
  for (const result of c.results) {
    let text = '';
    try {
      const bytes = readFileSync(join(c.directory, result.filePath));
      const decoded = bytes.length <= 16 * 1024 * 1024 ? decodeSource(bytes) : undefined;
      // Text that is not UTF-8: positions are those of the valid text before the bad byte.
      text = decoded && 'text' in decoded ? decoded.text : bytes.length <= 16 * 1024 * 1024 ? bytes.toString('utf8') : '';
    } catch {
      text = '';
    }
    for (const message of result.messages) {
      if (message.message.length > maxMessage) {
        problems.push(`${result.filePath}: a ${message.ruleId} (${message.messageId}) message of ${message.message.length} characters: ${preview(message.message, 120)}`);
      }
      const problem = rangeProblem(text, message);
      if (problem) problems.push(`${result.filePath}: ${message.ruleId} at ${message.line}:${message.column}-${message.endLine}:${message.endColumn}: ${problem}`);
    }
  }
  return problems;
}

/** The standard checks: exit code, good files linted, sane messages. */
function assertCase(c: CaseRun, code = 1): void {
  assert.is(c.run.code, code, `${c.name}: exit code ${c.run.code}, expected ${code}; stderr: ${preview(c.run.stderr)}`);
  assertGoodLinted(c);
  assertMessagesSane(c);
}

function only(c: CaseRun, path: string, ruleId = 'parse-error'): JsonMessage {
  const messages = c.messages(path).filter((m) => m.ruleId === ruleId);
  assert.ok(messages.length > 0, `${c.name}: no ${ruleId} for ${path}; got ${JSON.stringify(c.messages(path).map((m) => `${m.ruleId}: ${m.message}`))}`);
  return messages[0]!;
}

function at(message: JsonMessage, line: number, column: number, what: string): void {
  assert.equal({ line: message.line, column: message.column }, { line, column }, `${what}: position of "${message.message}"`);
}

/** 1-based line and column of a text offset, as editors count them. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  return new SourceText(text).position(offset);
}

// ---------------------------------------------------------------------------------------------

test('truncated JSON, YAML and Terraform: a parse-error at the end, the good files still linted', () => {
  const json = TASK_CLEAN.slice(0, TASK_CLEAN.indexOf('"portMappings"'));
  const yamlCut = TEMPLATE_YAML.indexOf('RequiresCompatibilities: [FARGATE') + 'RequiresCompatibilities: [FARGATE'.length;
  const yaml = TEMPLATE_YAML.slice(0, yamlCut);
  const terraform = TERRAFORM.slice(0, TERRAFORM.indexOf('repositoryCredentials = {') + 10);
  const c = lintCase('truncated', { 'cut/task.json': json, 'cut/template.yaml': yaml, 'cut/tf/main.tf': terraform });
  assertCase(c);
  const jsonError = only(c, 'cut/task.json');
  assert.match(jsonError.message, /^invalid JSON: unexpected end of file: /);
  at(jsonError, positionOf(json, json.length).line, positionOf(json, json.length).column, 'truncated JSON');
  assert.is(jsonError.fatal, true);
  const yamlError = only(c, 'cut/template.yaml');
  assert.match(yamlError.message, /^invalid YAML: /);
  assert.ok(yamlError.line >= positionOf(yaml, yamlCut).line - 1, `the YAML error points near the cut (line ${yamlError.line})`);
  const hclError = only(c, 'cut/tf/main.tf');
  assert.match(hclError.message, /^invalid HCL/);
});

test('a file cut in the middle of a UTF-8 character: an encoding error at that byte', () => {
  const text = '{\n  "family": "café",\n';
  const bytes = Buffer.from(text, 'utf8');
  const cut = bytes.subarray(0, bytes.indexOf(0xa9)); // "é" is C3 A9: keep C3 only
  const c = lintCase('cut UTF-8', { 'cut.json': cut });
  assertCase(c);
  const error = only(c, 'cut.json');
  assert.match(error.message, /not valid UTF-8: the byte at offset \d+/);
  at(error, 2, 17, 'cut UTF-8');
});

test('empty and blank files named on the command line: a clear diagnostic at 1:1', () => {
  const c = lintCase(
    'empty files',
    { 'empty.json': '', 'blank.json': ' \n\t\n', 'empty.yaml': '', 'empty.tf': '' },
    { args: ['empty.json', 'blank.json', 'empty.yaml', 'empty.tf', 'good'] },
  );
  assertCase(c);
  for (const path of ['empty.json', 'blank.json']) {
    const error = only(c, path);
    assert.match(error.message, /the file is empty/);
    at(error, 1, 1, path);
  }
  const [first] = c.messages('empty.yaml');
  assert.ok(first, 'empty.yaml: no diagnostic');
  assert.match(first!.message, /empty|not a task definition/);
  at(first!, 1, 1, 'empty.yaml');
  // An empty .tf file is an empty part of a Terraform module: an input with nothing to check.
  assert.equal(c.messages('empty.tf'), []);
});

test('empty files found in a directory: no crash, the others linted', () => {
  const c = lintCase('empty files in a directory', { 'e/empty.json': '', 'e/empty.yaml': '', 'e/empty.tf': '', 'e/blank.yml': '\n\n' });
  assertCase(c);
});

test('a 50 MB file: "too large" with the size and the limit, quickly', () => {
  const padding = 'x'.repeat(50 * 1024 * 1024);
  const big = `{"family":"web","containerDefinitions":[{"name":"web","image":"nginx","environment":[{"name":"PAD","value":"${padding}"}]}]}`;
  const c = lintCase('50 MB file', { 'big.json': big, 'big.yaml': `Resources:\n  X: "${padding.slice(0, 20 * 1024 * 1024)}"\n` });
  assertCase(c);
  for (const [path, size] of [['big.json', '50.0 MiB'], ['big.yaml', '20.0 MiB']] as const) {
    const error = only(c, path);
    assert.is(error.messageId, 'too-large');
    assert.match(error.message, new RegExp(`the file is ${size.replace('.', '\\.')}, more than the limit of 16\\.0 MiB \\(--max-file-size\\); it was not linted`));
    at(error, 1, 1, path);
  }
  assert.ok(c.run.ms < 10_000, `took ${c.run.ms} ms`);
});

test('100,000-deep nesting in JSON, YAML and Terraform: "nesting is deeper than" with its position', () => {
  const prefix = '{"containerDefinitions":';
  const files = {
    'deep/arrays.json': `${prefix}${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    'deep/objects.json': `${prefix}${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
    'deep/flow.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    'deep/block.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X:\n    ${'- '.repeat(100_000)}x\n`,
    'deep/tf/jsonencode.tf': `resource "aws_ecs_task_definition" "t" {\n  family = "x"\n  container_definitions = jsonencode(${'['.repeat(100_000)}${']'.repeat(100_000)})\n}\n`,
    'deep/tf2/heredoc.tf': `resource "aws_ecs_task_definition" "t" {\n  family = "x"\n  container_definitions = <<EOF\n${'['.repeat(100_000)}${']'.repeat(100_000)}\nEOF\n}\n`,
    'deep/tf3/objects.tf': `locals {\n  x = ${'{ a = '.repeat(100_000)}1${' }'.repeat(100_000)}\n}\nresource "aws_ecs_task_definition" "t" {\n  family = "x"\n  container_definitions = jsonencode([local.x])\n}\n`,
  };
  const c = lintCase('deep nesting', files);
  assertCase(c);
  // The 257th bracket: 256 levels are allowed, counting the outer object.
  at(only(c, 'deep/arrays.json'), 1, prefix.length + 256, 'arrays.json');
  assert.match(only(c, 'deep/arrays.json').message, /nesting is deeper than 256 levels/);
  at(only(c, 'deep/objects.json'), 1, prefix.length + 255 * 5 + 1, 'objects.json');
  assert.match(only(c, 'deep/flow.yaml').message, /nesting is (deeper than 256 levels|too deep)/);
  assert.is(only(c, 'deep/flow.yaml').line, 3);
  assert.match(only(c, 'deep/block.yaml').message, /nesting is (deeper than 256 levels|too deep)/);
  assert.is(only(c, 'deep/block.yaml').line, 4);
  assert.match(only(c, 'deep/tf2/heredoc.tf').message, /nesting is deeper than 256 levels/);
  // jsonencode of deep HCL: any finding, no crash (the HCL is valid; its value is not a task definition).
  assert.ok(c.file('deep/tf/jsonencode.tf'), 'jsonencode.tf is reported');
  assert.ok(c.run.ms < 10_000, `took ${c.run.ms} ms`);
});

test('binary data: "binary" (a NUL byte) or "not valid UTF-8", at 1:1 or the byte', () => {
  let seed = 12345;
  const random = Uint8Array.from({ length: 4096 }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed & 0xff;
  });
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const c = lintCase('binary', { 'bin/random.json': random, 'bin/image.yaml': png, 'bin/nul.tf': 'resource "x" "y" {\0}\n', 'bin/high.json': Uint8Array.from([0xff, 0xfe, 0xfd]) });
  assertCase(c);
  for (const path of ['bin/random.json', 'bin/image.yaml', 'bin/nul.tf']) {
    const error = only(c, path);
    assert.match(error.message, /the file is binary, not text \(it contains a NUL byte\); it was not linted|not valid UTF-8/);
    assert.is(error.fatal, true, `${path}: fatal`);
  }
  // A NUL byte: the whole file is refused, at its start.
  at(only(c, 'bin/nul.tf'), 1, 1, 'nul.tf');
  at(only(c, 'bin/image.yaml'), 1, 1, 'image.yaml');
  // FF FE is a UTF-16 BOM: the rest (one byte) decodes as U+FFFD; not JSON, passed over or reported.
});

test('invalid UTF-8 (Latin-1): an encoding error at the line and column of the byte', () => {
  const latin1 = Buffer.concat([Buffer.from('{\n  "family": "web",\n  "containerDefinitions": [{"name": "caf'), Buffer.from([0xe9]), Buffer.from('", "image": "x"}]\n}\n')]);
  const c = lintCase('invalid UTF-8', { 'latin1.json': latin1, 'latin1.yaml': Buffer.concat([Buffer.from('Resources:\n  X:\n    Type: caf'), Buffer.from([0xe9, 0x0a])]) });
  assertCase(c);
  const json = only(c, 'latin1.json');
  assert.match(json.message, /the file is not valid UTF-8: the byte at offset 61 starts no valid character; save the file as UTF-8/);
  at(json, 3, 41, 'latin1.json');
  at(only(c, 'latin1.yaml'), 3, 14, 'latin1.yaml');
});

test('UTF-16 with a BOM (LE and BE), a UTF-8 BOM: the same findings as the UTF-8 file', () => {
  const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const utf16be = (text: string) => {
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
  };
  const c = lintCase('UTF-16 and BOM', {
    'enc/le.json': utf16le(TASK_NO_ROLE),
    'enc/be.json': utf16be(TASK_NO_ROLE),
    'enc/bom8.json': `\uFEFF${TASK_NO_ROLE}`,
    'enc/le.yaml': utf16le(TEMPLATE_YAML),
    'enc/bom8.yaml': `\uFEFF${TEMPLATE_YAML}`,
    'enc/tf/le.tf': utf16le(TERRAFORM),
  });
  assertCase(c);
  const same = (path: string, twin: string) =>
    assert.equal(
      c.messages(path).map((m) => `${m.ruleId}@${m.line}:${m.column}-${m.endLine}:${m.endColumn}`),
      c.messages(twin).map((m) => `${m.ruleId}@${m.line}:${m.column}-${m.endLine}:${m.endColumn}`),
      `${path} differs from ${twin}`,
    );
  same('enc/le.json', 'good/task.json');
  same('enc/be.json', 'good/task.json');
  same('enc/bom8.json', 'good/task.json');
  same('enc/le.yaml', 'good/template.yaml');
  same('enc/bom8.yaml', 'good/template.yaml');
  same('enc/tf/le.tf', 'good/tf/main.tf');
  // A clean task definition in UTF-16: nothing to say, exit 0.
  const clean = lintCase('UTF-16 clean', { 'clean.json': utf16le(TASK_CLEAN) }, { alone: true });
  assert.is(clean.run.code, 0, `UTF-16 clean task definition: ${clean.run.stdout}`);
  assert.equal(clean.messages('clean.json'), []);
});

test('CRLF line endings: the same findings and positions as LF', () => {
  const crlf = (text: string) => text.replace(/\n/g, '\r\n');
  const c = lintCase('CRLF', { 'crlf/task.json': crlf(TASK_NO_ROLE), 'crlf/template.yaml': crlf(TEMPLATE_YAML), 'crlf/tf/main.tf': crlf(TERRAFORM) });
  assertCase(c);
  for (const [path, twin] of [['crlf/task.json', 'good/task.json'], ['crlf/template.yaml', 'good/template.yaml'], ['crlf/tf/main.tf', 'good/tf/main.tf']] as const) {
    assert.equal(
      c.messages(path).map((m) => `${m.ruleId}@${m.line}:${m.column}-${m.endLine}:${m.endColumn}`),
      c.messages(twin).map((m) => `${m.ruleId}@${m.line}:${m.column}-${m.endLine}:${m.endColumn}`),
      `${path} differs from ${twin}`,
    );
  }
});

test('CRLF: a YAML error at the end of a line has its range inside the line (not between CR and LF)', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\r\nResources:\r\n  T:\r\n    Type:\r\n AWS::IAM::Role\r\n';
  const c = lintCase('CRLF YAML error', { 'crlf-error.yaml': text });
  assert.is(c.run.code, 1);
  const error = only(c, 'crlf-error.yaml');
  assert.is(rangeProblem(text, error), undefined, `range ${error.line}:${error.column}-${error.endLine}:${error.endColumn} of "${error.message}" (line 4 is "    Type:", 9 characters)`);
});

const BILLION_LAUGHS = (() => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  let previous = 'a';
  for (const name of 'bcdefghi') {
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    previous = name;
  }
  return `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bomb:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: x\n${lines.map((line) => `      ${line}`).join('\n')}\n`;
})();

test('a YAML alias bomb ("billion laughs"): refused quickly with a clear message', () => {
  const c = lintCase('alias bomb', { 'bomb.yaml': BILLION_LAUGHS, 'bomb-template.template': BILLION_LAUGHS });
  assertCase(c);
  for (const path of ['bomb.yaml', 'bomb-template.template']) {
    const error = only(c, path);
    assert.match(error.message, /alias/i);
    assert.is(error.fatal, true);
  }
  assert.ok(c.run.ms < 10_000, `took ${c.run.ms} ms`);
});

test('a YAML alias bomb: the parse-error points at an alias, not at 1:1', () => {
  const c = lintCase('alias bomb position', { 'bomb.yaml': BILLION_LAUGHS });
  const error = only(c, 'bomb.yaml');
  const line = BILLION_LAUGHS.split('\n')[error.line - 1] ?? '';
  assert.ok(/[*&]/.test(line), `the alias bomb is reported at ${error.line}:${error.column} ("${line}"), not at an alias or anchor`);
});

test('an undefined YAML alias: a clear message at the alias, not "an alias bomb"', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties: *undefined\n';
  const c = lintCase('undefined alias', { 'alias.yaml': text });
  assert.is(c.run.code, 1);
  const error = only(c, 'alias.yaml');
  assert.not.match(error.message, /alias bomb|more than \d+ alias/, `an undefined alias is reported as "${error.message}"`);
  assert.match(error.message, /undefined|unknown|not defined|unresolved/i);
  at(error, 5, 17, 'undefined alias');
});

test('YAML merge keys (<<: *base): the merged resource is linted, or the merge key is reported', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Base: &base
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: web
      ContainerDefinitions:
        - Name: web
          Image: registry.example.com/web:1
          RepositoryCredentials: { CredentialsParameter: "${SECRET_PREFIX}registry/web-AbCdEf" }
  Other:
    <<: *base
`;
  const c = lintCase('merge keys', { 'merge.yaml': text });
  assertCase(c);
  const messages = c.messages('merge.yaml');
  // Base lacks an execution role (line 10). Other is a copy of it by a merge key, which
  // CloudFormation does not accept (its YAML has no aliases or merge keys): either way, a word.
  assert.ok(
    messages.some((m) => m.line >= 11),
    `the resource "Other" (a merge of Base) gets no diagnostic at all: ${JSON.stringify(messages.map((m) => `${m.ruleId}@${m.line}: ${m.message}`))}`,
  );
});

test('YAML complex keys (? [a, b]): no Node.js warning on stderr', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ? [a, b]\n  : Type: AWS::ECS::TaskDefinition\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: x\n      ContainerDefinitions:\n        - Name: web\n          Image: nginx\n          ? { k: v }\n          : 1\n';
  const c = lintCase('complex keys', { 'complex.yaml': text });
  assertCase(c);
  assert.not.match(c.run.stderr, /Warning: Keys with collection values|mapAsMap/, `stderr: ${preview(c.run.stderr)}`);
});

const PROTO_TASK = `{
  "__proto__": { "polluted": "yes" },
  "constructor": { "prototype": { "polluted": "yes" } },
  "prototype": 1,
  "family": "web",
  "containerDefinitions": [
    {
      "name": "web",
      "image": "nginx",
      "__proto__": { "essential": false },
      "toString": "x",
      "environment": [{ "name": "__proto__", "value": "constructor", "__proto__": 1 }],
      "dockerLabels": { "__proto__": "x", "constructor": "y" },
      "logConfiguration": { "logDriver": "awslogs", "options": { "__proto__": "x", "hasOwnProperty": "y" } }
    }
  ]
}
`;
const PROTO_YAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  __proto__:
    polluted: yes
  constructor:
    prototype:
      polluted: yes
  T:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: web
      __proto__: { polluted: yes }
      ContainerDefinitions:
        - Name: web
          Image: nginx
          constructor: 1
          toString: x
`;
const PROTO_TEMPLATE_JSON = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Parameters: { constructor: { Type: 'String', Default: 'x' } },
  Mappings: { toString: { hasOwnProperty: { valueOf: 'v' } } },
  Resources: {
    T: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Family: { 'Fn::FindInMap': ['toString', 'hasOwnProperty', 'valueOf'] },
        valueOf: 1,
        ContainerDefinitions: [{ Name: { Ref: 'constructor' }, Image: { 'Fn::Sub': '${toString}' }, hasOwnProperty: 1 }],
      },
    },
  },
}).replace('"valueOf":1', '"__proto__":{"polluted":"yes"},"valueOf":1');

test('__proto__ / constructor / prototype keys: unknown members, no crash, no prototype pollution', () => {
  const c = lintCase('__proto__ keys', { 'proto/task.json': PROTO_TASK, 'proto/template.yaml': PROTO_YAML, 'proto/template.json': PROTO_TEMPLATE_JSON });
  assertCase(c);
  const task = c.messages('proto/task.json');
  for (const [line, member] of [[2, '__proto__'], [3, 'constructor'], [4, 'prototype'], [10, '__proto__'], [11, 'toString']] as const) {
    assert.ok(
      task.some((m) => m.ruleId === 'schema' && m.line === line && m.message.includes(`"${member}"`)),
      `task.json: no schema finding for "${member}" on line ${line}: ${JSON.stringify(task.map((m) => `${m.line}: ${m.message}`))}`,
    );
  }
  assert.ok(c.messages('proto/template.yaml').some((m) => m.ruleId === 'schema' && m.message.includes('"constructor"')), 'template.yaml: "constructor" in a container is an unknown member');
});

test('__proto__ / constructor keys in-process: Object.prototype is not polluted', async () => {
  await prepareAllFormats();
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  for (const [name, text] of [['task.json', PROTO_TASK], ['template.yaml', PROTO_YAML], ['template.json', PROTO_TEMPLATE_JSON]] as const) {
    try {
      lintText(text, { target: 'api', rules: {} }, { fileName: name, reportUnrecognized: true });
    } catch {
      // A crash is the other test's business; pollution is this one's.
    }
    assert.is(({} as Record<string, unknown>).polluted, undefined, `${name} polluted Object.prototype`);
    assert.is(({} as Record<string, unknown>).essential, undefined, `${name} polluted Object.prototype`);
  }
  assert.equal(Object.getOwnPropertyNames(Object.prototype).sort(), before);
});

test('duplicate keys in JSON and YAML: a parse-error at the second key naming the first', () => {
  const json = '{\n  "family": "web",\n  "family": "web2",\n  "containerDefinitions": [{ "name": "web", "image": "nginx", "image": "x" }]\n}\n';
  const yaml = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: a\n      Family: b\n      ContainerDefinitions:\n        - Name: web\n          Image: nginx\n';
  const c = lintCase('duplicate keys', { 'dup/task.json': json, 'dup/template.yaml': yaml });
  assertCase(c);
  const [family, image] = c.messages('dup/task.json').filter((m) => m.messageId === 'duplicate-key');
  assert.ok(family && image, 'two duplicate-key findings in task.json');
  at(family!, 3, 3, 'family');
  assert.match(family!.message, /^duplicate key "family": the value at line 2 is silently replaced by this one/);
  at(image!, 4, 63, 'image');
  const yamlDuplicate = c.messages('dup/template.yaml').find((m) => m.messageId === 'duplicate-key');
  assert.ok(yamlDuplicate, 'a duplicate-key finding in template.yaml');
  at(yamlDuplicate!, 7, 7, 'Family');
});

test('duplicate attributes in Terraform (refused by Terraform): reported at the second one', () => {
  const text = 'resource "aws_ecs_task_definition" "t" {\n  family = "a"\n  family = "b"\n  container_definitions = jsonencode([{ name = "w", image = "nginx" }])\n}\n';
  const c = lintCase('duplicate HCL attributes', { 'dup/main.tf': text });
  assertCase(c);
  const messages = c.messages('dup/main.tf');
  assert.ok(messages.some((m) => m.line === 3), `Terraform says "Attribute redefined" for family on line 3; ecs-lint reports: ${JSON.stringify(messages.map((m) => `${m.ruleId}@${m.line}: ${m.message}`))}`);
});

// ---------------------------------------------------------------------------------------------
// Numbers where strings belong, in every member of the RegisterTaskDefinition shape.

function positionsOf(text: string, paths: JsonPath[]): Array<{ line: number; column: number }> {
  const tree = parseTree(text)!;
  const source = new SourceText(text);
  return paths.map((path) => source.position(findNodeAtLocation(tree, path)!.offset));
}

test('every member of the task definition shape with a value of the wrong type: a schema finding at each', () => {
  const { document, leaves } = swappedTaskDefinition();
  const task = JSON.stringify(document, null, 2);
  const isMap = (path: JsonPath) => ['dockerLabels', 'options', 'driverOpts', 'labels'].includes(String(path[path.length - 1]));
  const properties = pascalCaseKeys(document, isMap);
  const template = { AWSTemplateFormatVersion: '2010-09-09', Resources: { Task: { Type: 'AWS::ECS::TaskDefinition', Properties: properties } } };
  const templateJson = JSON.stringify(template, null, 2);
  const c = lintCase('wrong types everywhere', { 'types/task.json': task, 'types/template.json': templateJson, 'types/template.yaml': yamlStringify(template) });
  assertCase(c);
  const messages = c.messages('types/task.json');
  const missing: string[] = [];
  positionsOf(task, leaves.map((leaf) => leaf.path)).forEach((position, index) => {
    const leaf = leaves[index]!;
    if (!messages.some((m) => m.ruleId === 'schema' && m.line === position.line && m.column === position.column)) missing.push(`${leaf.path.join('.')} (${leaf.expected})`);
  });
  assert.ok(leaves.length > 100, `only ${leaves.length} members generated`);
  assert.equal(missing, [], 'members of the wrong type without a schema finding');
  // CloudFormation converts scalars (a number for a string is fine there): objects in place of
  // booleans are still wrong, and must be found where they are.
  const templateMessages = c.messages('types/template.json');
  const objectLeaves = leaves.filter((leaf) => leaf.expected === 'boolean');
  const templatePaths = objectLeaves.map((leaf) => ['Resources', 'Task', 'Properties', ...pascalPath(leaf.path, isMap)]);
  const templateMissing: string[] = [];
  positionsOf(templateJson, templatePaths).forEach((position, index) => {
    if (!templateMessages.some((m) => m.ruleId === 'schema' && m.line === position.line)) templateMissing.push(objectLeaves[index]!.path.join('.'));
  });
  assert.equal(templateMissing, [], 'template: booleans given as objects without a schema finding');
  assert.ok(c.messages('types/template.yaml').filter((m) => m.ruleId === 'schema').length >= objectLeaves.length, 'template.yaml: schema findings');
});

function pascalPath(path: JsonPath, isMap: (path: JsonPath) => boolean): JsonPath {
  return path.map((segment, index) => (typeof segment === 'number' || isMap(path.slice(0, index)) ? segment : segment.charAt(0).toUpperCase() + segment.slice(1)));
}

// ---------------------------------------------------------------------------------------------
// Extremely long strings (1 MiB) in every member a rule reads.

const MIB = 'a'.repeat(1024 * 1024);
const SECRET_PREFIX = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:';

function longTaskDefinitions(): Record<string, string> {
  const container = (overrides: Record<string, unknown>) => ({
    name: 'web',
    image: 'registry.example.com/web:1',
    repositoryCredentials: { credentialsParameter: `${SECRET_PREFIX}registry/web-AbCdEf` },
    secrets: [{ name: 'DB', valueFrom: `${SECRET_PREFIX}billing/db-Xy12Ab` }],
    environment: [{ name: 'MODE', value: 'x' }],
    ...overrides,
  });
  const task = (overrides: Record<string, unknown>, containerOverrides: Record<string, unknown> = {}) =>
    JSON.stringify({ family: 'web', executionRoleArn: 'arn:aws:iam::111122223333:role/billing-exec', containerDefinitions: [container(containerOverrides)], ...overrides });
  return {
    // Each file under the 16 MiB limit; together, every string member a rule reads.
    'long/task-1.json': task({ family: MIB, taskRoleArn: MIB, networkMode: MIB, cpu: MIB, executionRoleArn: `arn:aws:iam::111122223333:role/${MIB}` }, { name: MIB, image: MIB }),
    'long/task-2.json': task({ executionRoleArn: MIB, tags: [{ key: MIB, value: MIB }] }, {
      image: `${MIB}:${MIB}`,
      repositoryCredentials: { credentialsParameter: `${SECRET_PREFIX}${MIB}` },
      environment: [{ name: MIB, value: MIB }, { name: 'DB_PASSWORD', value: MIB }, { name: `PASSWORD_${MIB}`, value: 'x' }],
    }),
    'long/task-3.json': task({ executionRoleArn: `arn:${MIB}:iam::111122223333:role/x` }, {
      repositoryCredentials: { credentialsParameter: `arn:${MIB}:secretsmanager:us-east-1:111122223333:secret:x-AbCdEf` },
      secrets: [{ name: MIB, valueFrom: MIB }, { name: 'A', valueFrom: `${SECRET_PREFIX}x-AbCdEf:${MIB}:${MIB}` }, { name: 'B', valueFrom: `arn:aws:${MIB}:us-east-1:111122223333:x` }],
      logConfiguration: { logDriver: MIB, options: { [MIB]: MIB }, secretOptions: [{ name: MIB, valueFrom: `arn:aws:ssm:us-east-1:111122223333:parameter/${MIB}` }] },
      dockerLabels: { [MIB]: MIB },
    }),
    // The execution role is known (long/iam.json): the secrets' ARNs are matched against its policies.
    'long/task-4.json': task({}, {
      repositoryCredentials: { credentialsParameter: `${SECRET_PREFIX}${MIB}` },
      secrets: [{ name: 'DB', valueFrom: `${SECRET_PREFIX}${MIB}` }, { name: 'P', valueFrom: `arn:aws:ssm:us-east-1:111122223333:parameter/${MIB}` }],
    }),
  };
}

function authorizationDetails(statement: Record<string, unknown>, name = 'read-db', roleName = 'billing-exec'): string {
  return JSON.stringify({
    RoleDetailList: [
      {
        RoleName: roleName,
        Arn: `arn:aws:iam::111122223333:role/${roleName}`,
        RolePolicyList: [{ PolicyName: name, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', ...statement }] } }],
      },
    ],
  });
}

function longPolicies(): Record<string, string> {
  return {
    'long/iam-1.json': authorizationDetails({ Sid: MIB, Action: [MIB], Resource: [MIB, `${SECRET_PREFIX}${MIB}`] }, MIB),
    'long/iam-2.json': authorizationDetails({ Effect: MIB, Condition: { [MIB]: { [MIB]: MIB } } }),
    'long/iam-3.json': authorizationDetails({ Action: `${MIB}:GetSecretValue`, Condition: { StringEquals: { [MIB]: MIB } }, NotResource: [`${SECRET_PREFIX}${'*a'.repeat(300_000)}`] }),
    'long/iam-4.json': authorizationDetails({}, 'read-db', MIB),
  };
}

/** Action names of 1 MiB: matched against the service's actions (policy-syntax) in IAM JSON and templates. */
function longActions(): Record<string, string> {
  return {
    'long/iam-actions.json': authorizationDetails({ Action: [`secretsmanager:${MIB}`, `kms:${MIB}`] }),
    'long/template-actions.yaml': longTemplate({ Action: `secretsmanager:${MIB}` }),
  };
}

function longTemplate(fields: Record<string, string>): string {
  const value = (name: string, fallback: string) => JSON.stringify(fields[name] ?? fallback);
  return `AWSTemplateFormatVersion: "2010-09-09"
Description: ${value('Description', 'd')}
Parameters:
  P:
    Type: String
    Default: ${value('Default', 'p')}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${value('RoleName', 'exec')}
      Policies:
        - PolicyName: ${value('PolicyName', 'pull')}
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ${value('Action', 'secretsmanager:GetSecretValue')}
                Resource: ${value('Resource', `${SECRET_PREFIX}x-AbCdEf`)}
                Condition:
                  StringEquals:
                    ${value('ConditionKey', 'aws:ResourceTag/team')}: ${value('ConditionValue', 'x')}
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: ${value('SecretName', 'db')}
      SecretString: ${value('SecretString', 's')}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: ${value('Family', 'web')}
      ExecutionRoleArn: !GetAtt Role.Arn
      ContainerDefinitions:
        - Name: ${value('Name', 'web')}
          Image: !Sub ${value('Image', 'nginx:${P}')}
          RepositoryCredentials:
            CredentialsParameter: ${value('CredentialsParameter', `${SECRET_PREFIX}r-AbCdEf`)}
          Environment:
            - Name: ${value('EnvName', 'MODE')}
              Value: ${value('EnvValue', 'x')}
            - Name: DB_PASSWORD
              Value: ${value('Password', 'hunter2')}
          Secrets:
            - Name: S
              ValueFrom: !Ref Secret
  Service:
    Type: AWS::ECS::Service
    Properties:
      TaskDefinition: !Ref Task
      LaunchType: FARGATE
      PlatformVersion: ${value('PlatformVersion', 'LATEST')}
`;
}

function longTemplates(): Record<string, string> {
  return {
    'long/template-1.yaml': longTemplate({ Description: MIB, Default: MIB, RoleName: MIB, PolicyName: MIB, Family: MIB, Name: MIB }),
    'long/template-2.yaml': longTemplate({ Resource: `${SECRET_PREFIX}${MIB}`, ConditionKey: MIB, ConditionValue: MIB, SecretName: MIB, SecretString: MIB }),
    'long/template-3.yaml': longTemplate({ Image: `${MIB}\${P}`, CredentialsParameter: `${SECRET_PREFIX}${MIB}`, EnvName: MIB, EnvValue: MIB, Password: MIB, PlatformVersion: MIB }),
  };
}

function longTerraform(fields: Record<string, string>): string {
  const v = (name: string, fallback: string) => fields[name] ?? fallback;
  return `resource "aws_ecs_task_definition" "t" {
  family             = "${v('family', 'web')}"
  execution_role_arn = "arn:aws:iam::111122223333:role/${v('role', 'exec')}"
  container_definitions = jsonencode([{
    name  = "${v('name', 'web')}"
    image = "${v('image', 'nginx')}"
    repositoryCredentials = { credentialsParameter = "${v('credentials', `${SECRET_PREFIX}r-AbCdEf`)}" }
    environment = [{ name = "DB_PASSWORD", value = "${v('password', 'x')}" }]
    secrets = [{ name = "S", valueFrom = "${v('valueFrom', `${SECRET_PREFIX}d-AbCdEf`)}" }]
  }])
}
`;
}

/** Time for a run to count as "a few seconds"; a run still going at the kill time fails as too slow. */
const LONG_BUDGET_MS = 5_000;
const LONG_KILL_MS = 6_000;

for (const [kind, files] of [
  ['task definitions (JSON)', longTaskDefinitions],
  ['IAM policies (authorization details)', longPolicies],
  ['policy actions (IAM JSON and a template)', longActions],
  ['CloudFormation templates (YAML)', longTemplates],
  ['Terraform: the container name', () => ({ 'long/tf/main.tf': longTerraform({ name: MIB }) })],
  ['Terraform: every string', () => ({ 'long/tf/main.tf': longTerraform({ family: MIB, role: MIB, name: MIB, image: MIB, credentials: `${SECRET_PREFIX}${MIB}`, password: MIB, valueFrom: MIB }) })],
] as const) {
  test(`1 MiB strings in every member a rule reads: ${kind}: finishes in ${LONG_BUDGET_MS / 1000} s, messages clip values`, () => {
    const hostile: Record<string, string> = files();
    // The task definitions name the role and secrets of the authorization details: rules that evaluate IAM run too.
    const extra: Record<string, string> = kind.startsWith('task') ? { 'long/iam.json': AUTHORIZATION_DETAILS } : /IAM/.test(kind) ? { 'long/task.json': TASK_WITH_SECRETS } : {};
    const c = runCase(`long strings: ${kind}`, { ...hostile, ...extra }, { args: ['long'], alone: true, timeoutMs: LONG_KILL_MS });
    // Every problem of the run at once: a crash, messages that quote 1 MiB, slowness.
    const problems = runProblems(c, LONG_KILL_MS);
    if (!c.run.timedOut) {
      if (c.run.code !== 1) problems.push(`exit code ${c.run.code}`);
      for (const path of Object.keys(hostile)) if (!c.file(path)) problems.push(`${path} was not reported`);
      problems.push(...messageProblems(c));
      if (c.run.ms >= LONG_BUDGET_MS) problems.push(`took ${c.run.ms.toFixed(0)} ms`);
    }
    assert.equal(problems, [], `long strings: ${kind}`);
  });
}

// ---------------------------------------------------------------------------------------------
// Intrinsic functions with hostile arguments.

test('CloudFormation intrinsic functions with AWS::NoValue, lists and objects as arguments: no crash', () => {
  const noValue = { Ref: 'AWS::NoValue' };
  const hostile = [
    { 'Fn::Select': [noValue, []] },
    { 'Fn::Select': [{ 'Fn::If': ['c', noValue, noValue] }, ['a']] },
    { 'Fn::Join': [noValue, [noValue, 'a']] },
    { 'Fn::Sub': ['${x}', { x: noValue }] },
    { 'Fn::FindInMap': [noValue, 'a', 'b'] },
    { 'Fn::Split': [noValue, 'a,b'] },
    { 'Fn::GetAtt': [noValue, 'Arn'] },
    { 'Fn::Base64': noValue },
  ];
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Conditions: { c: { 'Fn::Equals': ['a', 'b'] } },
    Resources: Object.fromEntries(
      hostile.map((value, index) => [
        `Task${index}`,
        { Type: 'AWS::ECS::TaskDefinition', Properties: { Family: 'f', ContainerDefinitions: [{ Name: 'c', Image: value, Environment: [{ Name: 'X', Value: value }] }] } },
      ]),
    ),
  };
  const c = lintCase('intrinsics', { 'intrinsics.json': JSON.stringify(template, null, 2) });
  assertCase(c);
});

// ---------------------------------------------------------------------------------------------
// Symlink loops, unreadable entries, FIFOs, missing paths.

test('a symlink loop in a linted directory: reported as unreadable ("too many levels of symbolic links"), the rest linted', () => {
  const c = lintCase('symlink loop in a directory', {}, {
    prepare: (directory) => {
      mkdirSync(join(directory, 'loop'));
      symlinkSync('b.json', join(directory, 'loop/a.json'));
      symlinkSync('a.json', join(directory, 'loop/b.json'));
      // A directory that links to its parent: expanding it must not recurse forever.
      symlinkSync('..', join(directory, 'loop/parent'));
    },
    timeoutMs: 15_000,
  });
  assertCase(c);
  const error = c.messages('loop/a.json')[0];
  assert.ok(error, `loop/a.json (a symlink loop) is passed over without a word; files reported: ${JSON.stringify(c.results.map((r) => r.filePath))}`);
  assert.match(error!.message, /too many levels of symbolic links/);
});

test('a symlink loop named on the command line: "too many levels of symbolic links", not "no such file"', () => {
  const c = lintCase('symlink loop named', {}, {
    prepare: (directory) => {
      symlinkSync('b.json', join(directory, 'a.json'));
      symlinkSync('a.json', join(directory, 'b.json'));
    },
    args: ['a.json', 'good'],
    timeoutMs: 15_000,
  });
  assert.not.match(c.run.stderr, /no such file or directory/, `stderr: ${c.run.stderr}`);
  assert.is(c.run.code, 1, `exit code ${c.run.code}; stderr: ${preview(c.run.stderr)}`);
  assert.match(c.messages('a.json')[0]?.message ?? '', /too many levels of symbolic links/);
  assertGoodLinted(c);
});

test('an unreadable file in a linted directory: "permission denied" (root reads everything: then linted)', () => {
  const c = lintCase('unreadable file', { 'locked/task.json': TASK_NO_ROLE }, { prepare: (directory) => chmodSync(join(directory, 'locked/task.json'), 0o000) });
  assertCase(c);
  const first = c.messages('locked/task.json')[0];
  if (process.getuid?.() === 0) assert.is(first?.ruleId, 'execution-role-required', 'root reads a mode-000 file');
  else assert.match(first?.message ?? '', /cannot read the file: permission denied/);
});

test('a FIFO in a linted directory: not read (no hang), the rest linted', () => {
  const c = lintCase('FIFO in a directory', {}, {
    prepare: (directory) => {
      mkdirSync(join(directory, 'pipes'));
      const made = spawnSync('mkfifo', [join(directory, 'pipes/fifo.json')]);
      assert.is(made.status, 0, 'mkfifo');
    },
    timeoutMs: 15_000,
  });
  assertCase(c);
});

test('a FIFO named on the command line: no hang, and a clear message (not "no such file or directory")', () => {
  const c = lintCase('FIFO named', {}, {
    prepare: (directory) => assert.is(spawnSync('mkfifo', [join(directory, 'fifo.json')]).status, 0, 'mkfifo'),
    args: ['fifo.json', 'good'],
    timeoutMs: 15_000,
  });
  assertGoodLinted(c);
  const said = `${c.run.stderr}\n${JSON.stringify(c.results.filter((result) => result.filePath === 'fifo.json'))}`;
  assert.not.match(said, /no such file or directory/, `the FIFO exists: ${said}`);
  assert.match(said, /fifo\.json/);
  assert.match(said, /not a (regular )?file|FIFO|pipe|cannot read/i);
});

test('a path that does not exist among good files: exit 2 with a clear message, the good files still linted', () => {
  const c = lintCase('missing path', {}, { args: ['good', 'no/such/taskdef.json', 'missing-*.json'], terraform: true });
  assert.is(c.run.code, 2);
  assert.match(c.run.stderr, /^ecs-lint: no such file or directory, and no files match: "no\/such\/taskdef\.json", "missing-\*\.json"\n$/);
  assertGoodLinted(c);
  assertMessagesSane(c);
});

test.after(() => {
  removeDirectories(made);
  if (process.env.HOSTILE_TIMINGS === '0') return;
  console.log(`hostile: ${timings.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`).join('; ')}`);
});

test.run();
