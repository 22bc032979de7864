// execution-role-logs on the policy resources people write for awslogs: which allow writing the
// log streams, which name the group alone, and where the two documented ARN forms of a log group
// leave logs:CreateLogGroup unknown.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EcsLint } from '../src/api/index';

const test = suite('execution-role-logs: policy resources');

const ROLE = 'arn:aws:iam::111122223333:role/app-exec';

function task(options: Record<string, string>, compatibilities: string[] | null = ['FARGATE']): string {
  return JSON.stringify({
    family: 'app',
    executionRoleArn: ROLE,
    ...(compatibilities ? { requiresCompatibilities: compatibilities } : {}),
    containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27', logConfiguration: { logDriver: 'awslogs', options } }],
  });
}

function rolePolicy(statements: unknown[]): string {
  return JSON.stringify({ RoleName: 'app-exec', PolicyName: 'app-logs', PolicyDocument: { Version: '2012-10-17', Statement: statements } });
}

function details(statements: unknown[]): string {
  return JSON.stringify({
    RoleDetailList: [
      {
        RoleName: 'app-exec',
        Arn: ROLE,
        RolePolicyList: [{ PolicyName: 'app-logs', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
        AttachedManagedPolicies: [],
      },
    ],
  });
}

async function findings(taskText: string, iamText: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-lint-logs-'));
  try {
    writeFileSync(join(dir, 'task.json'), taskText);
    writeFileSync(join(dir, 'iam.json'), iamText);
    const linter = new EcsLint({ cwd: dir });
    const results = await linter.lintFiles(['iam.json', 'task.json']);
    return results.flatMap((result) => result.messages.filter((message) => message.ruleId === 'execution-role-logs').map((message) => message.messageId ?? ''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const OPTIONS = { 'awslogs-group': '/ecs/app', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'app' };
const WRITE = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const allow = (resource: string, actions: string[] = WRITE) => ({ Effect: 'Allow', Action: actions, Resource: resource });

const STREAM_RESOURCES: Array<[string, string[]]> = [
  ['*', []],
  ['arn:aws:logs:*:*:*', []],
  ['arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:*', []],
  ['arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:log-stream:*', []],
  ['arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:log-stream:app/app/*', []],
  ['arn:aws:logs:us-east-1:111122223333:log-group:/ecs/*', []],
  ['arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app', ['group-arn-resource']],
  ['arn:aws:logs:us-east-1:111122223333:log-group:/ecs/other:*', ['not-allowed']],
  ['arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/app:*', ['not-allowed']],
  ['arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:log-stream:other/*', ['not-allowed']],
];

for (const [resource, expected] of STREAM_RESOURCES) {
  test(`CreateLogStream and PutLogEvents on ${resource}`, async () => {
    assert.equal(await findings(task(OPTIONS), details([allow(resource)])), expected);
  });
}

test('one of the two actions missing is one finding', async () => {
  assert.equal(await findings(task(OPTIONS), details([allow('*', ['logs:CreateLogStream'])])), ['not-allowed']);
});

test('a get-role-policy output alone: a warning', async () => {
  assert.equal(await findings(task(OPTIONS), rolePolicy([allow('arn:aws:logs:*:*:log-group:/ecs/other:*')])), ['not-allowed-partial']);
});

test('EC2, or no requiresCompatibilities: the instance role may write the logs', async () => {
  assert.equal(await findings(task(OPTIONS, ['EC2']), details([])), []);
  assert.equal(await findings(task(OPTIONS, null), details([])), []);
  assert.equal(await findings(task(OPTIONS, ['FARGATE', 'EC2']), details([])), []);
});

test('no awslogs-group, or one another tool fills in: nothing', async () => {
  const { 'awslogs-group': _group, ...withoutGroup } = OPTIONS;
  assert.equal(await findings(task(withoutGroup), details([])), []);
  assert.equal(await findings(task({ ...OPTIONS, 'awslogs-group': '<log-group>' }), details([])), []);
});

const CREATE = { ...OPTIONS, 'awslogs-create-group': 'true' };
const CREATE_RESOURCES: Array<[string, string[]]> = [
  ['*', []],
  ['arn:aws:logs:*:*:*', []],
  ['arn:aws:logs:us-east-1:111122223333:log-group:*', []],
  // The Service Authorization Reference's form and the guide's ":*" form decide differently: unknown.
  ['arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app', []],
  ['arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:*', []],
  ['arn:aws:logs:us-east-1:111122223333:log-group:/ecs/other', ['create-group-not-allowed']],
];

for (const [resource, expected] of CREATE_RESOURCES) {
  test(`CreateLogGroup on ${resource}`, async () => {
    const statements = [allow('*'), allow(resource, ['logs:CreateLogGroup'])];
    assert.equal(await findings(task(CREATE), details(statements)), expected);
  });
}

test('awslogs-create-group other than true asks nothing more', async () => {
  assert.equal(await findings(task({ ...OPTIONS, 'awslogs-create-group': 'false' }), details([allow('*')])), []);
  assert.equal(await findings(task({ ...OPTIONS, 'awslogs-create-group': 'TRUE' }), details([allow('*')])), ['create-group-not-allowed']);
});

test.run();
