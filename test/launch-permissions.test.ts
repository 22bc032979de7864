// A CDK-synthesized Fargate service whose execution role may do everything the task needs at
// launch (pull its ECR image, write its awslogs logs, read its SSM parameter and its secret, be
// assumed by ECS tasks) lints clean; each permission taken away in turn gives exactly one finding,
// of the rule that owns it, at the reference in the template that needs it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EcsLint, type LintResult } from '../src/api/index';
import { prepareAllFormats } from '../src/loaders/formats';
import { ROOT } from './support/cli';

await prepareAllFormats();

const FILE = 'fixtures/cdk/fargate-service.template.json';
const TEXT = readFileSync(join(ROOT, FILE), 'utf8');
type Template = { Resources: Record<string, { Properties: Record<string, any> }> };
const POLICY = 'OrdersTaskDefExecutionRoleDefaultPolicy2F7C9A15';

async function lint(template: Template): Promise<LintResult['messages']> {
  const linter = new EcsLint({ cwd: ROOT });
  const [result] = await linter.lintText(JSON.stringify(template, null, 1), { filePath: FILE });
  return result!.messages;
}

/** The 1-based line and column of the value of `key` (the first after `after`), as lintText is given the template. */
function valueOf(template: Template, key: string, after?: string): { line: number; column: number } {
  const text = JSON.stringify(template, null, 1);
  const from = after ? text.indexOf(after) : 0;
  const offset = text.indexOf(`"${key}": `, from);
  assert.ok(from >= 0 && offset >= 0, `${key} is in the template`);
  const before = text.slice(0, offset + key.length + 4).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

function withoutStatement(action: string): Template {
  const template = JSON.parse(TEXT) as Template;
  const document = template.Resources[POLICY]!.Properties.PolicyDocument;
  document.Statement = document.Statement.filter((statement: { Action: string | string[] }) => ![statement.Action].flat().includes(action));
  return template;
}

const launch = suite('launch permissions of a CDK Fargate service');

launch('the complete service lints clean', async () => {
  assert.equal(await lint(JSON.parse(TEXT)), []);
});

const CASES: Array<{ removed: string; rule: string; key: string; after?: string }> = [
  { removed: 'ecr:BatchGetImage', rule: 'execution-role-ecr-pull', key: 'Image' },
  { removed: 'ecr:GetAuthorizationToken', rule: 'execution-role-ecr-pull', key: 'Image' },
  { removed: 'logs:PutLogEvents', rule: 'execution-role-logs', key: 'awslogs-group' },
  { removed: 'ssm:GetParameters', rule: 'execution-role-ssm-parameters', key: 'ValueFrom', after: '"DB_PASSWORD"' },
  { removed: 'secretsmanager:GetSecretValue', rule: 'execution-role-get-secret-value', key: 'ValueFrom', after: '"API_KEY"' },
];

for (const { removed, rule, key, after } of CASES) {
  launch(`without the statement that allows ${removed}: one ${rule} finding, at ${key}`, async () => {
    const template = withoutStatement(removed);
    const messages = await lint(template);
    assert.equal(messages.map((message) => message.ruleId), [rule]);
    assert.equal({ line: messages[0]!.line, column: messages[0]!.column }, valueOf(template, key, after));
  });
}

launch('an execution role ECS tasks cannot assume: one execution-role-trust finding at ExecutionRoleArn', async () => {
  const template = JSON.parse(TEXT) as Template;
  template.Resources.OrdersTaskDefExecutionRole8D41B6C3!.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service = 'ecs.amazonaws.com';
  const messages = await lint(template);
  assert.equal(messages.map((message) => message.ruleId), ['execution-role-trust']);
  assert.equal({ line: messages[0]!.line, column: messages[0]!.column }, valueOf(template, 'ExecutionRoleArn'));
});

launch('a task role ECS tasks cannot assume: one execution-role-trust finding at TaskRoleArn', async () => {
  const template = JSON.parse(TEXT) as Template;
  template.Resources.OrdersTaskDefTaskRole5C2A7E90!.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service = 'ec2.amazonaws.com';
  const messages = await lint(template);
  assert.equal(messages.map((message) => message.ruleId), ['execution-role-trust']);
  assert.equal({ line: messages[0]!.line, column: messages[0]!.column }, valueOf(template, 'TaskRoleArn'));
});

launch.run();
