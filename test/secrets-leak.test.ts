// Secrets never leak: the password of a registry credential secret payload, any SecretString of a
// template (and its GenerateSecretString template), a NoEcho parameter's value, and a literal
// password in a task definition's or a Terraform file's environment never appear in any
// reporter's output (stdout, stderr, --output-file), nor in the --cache file. Every value is a
// unique marker, so a leak names where it came from.

import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FORMATS } from '../src/reporters/index';
import { hostileDirectory, parseJsonReport, preview, removeDirectories, runCliTimed, STACK_TRACE, type TimedRun } from './support/hostile';

const test = suite('secrets never leak');

/** Every marker starts with this: one search finds them all. */
const MARK = 'LeAkMaRk';
const marker = (where: string) => `${MARK}-${where}-7f3a9c`;

const PAYLOADS: Record<string, string> = {
  'payloads/valid.json': `{"username": "ci-puller", "password": "${marker('valid')}"}`,
  'payloads/no-username.json': `{"password": "${marker('no-username')}"}`,
  'payloads/wrong-types.json': `{"username": 42, "password": ["${marker('wrong-types')}"]}`,
  'payloads/number-password.json': `{"username": "ci", "password": 1234567890}`,
  'payloads/key-case.json': `{"Username": "ci", "Password": "${marker('key-case')}"}`,
  'payloads/duplicate.json': `{"username": "ci", "password": "${marker('duplicate-1')}", "password": "${marker('duplicate-2')}"}`,
  'payloads/truncated.json': `{"username": "ci", "password": "${marker('truncated')}`,
  'payloads/unquoted.json': `{"username": "ci", "password": ${marker('unquoted')}}`,
  'payloads/missing-comma.json': `{"username": "ci" "password": "${marker('missing-comma')}"}`,
  'payloads/trailing-comma.json': `{"username": "ci", "password": "${marker('trailing-comma')}",}`,
  'payloads/bad-escape.json': `{"username": "ci", "password": "${marker('bad-escape')}\\q"}`,
  'payloads/control-character.json': `{"username": "ci", "password": "${marker('control')}\u0001"}`,
  'payloads/garbage-after.json': `{"username": "ci", "password": "${marker('garbage-after')}"} trailing ${marker('garbage-tail')}`,
  'payloads/single-quotes.json': `{'username': 'ci', 'password': '${marker('single-quotes')}'}`,
  'payloads/templated.json': `{"username": "ci", "password": "${marker('templated')}", "x": \${var.x}}`,
  'payloads/list.json': `["ci", "${marker('list')}"]`,
  'payloads/string.json': `"${marker('string')}"`,
  'payloads/password-as-key.json': `{"username": "ci", "${marker('as-key')}": "x"}`,
  'payloads/dotenv.json': `username=ci\npassword=${marker('dotenv')}\n`,
  'payloads/yaml.yaml': `username: ci\npassword: ${marker('yaml')}\n`,
  'payloads/yaml-broken.yaml': `username: ci\npassword: "${marker('yaml-broken')}\n`,
  'payloads/yaml-tag.yaml': `username: ci\npassword: !${marker('yaml-tag')} x\n`,
};

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
    Default: ${marker('noecho-default')}
Resources:
  RegistrySecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: ci/registry
      SecretString: '{"username":"ci","password":"${marker('secret-string')}"}'
  GeneratedSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        SecretStringTemplate: '{"username":"app","apiKey":"${marker('secret-string-template')}"}'
        GenerateStringKey: password
  FromParameter:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: !Ref DbPassword
  Duplicated:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: ${marker('duplicate-secret-string-1')}
      SecretString: ${marker('duplicate-secret-string-2')}
  Version:
    Type: AWS::SecretsManager::SecretVersion
    Properties:
      SecretId: !Ref RegistrySecret
      SecretString: !Sub '{"password":"\${DbPassword}-${marker('secret-version')}"}'
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: not a family!
      NetworkMode: awsvpc
      ContainerDefinitions:
        - Name: api
          Image: registry.example.com/billing/api:latest
          RepositoryCredentials:
            CredentialsParameter: !Ref RegistrySecret
          Environment:
            - Name: DB_PASSWORD
              Value: !Ref DbPassword
            - Name: API_TOKEN
              Value: ${marker('template-env')}
          Secrets:
            - Name: DB
              ValueFrom: !Ref GeneratedSecret
`;

const TEMPLATE_JSON = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { SecretString: { 'Fn::Join': ['', ['{"password":"', marker('json-secret-string'), '"}']] } } },
    Broken: { Type: 'AWS::SecretsManager::Secret', Properties: { SecretString: 12, Name: { Ref: 'Nope' } } },
    Task: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: { Family: 'x', ContainerDefinitions: [{ Name: 'c', Image: 'nginx', Environment: [{ Name: 'DB_PASSWORD', Value: marker('json-template-env') }] }] },
    },
  },
});

const TASK = JSON.stringify(
  {
    family: 'billing',
    containerDefinitions: [
      {
        name: 'api',
        image: 'registry.example.com/billing/api:4.2.0',
        environment: [
          { name: 'DB_PASSWORD', value: marker('task-env') },
          { name: 'DATABASE_URL', value: `postgres://app:${marker('task-url')}@db.internal:5432/app` },
          { name: 'GITHUB_TOKEN', value: `ghp_${marker('task-token')}0123456789abcdefABCDEF` },
          { name: 'ECS_ENGINE_AUTH_DATA', value: JSON.stringify({ 'https://index.docker.io/v1/': { username: 'u', password: marker('task-engine-auth') } }) },
          { name: 'PASSWORD', value: marker('task-env-2'), password: marker('task-unknown-member') },
        ],
        repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-AbCdEf' },
      },
    ],
  },
  null,
  2,
);

const TERRAFORM = `resource "aws_secretsmanager_secret" "db" {
  name = "app/db"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({ username = "app", password = "${marker('tf-secret-string')}" })
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name        = "app"
    image       = "nginx:1.25"
    environment = [{ name = "DB_PASSWORD", value = "${marker('tf-env')}" }, { name = "DATABASE_URL", value = "mysql://u:${marker('tf-url')}@db/x" }]
  }])
}
`;

const TERRAFORM_HEREDOC = `resource "aws_ecs_task_definition" "heredoc" {
  family                = "heredoc"
  container_definitions = <<EOF
[{ "name": "app", "image": "nginx", "environment": [{ "name": "DB_PASSWORD", "value": "${marker('tf-heredoc-env')}" }] }]
EOF
}
`;

/** The temporary directories of this suite, removed at its end. */
const made: string[] = [];

function project(): string {
  return hostileDirectory(
    {
      '.ecs-lint.json': JSON.stringify({ secretPayloads: ['payloads/**'] }),
      ...PAYLOADS,
      'template.yaml': TEMPLATE,
      'template.json': TEMPLATE_JSON,
      'task.json': TASK,
      'tf/main.tf': TERRAFORM,
      'tf-heredoc/main.tf': TERRAFORM_HEREDOC,
    },
    made,
  );
}

/** Every marker in a text, with a little context. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(new RegExp(`.{0,60}${MARK}[-\\w]*.{0,20}`, 'g'))) found.push(match[0]);
  return found;
}

function assertClean(run: TimedRun, what: string): void {
  assert.not.ok(run.timedOut, `${what}: timed out`);
  assert.not.match(run.stderr, STACK_TRACE, `${what}: a stack trace: ${preview(run.stderr)}`);
  assert.equal(leaks(run.stdout), [], `${what}: a secret on stdout`);
  assert.equal(leaks(run.stderr), [], `${what}: a secret on stderr`);
}

const directory = project();
const PAYLOAD_FILES = Object.keys(PAYLOADS);

test('json: the expected findings are there (the rules fired), and no value of a secret', () => {
  const run = runCliTimed(['--format', 'json', '.'], { cwd: directory });
  assertClean(run, 'json');
  assert.is(run.code, 1);
  const results = new Map(parseJsonReport(run.stdout).map((result) => [result.filePath, result.messages]));
  const ids = (path: string) => (results.get(path) ?? []).map((m) => `${m.ruleId}:${m.messageId}`);
  assert.ok(ids('task.json').filter((id) => id.startsWith('plaintext-secret-env')).length >= 4, `task.json: ${ids('task.json')}`);
  assert.ok(ids('tf/main.tf').some((id) => id.startsWith('plaintext-secret-env')), `tf/main.tf: ${ids('tf/main.tf')}`);
  assert.ok(ids('tf-heredoc/main.tf').some((id) => id.startsWith('plaintext-secret-env')), `tf-heredoc/main.tf: ${ids('tf-heredoc/main.tf')}`);
  assert.ok(ids('template.yaml').some((id) => id.startsWith('family-name')), `template.yaml: ${ids('template.yaml')}`);
  assert.ok(ids('template.yaml').some((id) => id === 'parse-error:duplicate-key'), `template.yaml: ${ids('template.yaml')}`);
  assert.ok(ids('template.json').some((id) => id.startsWith('plaintext-secret-env')), `template.json: ${ids('template.json')}`);
  // Payloads selected by secretPayloads: checked as payloads.
  assert.ok(ids('payloads/no-username.json').includes('secret-payload:missing'), `no-username: ${ids('payloads/no-username.json')}`);
  assert.ok(ids('payloads/wrong-types.json').includes('secret-payload:type'), `wrong-types: ${ids('payloads/wrong-types.json')}`);
  assert.ok(ids('payloads/key-case.json').includes('secret-payload:key-case'), `key-case: ${ids('payloads/key-case.json')}`);
  assert.ok(ids('payloads/duplicate.json').includes('parse-error:duplicate-key'), `duplicate: ${ids('payloads/duplicate.json')}`);
  assert.ok(ids('payloads/truncated.json').includes('parse-error:syntax'), `truncated: ${ids('payloads/truncated.json')}`);
  assert.equal(ids('payloads/valid.json'), []);
});

for (const format of FORMATS) {
  test(`--format ${format}: neither stdout nor stderr holds a secret (payloads by secretPayloads, templates, task definitions, Terraform)`, () => {
    const run = runCliTimed(['--format', format, '.'], { cwd: directory });
    assertClean(run, format);
    assert.is(run.code, 1, `${format}: exit code ${run.code}; ${preview(run.stderr)}`);
    assert.ok(run.stdout.length > 0, `${format}: no output`);
  });

  test(`--format ${format} --output-file, --input-type secret-payload: the file holds no secret`, () => {
    const output = join(directory, `report-${format}.out`);
    const run = runCliTimed(['--format', format, '--input-type', 'secret-payload', '--output-file', output, ...PAYLOAD_FILES], { cwd: directory });
    assertClean(run, `${format} --output-file`);
    assert.is(run.stdout, '', 'nothing on stdout with --output-file');
    assert.ok(existsSync(output), 'the report file was written');
    const report = readFileSync(output, 'utf8');
    assert.ok(report.length > 0);
    assert.equal(leaks(report), [], `${format}: a secret in the report file`);
  });
}

test('--stdin with --input-type secret-payload: no secret in any output', () => {
  const some = ['payloads/truncated.json', 'payloads/duplicate.json', 'payloads/wrong-types.json', 'payloads/yaml-broken.yaml', 'payloads/dotenv.json'];
  for (const [name, text] of Object.entries(PAYLOADS).filter(([name]) => some.includes(name))) {
    const run = runCliTimed(['--format', 'json', '--stdin', '--stdin-filename', name, '--input-type', 'secret-payload'], { cwd: directory, input: text });
    assertClean(run, `stdin ${name}`);
  }
});

test('--cache: the cache file holds messages and positions, never a file\'s content or a secret', () => {
  const cache = join(directory, 'lint-cache.json');
  const first = runCliTimed(['--format', 'json', '--cache', '--cache-location', cache, '.'], { cwd: directory });
  assertClean(first, 'first --cache run');
  const second = runCliTimed(['--format', 'json', '--cache', '--cache-location', cache, '.'], { cwd: directory });
  assertClean(second, 'second --cache run (from the cache)');
  assert.is(second.stdout, first.stdout, 'the cached run reports the same');
  const text = readFileSync(cache, 'utf8');
  assert.equal(leaks(text), [], 'a secret in the cache file');
  const content = JSON.parse(text) as { version: string; entries: Record<string, { key: string; recognized: boolean; diagnostics: Array<Record<string, unknown>> }> };
  // What an entry holds: a hash key, whether the file was recognized, and the diagnostics.
  for (const [file, entry] of Object.entries(content.entries)) {
    assert.equal(Object.keys(entry).sort(), ['diagnostics', 'key', 'recognized'], file);
    assert.match(entry.key, /^[0-9a-f]{64}$/, `${file}: the key is a SHA-256 digest`);
    for (const diagnostic of entry.diagnostics) {
      for (const key of Object.keys(diagnostic)) {
        assert.ok(['ruleId', 'messageId', 'severity', 'message', 'help', 'line', 'column', 'endLine', 'endColumn', 'data', 'fatal', 'fix', 'suggestions'].includes(key), `${file}: the cache stores "${key}"`);
      }
      // A fix writes only what ecs-lint makes (never text copied from the file): checked by leaks() above.
    }
  }
});

test('a YAML payload or template with a complex key (? {password: …}): the key is not printed (Node warning)', () => {
  const local = hostileDirectory(
    {
      '.ecs-lint.json': JSON.stringify({ secretPayloads: ['payload.yaml'] }),
      'payload.yaml': `username: ci\n? { password: ${marker('complex-key-payload')} }\n: x\n`,
      'template.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      ? SecretString: ${marker('complex-key-template')}\n      : x\n`,
    },
    made,
  );
  const run = runCliTimed(['--format', 'compact', 'payload.yaml', 'template.yaml'], { cwd: local });
  assertClean(run, 'complex keys');
});

test.after(() => removeDirectories(made));

test.run();
