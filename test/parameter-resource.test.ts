// The ARN of the Systems Manager parameter a valueFrom names, as execution-role-ssm-parameters
// evaluates it: names in the task's account and region, ARNs as written, a file's own parameters by
// reference; and what is left unknown (AWS's own names, selectors, templated names, no region).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FactView } from '../src/facts/view';
import type { DocumentFacts } from '../src/facts/records';
import { parsePolicyDocument } from '../src/iam/policy';
import { resolveParameter, withParameterReferences } from '../src/rules/support/parameter-resource';
import { loadedTerraform, prepareAllFormats } from '../src/loaders/formats';

await prepareAllFormats();

const PLACE = { partition: 'aws', region: 'eu-west-1', account: '111122223333' };
const TEMPLATE = { partition: '${AWS::Partition}', region: '${AWS::Region}', account: '${AWS::AccountId}' };

function facts(parameters: DocumentFacts['parameters']): FactView {
  return FactView.EMPTY.with({ roles: [], managed: [], secrets: [], keys: [], parameters });
}

const arnOf = (value: string, place = PLACE, workspace = FactView.EMPTY) => resolveParameter(value, place, workspace, undefined)?.arnText;

test('a name is a parameter of the task\'s account and region; a name with levels keeps its slash once', () => {
  assert.is(arnOf('/web/db-password'), 'arn:aws:ssm:eu-west-1:111122223333:parameter/web/db-password');
  assert.is(arnOf('db-password'), 'arn:aws:ssm:eu-west-1:111122223333:parameter/db-password');
  assert.is(arnOf('db-password', { partition: 'aws', region: undefined as unknown as string, account: '111122223333' }), undefined);
});

test('an ARN is evaluated as written, in its own region and account', () => {
  const arn = 'arn:aws:ssm:us-east-1:444455556666:parameter/shared/token';
  assert.is(arnOf(arn), arn);
  assert.is(arnOf('arn:aws-cn:ssm:cn-north-1:111122223333:parameter/app/db'), 'arn:aws-cn:ssm:cn-north-1:111122223333:parameter/app/db');
});

test('what is not surely one parameter is unknown', () => {
  for (const value of [
    '/aws/reference/secretsmanager/app/db',
    '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    '/web/db-password:3',
    'web/db-password',
    'arn:aws:ssm:eu-west-1:111122223333:parameter/web/db:label',
    'arn:aws:ssm:eu-west-1:111122223333:parameter/',
    'arn:aws:ssm:eu-west-1:111122223333:parameter//web/db',
    'arn:aws:ssm:eu-west-1:111122223333:parameter/${ENV}/db',
    'arn:aws:ssm:${var.region}:111122223333:parameter/web/db',
    'arn:aws:ssm:region:aws_account_id:parameter/web/db',
    'arn:aws:ssm:eu-west-1:111122223333:document/web',
    '${var.db_parameter_arn}',
    '{{resolve:ssm:/web/db}}',
  ]) {
    assert.is(arnOf(value), undefined, value);
  }
});

test('a template\'s own parameter: by Ref, by an ARN built around its Ref, by a generated name', () => {
  const workspace = facts([
    { name: '/inventory/db-host', aliases: ['${DbHostParam}'], origin: 'template.yaml' },
    { generatedName: true, aliases: ['${SearchParam}'], origin: 'template.yaml' },
    { name: 'flat-name', aliases: ['${FlatParam}'], origin: 'template.yaml' },
  ]);
  const expected = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/inventory/db-host';
  assert.is(arnOf('${DbHostParam}', TEMPLATE, workspace), expected);
  assert.is(arnOf('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${DbHostParam}', TEMPLATE, workspace), expected);
  // parameter/${DbHostParam} would be parameter//inventory/db-host: no such ARN, not evaluated.
  assert.is(arnOf('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${DbHostParam}', TEMPLATE, workspace), undefined);
  assert.is(arnOf('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${FlatParam}', TEMPLATE, workspace), 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/flat-name');
  assert.is(arnOf('${SearchParam}', TEMPLATE, workspace), 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${SearchParam}');
  assert.is(arnOf('${UnknownParam}', TEMPLATE, workspace), undefined);
});

test('a Terraform parameter: by its name or its ARN; a name not known leaves the ARN reference', () => {
  const workspace = facts([
    { name: '/orders/db', aliases: ['${aws_ssm_parameter.db.arn}', '${aws_ssm_parameter.db.name}', '${aws_ssm_parameter.db.id}'], origin: 'main.tf' },
    { aliases: ['${aws_ssm_parameter.env.arn}', '${aws_ssm_parameter.env.name}'], origin: 'main.tf' },
  ]);
  assert.is(arnOf('${aws_ssm_parameter.db.name}', PLACE, workspace), 'arn:aws:ssm:eu-west-1:111122223333:parameter/orders/db');
  assert.is(arnOf('${aws_ssm_parameter.db.arn}', PLACE, workspace), 'arn:aws:ssm:eu-west-1:111122223333:parameter/orders/db');
  assert.is(arnOf('${aws_ssm_parameter.env.name}', PLACE, workspace), '${aws_ssm_parameter.env.arn}');
});

test('policies that name the file\'s parameters by reference name them by their ARNs', () => {
  const workspace = facts([
    { name: '/orders/db', aliases: ['${aws_ssm_parameter.db.arn}', '${aws_ssm_parameter.db.name}'], origin: 'main.tf' },
    { aliases: ['${aws_ssm_parameter.env.arn}'], origin: 'main.tf' },
  ]);
  const policy = {
    source: { name: 'p' },
    document: parsePolicyDocument({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: ['${aws_ssm_parameter.db.arn}', 'arn:aws:ssm:eu-west-1:111122223333:parameter${aws_ssm_parameter.db.name}', '${aws_ssm_parameter.env.arn}', '*'] }],
    }),
  };
  const role = withParameterReferences({ policies: [policy] }, PLACE, workspace, undefined);
  assert.equal(role.policies[0]!.document.statements[0]!.resources, [
    'arn:aws:ssm:eu-west-1:111122223333:parameter/orders/db',
    'arn:aws:ssm:eu-west-1:111122223333:parameter/orders/db',
    '${aws_ssm_parameter.env.arn}',
    '*',
  ]);
  // Without the task's place nothing is rewritten.
  assert.is(withParameterReferences({ policies: [policy] }, {}, workspace, undefined).policies[0], policy);
});

test('aws_ssm_parameter: its name, type and key; the AWS managed key and a parameter of another provider', () => {
  const text = `
resource "aws_kms_key" "app" {}
resource "aws_ssm_parameter" "secure" {
  name   = "/app/db-password"
  type   = "SecureString"
  value  = var.password
  key_id = aws_kms_key.app.arn
}
resource "aws_ssm_parameter" "default_key" {
  name  = "/app/api-key"
  type  = "SecureString"
  value = var.api_key
}
resource "aws_ssm_parameter" "plain" {
  name   = "app-url"
  type   = "String"
  value  = "https://app.example.com"
}
resource "aws_ssm_parameter" "managed_alias" {
  name   = "/app/smtp"
  type   = "SecureString"
  value  = var.smtp
  key_id = "alias/aws/ssm"
}
resource "aws_ssm_parameter" "replica" {
  provider = aws.replica
  name     = "/app/replica"
  type     = "String"
  value    = "x"
}
`;
  const read = loadedTerraform()!.readTerraformFacts(text, { fileName: '/project/params.tf', displayName: 'params.tf' });
  const parameters = (read?.facts.parameters ?? []).map(({ name, type, keyId, aliases }) => ({ name, type, keyId, first: aliases[0] }));
  assert.equal(parameters, [
    { name: '/app/db-password', type: 'SecureString', keyId: '${aws_kms_key.app.arn}', first: '${aws_ssm_parameter.secure.arn}' },
    { name: '/app/api-key', type: 'SecureString', keyId: null, first: '${aws_ssm_parameter.default_key.arn}' },
    { name: 'app-url', type: 'String', keyId: null, first: '${aws_ssm_parameter.plain.arn}' },
    { name: '/app/smtp', type: 'SecureString', keyId: null, first: '${aws_ssm_parameter.managed_alias.arn}' },
  ]);
});

test.run();
