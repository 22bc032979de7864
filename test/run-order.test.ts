// The order of files does not change a run's findings. A file that asks for the run's IAM facts
// is linted as soon as it is read, against the facts known then, and keeps that result only when
// the finished facts answer its questions the same way; with --cache the same files wait until
// every fact is known. Random projects (task definitions, IAM and Secrets Manager outputs, a
// service, a template, a Terraform module split by a subdirectory), their files at random places
// so that facts come before or after the files that use them: both runs must report the same.

import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main, type CliIo } from '../src/cli/main';
import { terraformExecutionRole, terraformTaskDefinition } from './support/terraform-module';

const SEED = Number(process.env.FC_SEED ?? 20_261_128);
const RUNS = Number(process.env.FC_RUNS ?? 40);

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:registry/web-AbCdEf`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const taskDefinition = (family: string, role: string) =>
  JSON.stringify({
    family,
    executionRoleArn: role,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'app', image: 'registry.example.com/team/app:1.0.0', repositoryCredentials: { credentialsParameter: SECRET } }],
  });

const allow = (actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

const account = (actions: string[]) =>
  JSON.stringify({
    RoleDetailList: [
      {
        RoleName: 'ecsTaskExecutionRole',
        Arn: ROLE,
        RolePolicyList: actions.length > 0 ? [{ PolicyName: 'registry', PolicyDocument: allow(actions) }] : [],
        AttachedManagedPolicies: [{ PolicyName: 'AmazonECSTaskExecutionRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }],
      },
    ],
    Policies: [],
  });

const template = [
  'Resources:',
  '  Task:',
  '    Type: AWS::ECS::TaskDefinition',
  '    Properties:',
  '      Family: tpl',
  `      ExecutionRoleArn: ${ROLE}`,
  '      ContainerDefinitions:',
  '        - Name: app',
  '          Image: registry.example.com/team/app:1.0.0',
  '          RepositoryCredentials:',
  `            CredentialsParameter: ${SECRET}`,
  '',
].join('\n');

/** The parts a project may have; each is placed in one of these directories under one of these prefixes. */
const PLACES = ['', 'a/', 'm/', 'z/', 'm/sub/'];
const PREFIXES = ['a-', 'n-', 'z-'];

const project = fc.record({
  files: fc.record(
    {
      web: fc.constant(taskDefinition('web', ROLE)),
      byName: fc.constant(taskDefinition('byname', 'ecsTaskExecutionRole')),
      account: fc.subarray(['secretsmanager:GetSecretValue', 'kms:Decrypt', 'logs:PutLogEvents']).map(account),
      secret: fc.constantFrom(
        JSON.stringify({ ARN: SECRET, Name: 'registry/web', KmsKeyId: KEY }),
        JSON.stringify({ ARN: SECRET, Name: 'registry/web' }),
      ),
      service: fc.constant(JSON.stringify({ serviceName: 'web', taskDefinition: 'web', launchType: 'FARGATE', platformVersion: '1.1.0' })),
      template: fc.constant(template),
    },
    { requiredKeys: ['web'] },
  ),
  places: fc.array(fc.tuple(fc.constantFrom(...PLACES), fc.constantFrom(...PREFIXES)), { minLength: 6, maxLength: 6 }),
  module: fc.option(fc.record({ directory: fc.constantFrom('infra/', 'm/'), action: fc.constantFrom('secretsmanager:GetSecretValue', 'logs:PutLogEvents'), nested: fc.boolean() })),
});

async function lint(directory: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: directory,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => '',
    env: {},
  };
  const code = await main(['--format', 'json', '--account', ACCOUNT, '--region', 'us-east-1', ...args, '.'], io);
  return { code, stdout, stderr };
}

test('findings do not depend on where the facts are: linted as read (checked at the end) and linted after all facts agree', async () => {
  let compared = 0;
  let findings = 0;
  await fc.assert(
    fc.asyncProperty(project, async ({ files, places, module }) => {
      const directory = mkdtempSync(join(tmpdir(), 'ecs-lint-order-'));
      try {
        const written: Record<string, string> = {};
        Object.entries(files).forEach(([name, text], index) => {
          const [place, prefix] = places[index % places.length]!;
          written[`${place}${prefix}${name}.${name === 'template' ? 'yaml' : 'json'}`] = text;
        });
        if (module) {
          written[`${module.directory}a-ecs.tf`] = terraformTaskDefinition('tf', SECRET);
          written[`${module.directory}z-iam.tf`] = terraformExecutionRole(module.action);
          if (module.nested) written[`${module.directory}nested/main.tf`] = terraformTaskDefinition('nested', SECRET) + terraformExecutionRole('secretsmanager:GetSecretValue');
        }
        for (const [path, text] of Object.entries(written)) {
          mkdirSync(dirname(join(directory, path)), { recursive: true });
          writeFileSync(join(directory, path), text);
        }
        const asRead = await lint(directory, []);
        const afterFacts = await lint(directory, ['--cache', '--cache-location', join(tmpdir(), `ecs-lint-order-cache-${process.pid}-${compared}`)]);
        rmSync(join(tmpdir(), `ecs-lint-order-cache-${process.pid}-${compared}`), { force: true });
        compared++;
        findings += (JSON.parse(asRead.stdout) as Array<{ messages: unknown[] }>).reduce((sum, file) => sum + file.messages.length, 0);
        assert.is(asRead.stderr, '');
        assert.equal([asRead.code, JSON.parse(asRead.stdout)], [afterFacts.code, JSON.parse(afterFacts.stdout)], JSON.stringify(Object.keys(written)));
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
  assert.is(compared, RUNS);
  // The projects have findings to compare (a run of clean files would prove little).
  assert.ok(findings > RUNS, `${findings} findings in ${RUNS} runs`);
});

test.run();
