// The AWS managed policies ecs-lint knows (src/iam/managed-policies.json): each entry names where
// and when its document was checked, each document is a policy the evaluator reads whole, and
// AmazonECSTaskExecutionRolePolicy decides the launch permissions the execution-role rules lean on.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import data from '../src/iam/managed-policies.json';
import { requestContext } from '../src/iam/conditions';
import { evaluate, type Decision } from '../src/iam/evaluate';
import { AWS_MANAGED_POLICIES } from '../src/iam/managed-policies';
import { parsePolicyDocument } from '../src/iam/policy';
import { nameParts } from '../src/iam/wildcard';

interface Entry {
  name: string;
  arn: string;
  version: string;
  versionDate?: string;
  source: string;
  $comment?: string;
  document: unknown;
}

const { policies, notListed } = data as unknown as { policies: Entry[]; notListed: Array<{ name: string; reason: string }> };
const REFERENCE = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/';
/** The entries whose reference page could not be read: each says why in its $comment. */
const WITHOUT_VERSION_DATE = ['AdministratorAccess', 'AmazonECSTaskExecutionRolePolicy'];
const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Principal', 'NotPrincipal']);

const entries = suite('AWS managed policies: the data');

entries('the file says when it was checked', () => {
  assert.match((data as { $comment: string }).$comment, /Checked on \d{4}-\d{2}-\d{2}\b/);
});

entries('names and ARNs are unique', () => {
  assert.is(new Set(policies.map((policy) => policy.name)).size, policies.length);
  assert.is(new Set(policies.map((policy) => policy.arn)).size, policies.length);
});

for (const policy of policies) {
  entries(`${policy.name}: ARN, version and source`, () => {
    assert.match(policy.arn, new RegExp(`^arn:aws:iam::aws:policy/(?:[\\w-]+/)?${policy.name}$`));
    assert.match(policy.version, /^v\d+$/);
    assert.match(policy.source, /^https:\/\/docs\.aws\.amazon\.com\//);
    if (policy.source.startsWith(REFERENCE)) assert.is(policy.source, `${REFERENCE}${policy.name}.html`);
    else assert.ok(policy.$comment, 'a source other than the reference page is explained');
  });

  entries(`${policy.name}: the reference's Edited time, or why there is none`, () => {
    if (WITHOUT_VERSION_DATE.includes(policy.name)) {
      assert.is(policy.versionDate, undefined);
      assert.match(policy.$comment ?? '', /No versionDate/);
      return;
    }
    assert.type(policy.versionDate, 'string');
    assert.match(policy.versionDate ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
    assert.not.ok(Number.isNaN(Date.parse(policy.versionDate ?? '')), 'a real date');
  });

  entries(`${policy.name}: the document is read whole, with no unknown keys`, () => {
    const raw = policy.document as Record<string, unknown>;
    assert.equal(Object.keys(raw).filter((key) => !DOCUMENT_KEYS.has(key)), []);
    assert.is(raw.Version, '2012-10-17');
    const statements = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
    for (const statement of statements as Array<Record<string, unknown>>) {
      assert.equal(Object.keys(statement).filter((key) => !STATEMENT_KEYS.has(key)), []);
    }
    const parsed = parsePolicyDocument(policy.document);
    assert.is(parsed.version, '2012-10-17');
    assert.is(parsed.statements.length, statements.length);
    for (const statement of parsed.statements) {
      assert.not.ok(statement.unknown || statement.malformed, `statement ${statement.index} is readable`);
      assert.ok(statement.effect, `statement ${statement.index} has an Effect`);
      assert.ok(statement.actions ?? statement.notActions, `statement ${statement.index} has Action or NotAction`);
      assert.ok(statement.resources ?? statement.notResources, `statement ${statement.index} has Resource or NotResource`);
    }
  });

  entries(`${policy.name}: known by its ARN in every partition`, () => {
    assert.ok(AWS_MANAGED_POLICIES.get(policy.arn));
    assert.ok(AWS_MANAGED_POLICIES.get(policy.arn.replace('arn:aws:', 'arn:aws-cn:')));
  });
}

entries('the policies not listed say why, and none of them is listed', () => {
  for (const policy of notListed) {
    assert.ok(policy.reason, `${policy.name} says why`);
    assert.not.ok(policies.some((listed) => listed.name === policy.name), `${policy.name} is not listed`);
  }
});

entries.run();

// ---- What AmazonECSTaskExecutionRolePolicy allows -------------------------------------------
const decisions = suite('AWS managed policies: AmazonECSTaskExecutionRolePolicy decisions');
const EXECUTION_ROLE_POLICY = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

function decide(action: string, resource: string): Decision['outcome'] {
  const policy = AWS_MANAGED_POLICIES.get(EXECUTION_ROLE_POLICY);
  if (!policy) throw new Error(`no AWS managed policy ${EXECUTION_ROLE_POLICY}`);
  return evaluate([policy], { action, resource: nameParts(resource), context: requestContext({}) }).outcome;
}

const cases: Array<{ action: string; resource: string; expected: Decision['outcome'] }> = [
  { action: 'ecr:GetAuthorizationToken', resource: '*', expected: 'allowed' },
  { action: 'ecr:BatchGetImage', resource: 'arn:aws:ecr:us-east-1:111122223333:repository/app', expected: 'allowed' },
  { action: 'ecr:BatchGetImage', resource: 'arn:aws:ecr:eu-west-1:444455556666:repository/team/base-image', expected: 'allowed' },
  { action: 'ecr:GetDownloadUrlForLayer', resource: 'arn:aws:ecr:us-east-1:111122223333:repository/app', expected: 'allowed' },
  { action: 'logs:CreateLogStream', resource: 'arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:*', expected: 'allowed' },
  { action: 'logs:PutLogEvents', resource: 'arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:log-stream:ecs/web/0a1b2c', expected: 'allowed' },
  { action: 'logs:CreateLogGroup', resource: 'arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:*', expected: 'implicit-deny' },
  { action: 'ssm:GetParameters', resource: 'arn:aws:ssm:us-east-1:111122223333:parameter/app/db-password', expected: 'implicit-deny' },
  { action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:app/registry-a1B2c3', expected: 'implicit-deny' },
  { action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', expected: 'implicit-deny' },
];

for (const { action, resource, expected } of cases) {
  decisions(`${action} on ${resource}: ${expected}`, () => assert.is(decide(action, resource), expected));
}

decisions.run();
