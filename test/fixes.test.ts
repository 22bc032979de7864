// Fixes: `ecs-lint --fix` on each folder of fixtures/fixes/ (one per format) writes exactly the
// files of its expected/ folder, and a second run changes nothing; --fix never writes a file it
// could not parse or was not asked to lint; --fix-dry-run writes nothing and gives the output. Then
// a property: for generated task definitions and policies with fixable mistakes, in JSON,
// CloudFormation YAML and Terraform, the fixed text parses, has no finding it did not have before,
// none left with a fix, and fixing it again changes nothing.

import fc from 'fast-check';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EcsLint } from '../src/api/ecs-lint';
import { prepareAllFormats } from '../src/loaders/formats';
import { ROOT, runCli } from './support/cli';

await prepareAllFormats();

const CASES = join(ROOT, 'fixtures/fixes');
const SEED = Number(process.env.FC_SEED ?? 20_261_202);
const RUNS = Number(process.env.FC_RUNS ?? 40);

/** A case's files (not its expected/ folder) in a temporary directory. */
function copyCase(name: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'ecs-lint-fix-'));
  for (const file of readdirSync(join(CASES, name))) {
    if (file !== 'expected') cpSync(join(CASES, name, file), join(directory, file));
  }
  return directory;
}

const cases = suite('--fix on fixtures/fixes');

for (const name of readdirSync(CASES).filter((entry) => statSync(join(CASES, entry)).isDirectory())) {
  cases(`${name}: the files become expected/, and a second --fix changes nothing`, () => {
    const directory = copyCase(name);
    try {
      const first = runCli(['--fix', '--format', 'compact', '.'], { cwd: directory });
      assert.is(first.stderr, '');
      for (const file of readdirSync(join(CASES, name, 'expected'))) {
        assert.fixture(readFileSync(join(directory, file), 'utf8'), readFileSync(join(CASES, name, 'expected', file), 'utf8'), `${name}/${file}`);
      }
      const before = readdirSync(directory).map((file) => readFileSync(join(directory, file), 'utf8'));
      const second = runCli(['--fix', '--format', 'json', '.'], { cwd: directory });
      assert.equal(readdirSync(directory).map((file) => readFileSync(join(directory, file), 'utf8')), before, 'a second --fix changes nothing');
      const results = JSON.parse(second.stdout) as Array<{ fixableErrorCount: number; fixableWarningCount: number; output?: string }>;
      assert.equal(results.map((result) => result.fixableErrorCount + result.fixableWarningCount), results.map(() => 0));
      assert.ok(results.every((result) => result.output === undefined));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
}

cases('partial-arn: after --fix the run is linted again with the fixed module policy, and nothing is left', () => {
  const directory = copyCase('partial-arn');
  try {
    const before = runCli(['--format', 'compact', '.'], { cwd: directory });
    assert.is(before.code, 1);
    assert.is(before.stdout.match(/\[execution-role-get-secret-value\]/g)?.length, 2);
    const fixed = runCli(['--fix', '--format', 'compact', '.'], { cwd: directory });
    assert.is(fixed.stdout, '');
    assert.is(fixed.code, 0);
    // The editor's way: standard input, with the module's other files read from the disk.
    const text = readFileSync(join(CASES, 'partial-arn/main.tf'), 'utf8');
    const dry = runCli(['--fix-dry-run', '--stdin', '--stdin-filename', join(directory, 'main.tf'), '--format', 'json'], { input: text });
    const [result] = JSON.parse(dry.stdout) as Array<{ output: string; messages: unknown[] }>;
    assert.equal(result!.messages, []);
    assert.is(result!.output, readFileSync(join(CASES, 'partial-arn/expected/main.tf'), 'utf8'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

cases('--fix-dry-run writes nothing and gives the fixed text as "output"; the counts say what is fixable', () => {
  const directory = copyCase('policy-json');
  try {
    const original = readFileSync(join(directory, 'exec-policy.json'), 'utf8');
    const run = runCli(['--fix-dry-run', '--format', 'json', 'exec-policy.json'], { cwd: directory });
    assert.is(readFileSync(join(directory, 'exec-policy.json'), 'utf8'), original);
    const [result] = JSON.parse(run.stdout) as Array<{ output: string; messages: Array<{ ruleId: string; fix?: unknown; suggestions?: unknown[] }> }>;
    assert.is(result!.output, readFileSync(join(CASES, 'policy-json/expected/exec-policy.json'), 'utf8'));
    // What is left: the "db*" resource, whose change needs a choice: a suggestion, not a fix.
    assert.equal(result!.messages.map((message) => [message.ruleId, message.fix === undefined, message.suggestions?.length]), [['policy-secret-wildcard', true, 1]]);
    const plain = runCli(['--format', 'json', 'exec-policy.json'], { cwd: directory });
    const [counted] = JSON.parse(plain.stdout) as Array<{ fixableWarningCount: number; messages: Array<{ fix?: { range: [number, number]; text: string } }> }>;
    assert.is(counted!.fixableWarningCount, 2);
    assert.ok(counted!.messages.some((message) => message.fix?.text === '-??????'));
    const stylish = runCli(['exec-policy.json'], { cwd: directory });
    assert.match(stylish.stdout, /0 errors and 2 warnings potentially fixable with the `--fix` option\./);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

cases('--fix never writes a file it was not asked to lint (a module file read for its facts), nor one it cannot parse; a file with nothing to fix stays byte-identical', () => {
  const directory = copyCase('terraform');
  try {
    const policy = readFileSync(join(directory, 'main.tf'), 'utf8').split('\nresource "aws_ecs_task_definition"')[0]!;
    writeFileSync(join(directory, 'iam.tf'), policy.replace('aws_iam_role_policy" "read"', 'aws_iam_role_policy" "other"'));
    writeFileSync(join(directory, 'broken.json'), '{ "family": "web", "containerDefinitions": [ { "memory": "512" ');
    const clean = '{\r\n  "Version": "2012-10-17",\r\n  "Statement": [{ "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*" }]\r\n}';
    writeFileSync(join(directory, 'clean.json'), clean);
    const iamBefore = readFileSync(join(directory, 'iam.tf'));
    runCli(['--fix', 'main.tf', 'broken.json', 'clean.json'], { cwd: directory });
    assert.ok(readFileSync(join(directory, 'iam.tf')).equals(iamBefore), 'iam.tf, read for the module, is not written');
    assert.is(readFileSync(join(directory, 'broken.json'), 'utf8'), '{ "family": "web", "containerDefinitions": [ { "memory": "512" ');
    assert.is(readFileSync(join(directory, 'clean.json'), 'utf8'), clean);
    assert.match(readFileSync(join(directory, 'main.tf'), 'utf8'), /memory = 512/);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

cases('--fix with --stdin is a usage error; --fix-dry-run with --stdin gives the output', () => {
  const text = readFileSync(join(CASES, 'policy-json/old-version.json'), 'utf8');
  const refused = runCli(['--fix', '--stdin', '--stdin-filename', 'p.json'], { input: text });
  assert.is(refused.code, 2);
  assert.match(refused.stderr, /--fix-dry-run/);
  const dry = runCli(['--fix-dry-run', '--stdin', '--stdin-filename', 'p.json', '--format', 'json'], { input: text });
  assert.is((JSON.parse(dry.stdout) as Array<{ output: string }>)[0]!.output, readFileSync(join(CASES, 'policy-json/expected/old-version.json'), 'utf8'));
});

cases('a rule declares fixable (hasSuggestions) exactly when findings on its fixtures and fixtures/fixes carry a fix (suggestions)', async () => {
  const linter = new EcsLint({ cwd: ROOT, warnUnrecognized: false });
  const results = await linter.lintFiles(['fixtures/rules', 'fixtures/fixes']);
  const fixing = new Set<string>();
  const suggesting = new Set<string>();
  for (const message of results.flatMap((result) => result.messages)) {
    if (message.fix) fixing.add(message.ruleId);
    if (message.suggestions?.length) suggesting.add(message.ruleId);
  }
  const rules = linter.getRules();
  assert.equal([...fixing].sort(), [...rules.values()].filter((rule) => rule.fixable).map((rule) => rule.id).sort());
  assert.equal([...suggesting].sort(), [...rules.values()].filter((rule) => rule.hasSuggestions).map((rule) => rule.id).sort());
});

cases('CRLF line ends and a byte order mark are kept', async () => {
  const text = '\ufeff{\r\n  "Statement": [\r\n    { "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-*" }\r\n  ]\r\n}\r\n';
  const directory = mkdtempSync(join(tmpdir(), 'ecs-lint-fix-'));
  try {
    writeFileSync(join(directory, 'policy.json'), text);
    runCli(['--fix', 'policy.json'], { cwd: directory });
    const fixed = readFileSync(join(directory, 'policy.json'), 'utf8');
    assert.ok(!/[^\r]\n/.test(fixed), 'every line ends in CRLF');
    assert.match(fixed, /^\ufeff\{\r\n  "Version": "2012-10-17",\r\n/);
    assert.match(fixed, /secret:db-\?\?\?\?\?\?"/);
    // UTF-16 stays UTF-16.
    writeFileSync(join(directory, 'utf16.json'), Buffer.from(`\ufeff${text.slice(1)}`, 'utf16le'));
    runCli(['--fix', 'utf16.json'], { cwd: directory });
    const bytes = readFileSync(join(directory, 'utf16.json'));
    assert.equal([...bytes.subarray(0, 2)], [0xff, 0xfe]);
    assert.match(bytes.toString('utf16le'), /"Version": "2012-10-17"[^]*secret:db-\?{6}"/);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

cases.run();

// ---- The property -------------------------------------------------------------------------------

interface Spec {
  memoryAsString: boolean;
  essentialAsString: boolean;
  misspelt: boolean;
  ecrCredentials: boolean;
  selector: boolean;
  policyVersion: 'none' | 'old' | 'current';
  wildcard: boolean;
  format: 'json' | 'yaml' | 'tf';
}

const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf';

function container(spec: Spec): Record<string, unknown> {
  return {
    name: 'web',
    image: spec.ecrCredentials ? '111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1' : 'registry.example.com/team/web:1',
    memory: spec.memoryAsString ? '512' : 512,
    essential: spec.essentialAsString ? 'true' : true,
    [spec.misspelt ? 'portMapings' : 'portMappings']: [{ containerPort: 8080 }],
    ...(spec.ecrCredentials ? { repositoryCredentials: { credentialsParameter: `${SECRET.replace('db-', 'ci-')}` } } : {}),
    secrets: [{ name: 'DB_PASSWORD', valueFrom: spec.selector ? `${SECRET}:password` : `${SECRET}:password::` }],
  };
}

function policy(spec: Spec): Record<string, unknown> {
  return {
    ...(spec.policyVersion === 'none' ? {} : { Version: spec.policyVersion === 'old' ? '2008-10-17' : '2012-10-17' }),
    Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: spec.wildcard ? `${SECRET.replace('-AbCdEf', '')}-*` : `${SECRET.replace('-AbCdEf', '')}-??????` }],
  };
}

const pascal = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(pascal) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([key, child]) => [key.charAt(0).toUpperCase() + key.slice(1), pascal(child)])) : value;

/** YAML block style, one member per line, values as JSON scalars or plain. */
function yaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) return value.map((item) => `${indent}- ${yaml(item, `${indent}  `).trimStart()}`).join('\n');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, child]) => (child !== null && typeof child === 'object' ? `${indent}${key}:\n${yaml(child, `${indent}  `)}` : `${indent}${key}: ${typeof child === 'string' && /^[\w./-]+$/.test(child) && !/^\d/.test(child) ? child : JSON.stringify(child)}`))
      .join('\n');
  }
  return `${indent}${JSON.stringify(value)}`;
}

/** HCL object constructors for jsonencode, one member per line. */
function hcl(value: unknown, indent = ''): string {
  if (Array.isArray(value)) return `[\n${value.map((item) => `${indent}  ${hcl(item, `${indent}  `)},`).join('\n')}\n${indent}]`;
  if (value !== null && typeof value === 'object') return `{\n${Object.entries(value).map(([key, child]) => `${indent}  ${key} = ${hcl(child, `${indent}  `)}`).join('\n')}\n${indent}}`;
  return JSON.stringify(value);
}

function render(spec: Spec): { name: string; text: string } {
  const task = { family: 'web', executionRoleArn: 'arn:aws:iam::111122223333:role/exec', containerDefinitions: [container(spec)] };
  if (spec.format === 'json') return { name: 'task.json', text: `${JSON.stringify({ ...task, policy: undefined }, null, 2)}\n` };
  if (spec.format === 'yaml') {
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Task: { Type: 'AWS::ECS::TaskDefinition', Properties: pascal(task) },
        Policy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: policy(spec) } },
      },
    };
    return { name: 'stack.yaml', text: `${yaml(template)}\n` };
  }
  return {
    name: 'main.tf',
    text: `resource "aws_iam_policy" "read" {\n  policy = jsonencode(${hcl(policy(spec), '  ')})\n}\n\nresource "aws_ecs_task_definition" "web" {\n  family = "web"\n  execution_role_arn = "arn:aws:iam::111122223333:role/exec"\n  container_definitions = jsonencode(${hcl([container(spec)], '  ')})\n}\n`,
  };
}

const property = suite('fixes: a property');

property('the fixed text parses, has no new finding, none left with a fix, and fixing it again changes nothing', async () => {
  let fixedSomething = 0;
  const spec = fc.record<Spec>({
    memoryAsString: fc.boolean(),
    essentialAsString: fc.boolean(),
    misspelt: fc.boolean(),
    ecrCredentials: fc.boolean(),
    selector: fc.boolean(),
    policyVersion: fc.constantFrom<Spec['policyVersion']>('none', 'old', 'current'),
    wildcard: fc.boolean(),
    format: fc.constantFrom<Spec['format']>('json', 'yaml', 'tf'),
  });
  await fc.assert(
    fc.asyncProperty(spec, async (generated) => {
      const { name, text } = render(generated);
      const directory = mkdtempSync(join(tmpdir(), 'ecs-lint-fix-property-'));
      try {
        writeFileSync(join(directory, name), text);
        const plain = new EcsLint({ cwd: directory });
        const [before] = await plain.lintFiles([name]);
        const [fixed] = await new EcsLint({ cwd: directory, fix: true }).lintFiles([name]);
        if (fixed?.output === undefined) {
          assert.ok(!before?.messages.some((message) => message.fix), `a fix was not applied: ${text}`);
          return;
        }
        fixedSomething++;
        const [after] = await plain.lintText(fixed.output, { filePath: name });
        const context = `${text}\n--- fixed ---\n${fixed.output}`;
        assert.ok(!after?.messages.some((message) => message.ruleId === 'parse-error'), `the fixed text does not parse: ${context}`);
        const kinds = (messages: ReadonlyArray<{ ruleId: string; messageId: string }> = []) => new Set(messages.map((message) => `${message.ruleId}:${message.messageId}`));
        const was = kinds(before?.messages);
        for (const kind of kinds(after?.messages)) assert.ok(was.has(kind), `a new finding ${kind}: ${context}`);
        assert.ok(!after?.messages.some((message) => message.fix), `a fix left: ${context}`);
        writeFileSync(join(directory, name), fixed.output);
        const [again] = await new EcsLint({ cwd: directory, fix: true }).lintFiles([name]);
        assert.is(again?.output, undefined, `fixing again changed: ${context}`);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
  assert.ok(fixedSomething > RUNS / 3, `only ${fixedSomething} of ${RUNS} inputs had something to fix`);
});

property.run();

