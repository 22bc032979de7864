// Property-based tests (fast-check): random mutations of valid task definitions, CloudFormation
// templates (JSON and YAML) and Terraform files never crash the engine, no rule throws, and every
// diagnostic's range lies inside the file.
//
// The seed is fixed so that a failure reproduces; FC_SEED=<n> and FC_RUNS=<n> override it and the
// number of runs per property (e.g. FC_RUNS=5000 for a longer hunt). The seed is printed.

import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as yamlParse, stringify as yamlStringify } from 'yaml';
import { lintText } from '../src/engine/lint';
import type { LintSettings } from '../src/core/types';
import { prepareAllFormats } from '../src/loaders/formats';
import {
  AUTHORIZATION_DETAILS,
  CONTAINERS_ONLY,
  TASK_CLEAN,
  TASK_NO_ROLE,
  TASK_WITH_SECRETS,
  TEMPLATE_JSON,
  TEMPLATE_YAML,
  TERRAFORM,
  TERRAFORM_HEREDOC,
  preview,
  rangeProblem,
} from './support/hostile';

await prepareAllFormats();

const SEED = Number(process.env.FC_SEED ?? 20_260_928);
const RUNS = Number(process.env.FC_RUNS ?? 250);
console.log(`properties: fast-check seed ${SEED}, ${RUNS} runs per property (FC_SEED / FC_RUNS to change)`);

const SETTINGS: LintSettings = { target: 'api', rules: {} };

/** Lints one text in-process and says what is wrong with the outcome, if anything. */
function lintProblem(text: string, fileName: string): string | undefined {
  let result: ReturnType<typeof lintText>;
  try {
    result = lintText(text, SETTINGS, { fileName, reportUnrecognized: true });
  } catch (error) {
    return `lintText threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  }
  if (result.internalErrors.length > 0) {
    const [first] = result.internalErrors;
    const detail = first!.error instanceof Error ? (first!.error.stack ?? first!.error.message) : String(first!.error);
    return `rule ${first!.ruleId} threw: ${detail}`;
  }
  // The JSON loader strips a BOM before counting columns (the YAML and HCL ones count it).
  const counted = text.charCodeAt(0) === 0xfeff && /\.json$/.test(fileName) ? text.slice(1) : text;
  for (const diagnostic of result.diagnostics) {
    const problem = rangeProblem(counted, diagnostic);
    if (problem) return `${diagnostic.ruleId} (${diagnostic.messageId}) at ${diagnostic.line}:${diagnostic.column}-${diagnostic.endLine}:${diagnostic.endColumn}: ${problem}`;
    if (typeof diagnostic.message !== 'string' || diagnostic.message.length === 0) return `${diagnostic.ruleId} has no message`;
    if (/(?<!\$)\{[a-z]\w*\}/.test(diagnostic.message.replace(/"[^"]*"/g, ''))) return `${diagnostic.ruleId} (${diagnostic.messageId}) left a placeholder unfilled: ${diagnostic.message}`;
  }
  return undefined;
}

function check(text: string, fileName: string): boolean {
  const problem = lintProblem(text, fileName);
  if (problem) throw new Error(`${problem}\n--- input (${fileName}) ---\n${preview(JSON.stringify(text), 2000)}`);
  return true;
}

/** Runs a property with the fixed seed; a failure names the seed, the path and the first problem. */
function run<Ts extends unknown[]>(property: fc.IProperty<Ts>): void {
  const details = fc.check(property, { seed: SEED, numRuns: RUNS });
  if (!details.failed) return;
  const error = details.errorInstance;
  const message = error instanceof Error ? error.message : String(error);
  const replay = `FC_SEED=${SEED} (path ${details.counterexamplePath ?? '?'})`;
  assert.unreachable(`${replay}: failed after ${details.numRuns} runs, shrunk ${details.numShrinks} times:\n${preview(message, 4000)}`);
}

// ---------------------------------------------------------------------------------------------
// Text mutations: characters deleted, inserted, replaced, slices duplicated, the file truncated.

/** Fragments worth inserting: the syntax of every format, and characters parsers trip over. */
const FRAGMENTS = [
  '{', '}', '[', ']', '"', "'", ':', ',', '\n', '\r\n', '\r', '\\', '\t', ' ', '  ', '- ', '? ', '|', '>',
  '&a ', '*a', '<<: *a', '!Ref ', '!Sub ', '!GetAtt ', '!!binary ', '%YAML 1.1\n', '---\n', '...\n', '#', '//', '/*', '*/',
  '${', '${var.x}', '%{', '%{ if true }', '}}', '{{', '<<EOF\n', '\nEOF\n', 'jsonencode(', 'file("x")', ')', '=',
  '\uFEFF', '\u2028', '\u00a0', '\u0000', '\ud800', '\udc00', '😀', 'é',
  'null', 'true', 'false', '-0', '1e999', '0x1F', '9007199254740993', 'NaN', '""',
  '"__proto__"', '"constructor"', '"toString"', '__proto__', 'constructor', 'prototype', 'hasOwnProperty',
];

type TextOp =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; length: number; text: string }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'truncate'; at: number };

const insertion = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);
const position = fc.nat({ max: 1_000_000 });
const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, text: insertion }),
  fc.record({ kind: fc.constant('replace' as const), at: position, length: fc.integer({ min: 1, max: 12 }), text: insertion }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 200 }), to: position }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
);

function applyTextOps(text: string, ops: readonly TextOp[]): string {
  let result = text;
  for (const op of ops) {
    const at = result.length === 0 ? 0 : op.at % (result.length + 1);
    switch (op.kind) {
      case 'delete':
        result = result.slice(0, at) + result.slice(at + op.length);
        break;
      case 'insert':
        result = result.slice(0, at) + op.text + result.slice(at);
        break;
      case 'replace':
        result = result.slice(0, at) + op.text + result.slice(at + op.length);
        break;
      case 'duplicate': {
        const slice = result.slice(at, at + op.length);
        const to = op.to % (result.length + 1);
        result = result.slice(0, to) + slice + result.slice(to);
        break;
      }
      case 'truncate':
        result = result.slice(0, at);
        break;
    }
  }
  return result;
}

const textOps = fc.array(textOp, { minLength: 1, maxLength: 6 });

// ---------------------------------------------------------------------------------------------
// Value mutations: a value replaced, a key removed or added, a type swapped; then serialized.

/** Keys that have bitten JavaScript code before: Object.prototype's own members. */
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'length', '0', ''];

const hostileKey = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  // A key of the ECS/CloudFormation vocabulary in another place, or in another case.
  { weight: 2, arbitrary: fc.constantFrom('name', 'Name', 'image', 'Image', 'family', 'Family', 'containerDefinitions', 'ContainerDefinitions', 'secrets', 'Secrets', 'valueFrom', 'ValueFrom', 'environment', 'Environment', 'repositoryCredentials', 'RepositoryCredentials', 'credentialsParameter', 'CredentialsParameter', 'executionRoleArn', 'ExecutionRoleArn', 'Type', 'Properties', 'Resources', 'Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::Select', 'Fn::FindInMap', 'Fn::ImportValue', 'Condition', 'Statement', 'Effect', 'Action', 'Resource', 'Principal', 'NotAction', 'NotResource', 'Version', 'PolicyDocument', 'RoleDetailList', 'logConfiguration', 'options', 'secretOptions', 'platformVersion') },
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      null, true, false, 0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, '', ' ', '*', '?', 'arn:', 'arn:aws', ':::::::', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x',
      'arn:aws:iam::111122223333:role/', 'arn:aws:ssm:us-east-1:111122223333:parameter/', 'arn:aws:kms:us-east-1:111122223333:alias/', '${', '${}', '${AWS::Region}', '${var.x}', '{{resolve:secretsmanager:x}}',
      'FARGATE', 'EC2', 'awsvpc', 'LATEST', '1.3.0', 'secretsmanager:GetSecretValue', 'secretsmanager:*', 'kms:Decrypt', 'Allow', 'Deny', '2012-10-17', 'AWS::ECS::TaskDefinition', 'AWS::IAM::Role',
      'AWS::SecretsManager::Secret', 'AWS::ECS::Service', 'AWS::IAM::Policy', '__proto__', 'constructor', [], {}, [[]], [{}], { Ref: 'AWS::NoValue' }, { Ref: '' }, { Ref: 'Missing' }, { 'Fn::GetAtt': [] },
      { 'Fn::GetAtt': 'X.Arn' }, { 'Fn::Sub': ['${x}', { x: {} }] }, { 'Fn::Join': [null, [1, {}]] }, { 'Fn::If': [] }, { 'Fn::Select': ['9', []] }, { 'Fn::FindInMap': ['a'] }, { 'Fn::Split': [',', 1] },
      { 'Fn::Base64': {} }, { Condition: 1 }, { 'Fn::Select': [{ Ref: 'AWS::NoValue' }, []] }, { 'Fn::Join': [{ Ref: 'AWS::NoValue' }, [{ Ref: 'AWS::NoValue' }]] },
      { 'Fn::Sub': ['${x}', { x: { Ref: 'AWS::NoValue' } }] }, { 'Fn::If': ['c', { Ref: 'AWS::NoValue' }, { Ref: 'AWS::NoValue' }] }, { 'Fn::FindInMap': [{ Ref: 'AWS::NoValue' }, 'a', 'b'] }, { '__proto__': { Ref: 'x' } }, { constructor: 'x' }, { name: 'DB_PASSWORD', value: 'hunter2hunter2' }, { name: 1, valueFrom: {} },
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

type ValueOp =
  | { kind: 'set'; target: number; value: unknown }
  | { kind: 'delete'; target: number }
  | { kind: 'add'; target: number; key: string; value: unknown }
  | { kind: 'swap'; target: number }
  | { kind: 'rename'; target: number; key: string };

const valueOp: fc.Arbitrary<ValueOp> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), target: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), target: fc.nat(), key: hostileKey, value: hostileValue }),
  fc.record({ kind: fc.constant('swap' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), target: fc.nat(), key: hostileKey }),
);

type Container = Record<string, unknown> | unknown[];
interface Slot {
  parent: Container;
  key: string | number;
}

/** Every place a value sits in the tree (object members and array items). */
function slots(root: unknown): Slot[] {
  const found: Slot[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        found.push({ parent: node, key: index });
        stack.push(item);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        found.push({ parent: node as Record<string, unknown>, key });
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return found;
}

/** The same value in another type: strings become numbers, numbers strings, booleans objects… */
function swapType(value: unknown): unknown {
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return { value };
  if (value === null) return [];
  if (Array.isArray(value)) return value.length === 0 ? 'list' : value[0];
  return Object.keys(value as object).length;
}

/** Writes a member even when its key is "__proto__" (an own property, as JSON.parse makes it). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function applyValueOps(root: unknown, ops: readonly ValueOp[]): unknown {
  const tree = structuredClone(root);
  for (const op of ops) {
    const all = slots(tree);
    if (all.length === 0) break;
    const slot = all[op.target % all.length]!;
    const { parent, key } = slot;
    const current = Array.isArray(parent) ? parent[key as number] : parent[key as string];
    switch (op.kind) {
      case 'set':
        if (Array.isArray(parent)) parent[key as number] = structuredClone(op.value);
        else define(parent, key as string, structuredClone(op.value));
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
        break;
      case 'add':
        if (current !== null && typeof current === 'object' && !Array.isArray(current)) define(current as Record<string, unknown>, op.key, structuredClone(op.value));
        else if (Array.isArray(current)) current.push(structuredClone(op.value));
        else if (!Array.isArray(parent)) define(parent, op.key, structuredClone(op.value));
        break;
      case 'swap':
        if (Array.isArray(parent)) parent[key as number] = swapType(current);
        else define(parent, key as string, swapType(current));
        break;
      case 'rename':
        if (!Array.isArray(parent)) {
          delete parent[key as string];
          define(parent, op.key, current);
        }
        break;
    }
  }
  return tree;
}

const valueOps = fc.array(valueOp, { minLength: 1, maxLength: 5 });
const indent = fc.constantFrom<number | string>(0, 2, '\t');

// ---------------------------------------------------------------------------------------------

const JSON_INPUTS: Array<[string, string]> = [
  ['task-no-role.json', TASK_NO_ROLE],
  ['task-crlf.json', TASK_NO_ROLE.replace(/\n/g, '\r\n')],
  ['task-clean.json', TASK_CLEAN],
  ['containers.json', CONTAINERS_ONLY],
  ['task-with-secrets.json', TASK_WITH_SECRETS],
  ['authorization-details.json', AUTHORIZATION_DETAILS],
  ['template.json', TEMPLATE_JSON],
];
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const YAML_INPUTS: Array<[string, string]> = [
  ['template.yaml', TEMPLATE_YAML],
  // The same with CRLF line endings: positions at the end of a line must stay before the CR.
  ['template-crlf.yaml', crlf(TEMPLATE_YAML)],
];
const TERRAFORM_INPUTS: Array<[string, string]> = [
  ['main.tf', TERRAFORM],
  ['heredoc.tf', TERRAFORM_HEREDOC],
  ['main-crlf.tf', crlf(TERRAFORM)],
];

const ALL_INPUTS = new Map([...JSON_INPUTS, ...YAML_INPUTS, ...TERRAFORM_INPUTS]);
/** Inputs are drawn by name (short counterexamples); the text comes from the corpus. */
const named = (inputs: Array<[string, string]>) => fc.constantFrom(...inputs.map(([name]) => name));
const textOf = (name: string): string => ALL_INPUTS.get(name)!;

const test = suite('properties');

test('the corpus itself lints cleanly (no throw, no internal error, ranges inside)', () => {
  for (const [name, text] of [...JSON_INPUTS, ...YAML_INPUTS, ...TERRAFORM_INPUTS]) {
    assert.is(lintProblem(text, name), undefined, name);
  }
});

test('JSON task definitions, templates and IAM outputs: text mutations never crash; ranges inside the file', () => {
  run(
    fc.property(named(JSON_INPUTS), textOps, (name, ops) => check(applyTextOps(textOf(name), ops), name)),
  );
});

test('JSON inputs: value mutations (replaced, removed, added, renamed keys, swapped types) never crash', () => {
  run(
    fc.property(named(JSON_INPUTS), valueOps, indent, (name, ops, space) => {
      const mutated = applyValueOps(JSON.parse(textOf(name)), ops);
      return check(JSON.stringify(mutated, null, space) ?? 'null', name);
    }),
  );
});

test('JSON inputs: value mutations then text mutations never crash', () => {
  run(
    fc.property(named(JSON_INPUTS), valueOps, textOps, (name, ops, edits) => {
      const mutated = JSON.stringify(applyValueOps(JSON.parse(textOf(name)), ops), null, 2) ?? 'null';
      return check(applyTextOps(mutated, edits), name);
    }),
  );
});

test('JSON inputs: truncation at any point never crashes', () => {
  run(
    fc.property(named(JSON_INPUTS), fc.nat(), (name, at) => check(textOf(name).slice(0, at % (textOf(name).length + 1)), name)),
  );
});

test('YAML templates: text mutations never crash; ranges inside the file', () => {
  run(fc.property(named(YAML_INPUTS), textOps, (name, ops) => check(applyTextOps(textOf(name), ops), name)));
});

test('YAML templates: value mutations (written back as YAML) never crash', () => {
  const parsed = new Map<string, unknown>([
    ['template.yaml', templateValue(TEMPLATE_YAML)],
    ['template-from-json.yaml', JSON.parse(TEMPLATE_JSON) as unknown],
  ]);
  run(
    fc.property(fc.constantFrom(...parsed.keys()), valueOps, fc.boolean(), (name, ops, flow) => {
      const mutated = applyValueOps(parsed.get(name), ops);
      return check(yamlStringify(mutated, { flowLevel: flow ? 3 : -1 } as never), name);
    }),
  );
});

test('YAML and JSON templates: truncation at any point never crashes', () => {
  run(
    fc.property(fc.constantFrom('template.yaml', 'template.json'), fc.nat(), (name, at) => check(textOf(name).slice(0, at % (textOf(name).length + 1)), name)),
  );
});

test('Terraform: text mutations never crash; ranges inside the file', () => {
  run(fc.property(named(TERRAFORM_INPUTS), textOps, (name, ops) => check(applyTextOps(textOf(name), ops), name)));
});

test('Terraform: truncation at any point never crashes', () => {
  run(fc.property(named(TERRAFORM_INPUTS), fc.nat(), (name, at) => check(textOf(name).slice(0, at % (textOf(name).length + 1)), name)));
});

test('Terraform: attribute values replaced by random HCL expressions never crash', () => {
  const expression = fc.oneof(
    fc.constantFrom(
      '""', '"${}"', '"${var.x}"', '"%{ if true }x%{ endif }"', 'null', 'true', '1e999', '[]', '{}', '[null]', '{ a = 1 }', 'var.missing', 'local.name', 'aws_iam_role.exec',
      'aws_iam_role.exec.arn[0]', 'jsonencode(null)', 'jsonencode([])', 'jsonencode([{}])', 'jsonencode({ __proto__ = 1 })', 'jsonencode([{ name = 1, image = {} }])', 'file("missing.json")',
      'templatefile("x", {})', 'merge({}, 1)', 'concat([], "x")', 'length(1)', '[for x in [] : x]', '{ for k, v in {} : k => v }', 'x ? y : z', '!true', '-"x"', '(1)', 'a.b.c[*].d',
      'format("%s", 1)', 'lookup({}, "x")', 'replace("a", "/", "")', 'tostring([])', '<<EOT\nx\nEOT', '<<-EOT\n  [\n  EOT', 'jsonencode([{ environment = [{ name = "DB_PASSWORD", value = 1 }] }])',
    ),
    fc.string({ maxLength: 10 }).map((text) => JSON.stringify(text)),
  );
  run(
    fc.property(named(TERRAFORM_INPUTS), fc.nat(), expression, (name, which, value) => {
      const text = textOf(name);
      const lines = text.split('\n');
      const assignments = lines.map((line, index) => ({ line, index })).filter(({ line }) => /^\s*\w+\s*=\s*\S/.test(line) && !/(<<|\($|\[$|\{$)/.test(line));
      if (assignments.length === 0) return true;
      const { line, index } = assignments[which % assignments.length]!;
      lines[index] = line.replace(/=\s*.*$/, `= ${value}`);
      return check(lines.join('\n'), name);
    }),
  );
});

test('CloudFormation templates: intrinsic functions with random arguments anywhere in the resources never crash', () => {
  const leaf = fc.oneof(
    // AWS::NoValue is the value most code forgets: an absent value where one is expected.
    { weight: 3, arbitrary: fc.constant<unknown>({ Ref: 'AWS::NoValue' }) },
    { weight: 5, arbitrary: fc.constantFrom<unknown>(
    { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'Env' }, { Ref: 'Missing' }, { Ref: 'Task' }, { Ref: 'Role' },
    'IsProd', 'Env', 'Sizes', 'dev', 'Cpu', 'Arn', '0', 0, 1, -1, 2.5, '', ',', '${Env}', '${AWS::NoValue}', '${!Literal}', '${Role.Arn}', [], {}, null, true, ['a', 'b'], [[]],
    ) },
  );
  const intrinsic: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc
        .record({
          fn: fc.oneof(
            // The functions that compute values (and so index, join and look up their arguments) most often.
            { weight: 3, arbitrary: fc.constantFrom('Fn::Select', 'Fn::Join', 'Fn::Sub', 'Fn::If', 'Fn::FindInMap', 'Fn::Split', 'Fn::GetAtt') },
            { weight: 1, arbitrary: fc.constantFrom('Fn::Base64', 'Fn::ImportValue', 'Fn::Length', 'Fn::ToJsonString', 'Fn::Cidr', 'Fn::GetAZs', 'Ref', 'Condition', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Fn::Transform') },
          ),
          args: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
          single: fc.boolean(),
        })
        .map(({ fn, args, single }) => ({ [fn]: single && args.length > 0 ? args[0] : args })),
    ),
  })).node;
  const templates = new Map<string, unknown>([
    ['template.json', JSON.parse(TEMPLATE_JSON) as unknown],
    ['template.yaml', templateValue(TEMPLATE_YAML)],
  ]);
  run(
    fc.property(fc.constantFrom(...templates.keys()), fc.array(fc.tuple(fc.nat(), intrinsic), { minLength: 1, maxLength: 3 }), (name, edits) => {
      const tree = structuredClone(templates.get(name)) as { Resources: unknown };
      for (const [target, value] of edits) {
        const all = slots(tree.Resources);
        const slot = all[target % all.length]!;
        // A copy: generated constants are shared objects, and a value placed inside itself is a cycle.
        if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = structuredClone(value);
        else define(slot.parent, slot.key as string, structuredClone(value));
      }
      return check(name.endsWith('.yaml') ? yamlStringify(tree) : JSON.stringify(tree, null, 2), name);
    }),
  );
});

test('secret payloads (--input-type secret-payload): value mutations never crash', () => {
  const payload = { username: 'ci', password: 'p4ss-w0rd' };
  run(
    fc.property(valueOps, indent, (ops, space) => {
      const text = JSON.stringify(applyValueOps(payload, ops), null, space) ?? 'null';
      let result: ReturnType<typeof lintText>;
      try {
        result = lintText(text, SETTINGS, { fileName: 'payload.json', inputType: 'secret-payload' });
      } catch (error) {
        throw new Error(`lintText threw on ${text}: ${String(error)}`);
      }
      assert.equal(result.internalErrors, [], text);
      for (const diagnostic of result.diagnostics) assert.is(rangeProblem(text, diagnostic), undefined, text);
      return true;
    }),
  );
});

/** The YAML template as a plain value, its short-form tags written in long form first. */
function templateValue(text: string): unknown {
  const longForm = text
    .replace(/!GetAtt (\w+)\.(\w+)/g, '{ "Fn::GetAtt": [$1, $2] }')
    .replace(/!Ref (\w+)/g, '{ Ref: $1 }')
    .replace(/!Sub ("[^"]*")/g, '{ "Fn::Sub": $1 }');
  return yamlParse(longForm) as unknown;
}

test.run();
