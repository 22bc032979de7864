// Trust policies, table-driven: sts:AssumeRole by the service principal ecs-tasks.amazonaws.com on
// the role the policy belongs to, with the confused-deputy conditions the ECS guide recommends
// (task-iam-roles.html: StringEquals aws:SourceAccount, ArnLike aws:SourceArn
// arn:partition:ecs:region:account:*) compared with the task's account and region, symbol for
// symbol where a template leaves them to its pseudo parameters. Then get-role outputs as facts.

import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { requestContext } from '../src/iam/conditions';
import { evaluate, type Decision, type Request } from '../src/iam/evaluate';
import { parsePolicyDocument, type NamedPolicy } from '../src/iam/policy';
import { matchServicePrincipal } from '../src/iam/service-principal';
import { equalText, likeText, SYMBOLS, type SymbolValues } from '../src/iam/wildcard';
import { UNKNOWN_VALUE } from '../src/core/unknown';
import { readIamContent } from '../src/loaders/iam-json';
import { FactStore } from '../src/facts/store';
import { EcsLint } from '../src/api/ecs-lint';
import { ROOT } from './support/cli';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const TASKS = 'ecs-tasks.amazonaws.com';
const ASSUME = 'sts:AssumeRole';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/exec`;

interface Place {
  partition?: string;
  region?: string;
  account?: string;
}

/** The request the rule makes for a task in `place` (values, or the template's symbols). */
function trustRequest(place: Place, symbols: SymbolValues = new Map()): Request {
  const field = (value: string | undefined, unknown: string) => value ?? `\${${unknown}}`;
  const sourceArn = `arn:${field(place.partition, 'p')}:ecs:${field(place.region, 'r')}:${field(place.account, 'a')}:\${resource}`;
  return {
    action: ASSUME,
    resource: [],
    ownResource: true,
    symbols,
    principal: { service: TASKS },
    context: requestContext({ 'aws:SourceArn': sourceArn, ...(place.account ? { 'aws:SourceAccount': place.account } : {}) }),
  };
}

const trust = (...statements: unknown[]): NamedPolicy => ({ source: { name: 'trust policy of exec' }, document: parsePolicyDocument({ Version: '2012-10-17', Statement: statements }) });
const allowTasks = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: { Service: TASKS }, Action: ASSUME, ...extra });
const RECOMMENDED = {
  ArnLike: { 'aws:SourceArn': `arn:aws:ecs:eu-west-1:${ACCOUNT}:*` },
  StringEquals: { 'aws:SourceAccount': ACCOUNT },
};
const SYMBOLIC = {
  ArnLike: { 'aws:SourceArn': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*' },
  StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' },
};
const KNOWN: Place = { partition: 'aws', region: 'eu-west-1', account: ACCOUNT };
const TEMPLATE: Place = { partition: SYMBOLS.partition, region: SYMBOLS.region, account: SYMBOLS.account };
const knownSymbols = new Map([
  [SYMBOLS.partition, 'aws'],
  [SYMBOLS.region, 'eu-west-1'],
  [SYMBOLS.account, ACCOUNT],
  [SYMBOLS.urlSuffix, 'amazonaws.com'],
]);

interface Row {
  name: string;
  statements: unknown[];
  place?: Place;
  symbols?: SymbolValues;
  expected: Decision['outcome'];
}

const rows: Row[] = [
  // ---- Who may assume it --------------------------------------------------------------------
  { name: 'the trust policy the ECS guide gives', statements: [allowTasks()], expected: 'allowed' },
  { name: 'ecs-tasks in a list of services', statements: [allowTasks({ Principal: { Service: ['ec2.amazonaws.com', TASKS] } })], expected: 'allowed' },
  { name: 'ecs.amazonaws.com, the ECS service itself', statements: [allowTasks({ Principal: { Service: 'ecs.amazonaws.com' } })], expected: 'implicit-deny' },
  { name: 'ec2.amazonaws.com', statements: [allowTasks({ Principal: { Service: 'ec2.amazonaws.com' } })], expected: 'implicit-deny' },
  { name: 'a list of services without ecs-tasks', statements: [allowTasks({ Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] } })], expected: 'implicit-deny' },
  { name: 'an account, not a service', statements: [allowTasks({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })], expected: 'implicit-deny' },
  { name: 'Principal "*" lets every principal in', statements: [allowTasks({ Principal: '*' })], expected: 'allowed' },
  { name: 'NotPrincipal may or may not name it', statements: [{ Effect: 'Allow', NotPrincipal: { Service: 'ec2.amazonaws.com' }, Action: ASSUME }], expected: 'conditional' },
  { name: 'a Principal a template decides at deploy', statements: [allowTasks({ Principal: UNKNOWN_VALUE })], expected: 'conditional' },
  { name: 'a Service list with a value decided at deploy', statements: [allowTasks({ Principal: { Service: [UNKNOWN_VALUE] } })], expected: 'conditional' },
  { name: 'a service name given by a template reference', statements: [allowTasks({ Principal: { Service: '${ServicePrincipal}' } })], expected: 'conditional' },

  // ---- Which action -------------------------------------------------------------------------
  { name: 'sts:AssumeRoleWithWebIdentity only', statements: [allowTasks({ Action: 'sts:AssumeRoleWithWebIdentity' })], expected: 'implicit-deny' },
  { name: 'sts:* allows it', statements: [allowTasks({ Action: 'sts:*' })], expected: 'allowed' },
  { name: 'sts:AssumeRole with sts:TagSession', statements: [allowTasks({ Action: [ASSUME, 'sts:TagSession'] })], expected: 'allowed' },
  { name: 'an action given by a template reference', statements: [allowTasks({ Action: '${AssumeAction}' })], expected: 'unknown' },
  { name: 'an Action a template decides at deploy', statements: [allowTasks({ Action: UNKNOWN_VALUE })], expected: 'unknown' },

  // ---- Deny ---------------------------------------------------------------------------------
  { name: 'a Deny to ecs-tasks over the Allow', statements: [allowTasks(), { Effect: 'Deny', Principal: { Service: TASKS }, Action: ASSUME }], expected: 'denied' },
  { name: 'a Deny to "*" over the Allow', statements: [allowTasks(), { Effect: 'Deny', Principal: '*', Action: ASSUME }], expected: 'denied' },
  { name: 'a Deny to another service does not matter', statements: [allowTasks(), { Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' }, Action: ASSUME }], expected: 'allowed' },
  {
    name: 'a Deny unless another account: it applies to this task',
    statements: [allowTasks(), { Effect: 'Deny', Principal: { Service: TASKS }, Action: ASSUME, Condition: { StringNotEquals: { 'aws:SourceAccount': OTHER_ACCOUNT } } }],
    place: KNOWN,
    expected: 'denied',
  },
  {
    name: 'a Deny unless this account: it does not apply',
    statements: [allowTasks(), { Effect: 'Deny', Principal: { Service: TASKS }, Action: ASSUME, Condition: { StringNotEquals: { 'aws:SourceAccount': ACCOUNT } } }],
    place: KNOWN,
    expected: 'allowed',
  },

  // ---- The confused-deputy conditions, with the task's account and region known ---------------
  { name: 'recommended: both hold', statements: [allowTasks({ Condition: RECOMMENDED })], place: KNOWN, expected: 'allowed' },
  { name: 'recommended: another account', statements: [allowTasks({ Condition: RECOMMENDED })], place: { ...KNOWN, account: OTHER_ACCOUNT }, expected: 'implicit-deny' },
  { name: 'recommended: another region', statements: [allowTasks({ Condition: RECOMMENDED })], place: { ...KNOWN, region: 'us-east-1' }, expected: 'implicit-deny' },
  { name: 'recommended: the region not known', statements: [allowTasks({ Condition: RECOMMENDED })], place: { partition: 'aws', account: ACCOUNT }, expected: 'conditional' },
  { name: 'recommended: nothing known of the task', statements: [allowTasks({ Condition: RECOMMENDED })], place: {}, expected: 'conditional' },
  { name: 'aws:SourceAccount of another account', statements: [allowTasks({ Condition: { StringEquals: { 'aws:SourceAccount': OTHER_ACCOUNT } } })], place: KNOWN, expected: 'implicit-deny' },
  { name: 'aws:SourceAccount among several', statements: [allowTasks({ Condition: { StringEquals: { 'aws:SourceAccount': [OTHER_ACCOUNT, ACCOUNT] } } })], place: KNOWN, expected: 'allowed' },
  { name: 'aws:SourceArn with a star for the region', statements: [allowTasks({ Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:ecs:*:${ACCOUNT}:*` } } })], place: KNOWN, expected: 'allowed' },
  { name: 'aws:SourceArn of a cluster: which ARN ECS gives is not known', statements: [allowTasks({ Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/prod` } } })], place: KNOWN, expected: 'conditional' },
  { name: 'aws:SourceArn of a cluster in another region', statements: [allowTasks({ Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod` } } })], place: KNOWN, expected: 'implicit-deny' },
  { name: 'aws:SourceArn of another service', statements: [allowTasks({ Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:ec2:eu-west-1:${ACCOUNT}:*` } } })], place: KNOWN, expected: 'implicit-deny' },
  { name: 'StringLike on aws:SourceArn', statements: [allowTasks({ Condition: { StringLike: { 'aws:SourceArn': `arn:aws:ecs:eu-west-1:${ACCOUNT}:*` } } })], place: KNOWN, expected: 'allowed' },
  { name: 'a condition on another key is not known', statements: [allowTasks({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })], place: KNOWN, expected: 'conditional' },
  { name: 'a Condition a template decides at deploy', statements: [allowTasks({ Condition: UNKNOWN_VALUE })], place: KNOWN, expected: 'conditional' },
  { name: 'a condition value a template decides at deploy', statements: [allowTasks({ Condition: { StringEquals: { 'aws:SourceAccount': [UNKNOWN_VALUE] } } })], place: KNOWN, expected: 'conditional' },

  // ---- Symbol for symbol in templates -----------------------------------------------------------
  { name: 'template: the recommended conditions with the pseudo parameters', statements: [allowTasks({ Condition: SYMBOLIC })], place: TEMPLATE, expected: 'allowed' },
  {
    name: 'template: region and account swapped in aws:SourceArn',
    statements: [allowTasks({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:${AWS::Partition}:ecs:${AWS::AccountId}:${AWS::Region}:*' } } })],
    place: TEMPLATE,
    expected: 'implicit-deny',
  },
  { name: 'template: an account written as a value may be the stack\'s', statements: [allowTasks({ Condition: RECOMMENDED })], place: TEMPLATE, expected: 'conditional' },
  { name: 'template: the stack\'s values known from the settings', statements: [allowTasks({ Condition: SYMBOLIC })], place: KNOWN, symbols: knownSymbols, expected: 'allowed' },
  {
    name: 'template: the settings name another account than the policy',
    statements: [allowTasks({ Condition: RECOMMENDED })],
    place: { ...KNOWN, account: OTHER_ACCOUNT },
    symbols: new Map([...knownSymbols, [SYMBOLS.account, OTHER_ACCOUNT]]),
    expected: 'implicit-deny',
  },
  { name: 'template: ecs-tasks.${AWS::URLSuffix} in a partition not known', statements: [allowTasks({ Principal: { Service: 'ecs-tasks.${AWS::URLSuffix}' } })], place: TEMPLATE, expected: 'conditional' },
  { name: 'template: ecs-tasks.${AWS::URLSuffix} in aws', statements: [allowTasks({ Principal: { Service: 'ecs-tasks.${AWS::URLSuffix}' } })], place: KNOWN, symbols: knownSymbols, expected: 'allowed' },
  { name: 'template: ecs.${AWS::URLSuffix} is the ECS service in any partition', statements: [allowTasks({ Principal: { Service: 'ecs.${AWS::URLSuffix}' } })], place: TEMPLATE, expected: 'implicit-deny' },
];

const table = suite('trust policies: decisions');
for (const row of rows) {
  table(row.name, () => {
    const decision = evaluate([trust(...row.statements)], trustRequest(row.place ?? KNOWN, row.symbols));
    assert.is(decision.outcome, row.expected);
  });
}
table.run();

// ---------------------------------------------------------------------------------------------

const principals = suite('trust policies: service principals by partition');
principals('ecs-tasks.amazonaws.com is the principal in every partition the ECS guide writes it for', () => {
  for (const partition of [undefined, 'aws', 'aws-us-gov', 'aws-cn']) assert.is(matchServicePrincipal(TASKS, TASKS, partition), 'yes', String(partition));
  assert.is(matchServicePrincipal('ECS-Tasks.amazonaws.com', TASKS, 'aws'), 'yes');
  assert.is(matchServicePrincipal(TASKS, TASKS, 'aws-iso'), 'maybe');
});
principals('the China DNS suffix: not known in China (or where the partition is not), wrong elsewhere', () => {
  assert.is(matchServicePrincipal('ecs-tasks.amazonaws.com.cn', TASKS, 'aws-cn'), 'maybe');
  assert.is(matchServicePrincipal('ecs-tasks.amazonaws.com.cn', TASKS, undefined), 'maybe');
  assert.is(matchServicePrincipal('ecs-tasks.amazonaws.com.cn', TASKS, 'aws'), 'no');
  assert.is(matchServicePrincipal('ecs-tasks.c2s.ic.gov', TASKS, 'aws-iso'), 'maybe');
});
principals('another service is never ecs-tasks; a name a template decides may be', () => {
  for (const value of ['ecs.amazonaws.com', 'ecs.amazonaws.com.cn', 'ec2.amazonaws.com', 'ecs-task.amazonaws.com', 'ecs-tasks', 'ecs.${AWS::URLSuffix}']) {
    assert.is(matchServicePrincipal(value, TASKS, undefined), 'no', value);
  }
  assert.is(matchServicePrincipal('${Principal}', TASKS, 'aws'), 'maybe');
  assert.is(matchServicePrincipal('${Name}.amazonaws.com', TASKS, 'aws'), 'maybe');
});
principals.run();

// ---------------------------------------------------------------------------------------------

const getRole = suite('aws iam get-role output');
const TRUST_DOCUMENT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: TASKS }, Action: ASSUME }] };
const output = (document: unknown) => ({
  Role: { Path: '/', RoleName: 'exec', RoleId: 'AROAEXAMPLEID', Arn: ROLE, CreateDate: '2025-01-01T00:00:00Z', AssumeRolePolicyDocument: document, MaxSessionDuration: 3600 },
});

getRole('a role with its trust policy and none of its policies known', () => {
  const content = readIamContent(output(TRUST_DOCUMENT), 'get-role.json')!;
  assert.is(content.kind, 'role');
  assert.is(content.roles.length, 1);
  const [role] = content.roles;
  assert.is(role!.name, 'exec');
  assert.is(role!.arn, ROLE);
  assert.is(role!.partial, true);
  assert.is(role!.policiesUnknown, true);
  assert.equal(role!.inline, []);
  assert.ok(typeof role!.trust === 'object' && role!.trust.document.statements.length === 1);
  // The trust policy is a policy of the file, checked by the policy rules at its place.
  assert.is(content.units.length, 1);
  assert.equal(content.units[0]!.filePath(['Statement', 0]), ['Role', 'AssumeRolePolicyDocument', 'Statement', 0]);
});

getRole('a URL-encoded trust policy, as older CLIs print it', () => {
  const content = readIamContent(output(encodeURIComponent(JSON.stringify(TRUST_DOCUMENT))), 'get-role.json')!;
  const role = content.roles[0]!;
  assert.ok(typeof role.trust === 'object' && role.trust.document.statements[0]!.principal !== undefined);
  assert.is(content.units[0]!.embedded, true);
});

getRole('not a get-role output: no Role, or a Role without its trust policy', () => {
  assert.is(readIamContent({ Role: { RoleName: 'exec' } }, 'x.json'), undefined);
  assert.is(readIamContent({ Roles: [{ RoleName: 'exec', AssumeRolePolicyDocument: TRUST_DOCUMENT }] }, 'x.json'), undefined);
});

getRole('its policies are unknown until another file tells them', () => {
  const alone = new FactStore();
  alone.addFacts(readIamContent(output(TRUST_DOCUMENT), 'get-role.json')!);
  const view = alone.freeze();
  assert.equal(view.policiesOf(view.findRole(ROLE)!).unknownManaged, ['*']);

  // With a get-role-policy output: some of its policies are known.
  const some = new FactStore();
  some.addFacts(readIamContent(output(TRUST_DOCUMENT), 'get-role.json')!);
  some.addFacts(readIamContent({ RoleName: 'exec', PolicyName: 'secrets', PolicyDocument: { Version: '2012-10-17', Statement: [] } }, 'get-role-policy.json')!);
  const partial = some.freeze().findRole(ROLE)!;
  assert.is(partial.partial, true);
  assert.is(partial.policiesUnknown, undefined);
  assert.ok(partial.trust);

  // With the account's authorization details: all of them, and the trust policy kept.
  const all = new FactStore();
  all.addFacts(readIamContent(output(TRUST_DOCUMENT), 'get-role.json')!);
  all.addFacts(readIamContent({ RoleDetailList: [{ RoleName: 'exec', Arn: ROLE, RolePolicyList: [], AttachedManagedPolicies: [] }] }, 'account.json')!);
  const allView = all.freeze();
  const complete = allView.findRole(ROLE)!;
  assert.is(complete.partial, undefined);
  assert.is(complete.policiesUnknown, undefined);
  assert.ok(complete.trust);
  assert.equal(allView.policiesOf(complete).unknownManaged, []);
});
getRole.run();

// ---------------------------------------------------------------------------------------------

const run = suite('a get-role output in a run');
const FIXTURES = 'fixtures/rules/execution-role-trust';

run('alone, it says nothing of the role\'s permissions: the permission rules stay silent on a task that reads a secret', async () => {
  const linter = new EcsLint({ cwd: ROOT, overrideConfig: { region: 'eu-west-1' } });
  const results = await linter.lintFiles([`${FIXTURES}/support/get-role-batch-exec-encoded.json`, `${FIXTURES}/valid/get-role-url-encoded-with-secrets.json`]);
  assert.equal(results.flatMap((result) => result.messages.map((message) => message.ruleId)), []);
});

run('its trust policy is checked for the task that names the role', async () => {
  const linter = new EcsLint({ cwd: ROOT, overrideConfig: { region: 'eu-west-1' } });
  const results = await linter.lintFiles([`${FIXTURES}/support/get-role-batch-exec.json`, `${FIXTURES}/invalid/get-role-ec2-principal.json`]);
  assert.equal(
    results.flatMap((result) => result.messages.map((message) => `${message.ruleId} ${message.line}:${message.column}`)),
    ['execution-role-trust 3:23'],
  );
});
run.run();

// ---------------------------------------------------------------------------------------------

const compare = suite('condition values with symbols: sure answers hold for every value of them');
const PIECES = ['a', '1', ':', '*', '?', '${AWS::Region}', '${AWS::AccountId}', '${Ref}'];
/** Values a region and an account can have (neither is ever a part of the other); a reference may hold anything. */
const VALUES: Record<string, readonly string[]> = { '${AWS::Region}': ['eu-west-1', 'us-east-1'], '${AWS::AccountId}': ['111122223333', '111111111111'], '${Ref}': ['', 'a', ':', 'a:1', '1', '*'] };
const concreteOf = (pieces: readonly string[], choice: Record<string, string>) => pieces.map((piece) => choice[piece] ?? piece).join('');
/** StringLike and StringEquals on plain text, as IAM compares them. */
const like = (pattern: string, text: string) => new RegExp(`^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('')}$`, 's').test(text);

compare('likeText and equalText', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }),
      fc.array(fc.constantFrom(...PIECES.filter((piece) => piece !== '*' && piece !== '?')), { maxLength: 6 }),
      fc.array(fc.record({ '${AWS::Region}': fc.constantFrom(...VALUES['${AWS::Region}']!), '${AWS::AccountId}': fc.constantFrom(...VALUES['${AWS::AccountId}']!), '${Ref}': fc.constantFrom(...VALUES['${Ref}']!) }), { minLength: 5, maxLength: 5 }),
      (pattern, text, choices) => {
        const liked = likeText(pattern.join(''), text.join(''));
        const equal = equalText(pattern.join(''), text.join(''));
        return choices.every(
          (choice) =>
            (liked === 'maybe' || like(concreteOf(pattern, choice), concreteOf(text, choice)) === (liked === 'yes')) &&
            (equal === 'maybe' || (concreteOf(pattern, choice) === concreteOf(text, choice)) === (equal === 'yes')),
        );
      },
    ),
    { seed: 20_261_202, numRuns: 2000 },
  );
});
compare.run();
