// Which policies the policy rules check: by default the policies ECS tasks depend on, with
// policyScope "all" (config) or --policy-scope all every policy. The fixtures show the scope per
// format; these tests show the setting and the inputs that hold many roles at once.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempProject } from './support/cli';

const test = suite('policy scope');

const INSTANCE_ROLE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  InstanceRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: ecs-instance
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [ecs:Poll, iam:Describe*]
                Resource: "*"
`;

function findings(stdout: string): string[] {
  return stdout.split('\n').filter(Boolean).map((line) => line.replace(/^[^:]+:(\d+):(\d+): (\w+) .*\[([\w-]+)\]$/, '$1:$2 $3 $4'));
}

test('a role no task assumes: its policies are not checked by default, and are with --policy-scope all or policyScope "all"', () => {
  const directory = tempProject({ 'stack.yaml': INSTANCE_ROLE });
  const byDefault = runCli(['--format', 'compact', 'stack.yaml'], { cwd: directory });
  assert.is(byDefault.stdout, '');
  assert.is(byDefault.code, 0);
  const expected = ['14:11 warn policy-version', '17:36 warn policy-syntax'];
  const flag = runCli(['--format', 'compact', '--policy-scope', 'all', 'stack.yaml'], { cwd: directory });
  assert.equal(findings(flag.stdout), expected);
  writeFileSync(join(directory, '.ecs-lint.json'), JSON.stringify({ policyScope: 'all' }));
  const config = runCli(['--format', 'compact', 'stack.yaml'], { cwd: directory });
  assert.equal(findings(config.stdout), expected);
  // The flag wins over the config file.
  const narrowed = runCli(['--format', 'compact', '--policy-scope', 'ecs', 'stack.yaml'], { cwd: directory });
  assert.is(narrowed.stdout, '');
  const printed = JSON.parse(runCli(['--print-config'], { cwd: directory }).stdout) as { policyScope: string };
  assert.is(printed.policyScope, 'all');
});

test('--print-config shows the default scope; a scope that is not "ecs" or "all" is a usage or config error', () => {
  const directory = tempProject({ 'stack.yaml': INSTANCE_ROLE });
  const printed = JSON.parse(runCli(['--print-config'], { cwd: directory }).stdout) as { policyScope: string };
  assert.is(printed.policyScope, 'ecs');
  const flag = runCli(['--policy-scope', 'everything', 'stack.yaml'], { cwd: directory });
  assert.is(flag.code, 2);
  assert.match(flag.stderr, /policy-scope.*"everything".*"ecs", "all"/s);
  writeFileSync(join(directory, '.ecs-lint.json'), '{\n  "policyScope": "everything"\n}\n');
  const config = runCli(['stack.yaml'], { cwd: directory });
  assert.is(config.code, 2);
  assert.match(config.stderr, /\.ecs-lint\.json:2:18: "policyScope" must be one of "ecs", "all"/);
});

test('an account authorization dump: the policies of roles ECS tasks assume, and those naming secrets, are checked', () => {
  const trust = (service: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
  const noVersion = (action: string, resource: string) => ({ Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
  const dump = {
    RoleDetailList: [
      {
        RoleName: 'web-exec',
        Arn: 'arn:aws:iam::111122223333:role/web-exec',
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust('ecs-tasks.amazonaws.com'))),
        RolePolicyList: [{ PolicyName: 'logs', PolicyDocument: noVersion('logs:PutLogEvents', '*') }],
        AttachedManagedPolicies: [{ PolicyName: 'pull', PolicyArn: 'arn:aws:iam::111122223333:policy/pull' }],
      },
      {
        RoleName: 'ecs-instance',
        Arn: 'arn:aws:iam::111122223333:role/ecs-instance',
        AssumeRolePolicyDocument: trust('ec2.amazonaws.com'),
        RolePolicyList: [{ PolicyName: 'poll', PolicyDocument: noVersion('ecs:Poll', '*') }],
        AttachedManagedPolicies: [{ PolicyName: 'misc', PolicyArn: 'arn:aws:iam::111122223333:policy/misc' }],
      },
    ],
    UserDetailList: [
      { UserName: 'deployer', UserPolicyList: [{ PolicyName: 'read-registry', PolicyDocument: noVersion('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:ci/registry-AbCdEf') }] },
      { UserName: 'reader', UserPolicyList: [{ PolicyName: 'read-bucket', PolicyDocument: noVersion('s3:GetObject', 'arn:aws:s3:::reports/*') }] },
    ],
    Policies: ['pull', 'misc'].map((name) => ({
      PolicyName: name,
      Arn: `arn:aws:iam::111122223333:policy/${name}`,
      PolicyVersionList: [{ IsDefaultVersion: true, Document: noVersion('ecr:BatchGetImage', '*') }],
    })),
  };
  const directory = tempProject({ 'authorization.json': JSON.stringify(dump, null, 2) });
  const run = runCli(['--format', 'json', 'authorization.json'], { cwd: directory });
  const messages = (JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; line: number }> }>)[0]!.messages;
  const text = JSON.stringify(dump, null, 2).split('\n');
  const policyAt = (line: number) => text.slice(0, line).reverse().find((row) => /"PolicyName"/.test(row))?.trim();
  assert.equal(
    messages.filter((message) => message.ruleId === 'policy-version').map((message) => policyAt(message.line)),
    ['"PolicyName": "logs",', '"PolicyName": "read-registry",', '"PolicyName": "pull",'],
  );
  const all = runCli(['--format', 'json', '--policy-scope', 'all', 'authorization.json'], { cwd: directory });
  assert.is((JSON.parse(all.stdout) as Array<{ messages: unknown[] }>)[0]!.messages.length, 6);
});

test('a policy document file, and a get-role-policy output, are checked whatever role they are for', () => {
  const directory = tempProject({
    'instance-policy.json': JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'ecs:Poll', Resource: '*' }] }),
    'role-policy.json': JSON.stringify({ RoleName: 'ecs-instance', PolicyName: 'poll', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'ecs:Poll', Resource: '*' }] } }),
  });
  const run = runCli(['--format', 'compact', 'instance-policy.json', 'role-policy.json'], { cwd: directory });
  assert.is(run.stdout.match(/\[policy-version\]/g)?.length, 2, run.stdout);
});

test.run();
