// The IAM evaluator, table-driven: one row per request, with the decision IAM's documented logic
// gives (explicit Deny > Allow > implicit deny; Action / NotAction, Resource / NotResource,
// Condition, policy variables, Principal). References, all under
// https://docs.aws.amazon.com/IAM/latest/UserGuide/:
//   reference_policies_evaluation-logic.html, reference_policies_elements_action.html,
//   reference_policies_elements_notaction.html, reference_policies_elements_resource.html,
//   reference_policies_elements_notresource.html, reference_policies_elements_condition_operators.html,
//   reference_policies_variables.html, reference_policies_elements_principal.html.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSecretReference } from '../src/aws/secret-reference';
import { requestContext } from '../src/iam/conditions';
import { evaluate, type Decision, type Request } from '../src/iam/evaluate';
import { AWS_MANAGED_POLICIES } from '../src/iam/managed-policies';
import { parsePolicyDocument, type NamedPolicy } from '../src/iam/policy';
import { matchAction, matchResource, nameParts, UNKNOWN_CHARACTER, type NamePart } from '../src/iam/wildcard';
import { FactView } from '../src/facts/view';
import { FactStore } from '../src/facts/store';
import { resolveSecret } from '../src/rules/support/secret-resource';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const REGION_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}`;
/** The secret "registry" without its suffix: `${NAME}-a1B2c3` is its complete ARN. */
const NAME = `${REGION_ARN}:secret:registry`;
const SECRET = `${NAME}-a1B2c3`;
const OTHER_SECRET = `${REGION_ARN}:secret:database-Xy7Zw1`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
const GET = 'secretsmanager:GetSecretValue';
const DECRYPT = 'kms:Decrypt';

/** The context Secrets Manager gives kms:Decrypt when it decrypts SECRET for a caller in us-east-1. */
const KMS_CONTEXT = {
  'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com',
  'kms:EncryptionContextKeys': ['SecretARN', 'SecretVersionId'],
  'kms:EncryptionContext:SecretARN': SECRET,
  'kms:CallerAccount': ACCOUNT,
};
/** What the execution-role rule knows for GetSecretValue. */
const GET_CONTEXT = { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalAccount': ACCOUNT };

type Outcome = Decision['outcome'];

interface Row {
  name: string;
  /** Policy documents as JSON, each parsed with parsePolicyDocument. */
  policies?: unknown[];
  /** AWS managed policies by ARN, from ecs-lint's data. */
  managed?: string[];
  action: string;
  /** The resource's known characters… */
  resource: string;
  /** …followed by this many unknown characters (a secret's random suffix). */
  unknown?: number;
  context?: Record<string, string | string[]>;
  principal?: { arn?: string; account?: string };
  expected: Outcome;
  /** The statements that decided, by Sid (or "#n", 1-based, without one). */
  by?: string[];
  /** For a conditional outcome: whether it is a Deny that may apply. */
  deny?: boolean;
}

function doc(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

function allow(resource: string | string[] = '*', action: string | string[] = GET, extra: object = {}): object {
  return { Sid: 'Allow', Effect: 'Allow', Action: action, Resource: resource, ...extra };
}

function deny(resource: string | string[] = '*', action: string | string[] = GET, extra: object = {}): object {
  return { Sid: 'Deny', Effect: 'Deny', Action: action, Resource: resource, ...extra };
}

function named(document: unknown, index: number): NamedPolicy {
  return { source: { name: `policy-${index + 1}`, file: `iam/policy-${index + 1}.json` }, document: parsePolicyDocument(document) };
}

function managed(arn: string): NamedPolicy {
  const policy = AWS_MANAGED_POLICIES.get(arn);
  if (!policy) throw new Error(`no AWS managed policy ${arn}`);
  return policy;
}

/**
 * A resource as its characters, then unknown ones. Not nameParts: it reads `${…}` in a name as a
 * template reference, and the rows here name resources by their literal characters.
 */
function characters(text: string, unknown: number): NamePart[] {
  return [...[...text], ...Array.from({ length: unknown }, (): NamePart => UNKNOWN_CHARACTER)];
}

function label(entry: { statement: { sid?: string; index: number } }): string {
  return entry.statement.sid ?? `#${entry.statement.index + 1}`;
}

const rows: Row[] = [
  // ---- Action ----------------------------------------------------------------------------------
  { name: 'action: exact name', policies: [doc(allow('*', 'secretsmanager:GetSecretValue'))], action: GET, resource: SECRET, expected: 'allowed', by: ['Allow'] },
  { name: 'action: service prefix and name compared without case', policies: [doc(allow('*', 'SecretsManager:getsecretvalue'))], action: GET, resource: SECRET, expected: 'allowed', by: ['Allow'] },
  { name: 'action: request spelt in another case', policies: [doc(allow('*', 'secretsmanager:GetSecretValue'))], action: 'SECRETSMANAGER:GETSECRETVALUE', resource: SECRET, expected: 'allowed' },
  { name: 'action: "*"', policies: [doc(allow('*', '*'))], action: GET, resource: SECRET, expected: 'allowed', by: ['Allow'] },
  { name: 'action: "secretsmanager:*"', policies: [doc(allow('*', 'secretsmanager:*'))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'action: "secretsmanager:Get*"', policies: [doc(allow('*', 'secretsmanager:Get*'))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'action: "secretsmanager:Get?ecretValue"', policies: [doc(allow('*', 'secretsmanager:Get?ecretValue'))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'action: "secretsmanager:Get?Value" (? is one character)', policies: [doc(allow('*', 'secretsmanager:Get?Value'))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'action: "secretsmanager:Describe*" does not cover GetSecretValue', policies: [doc(allow('*', 'secretsmanager:Describe*'))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'action: same name in a wrong service', policies: [doc(allow('*', 'ssm:GetSecretValue'))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'action: "kms:*" does not cover secretsmanager', policies: [doc(allow('*', 'kms:*'))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'action: a prefix of the name without wildcard', policies: [doc(allow('*', 'secretsmanager:GetSecret'))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'action: a longer name', policies: [doc(allow('*', 'secretsmanager:GetSecretValues'))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'action: one of a list', policies: [doc(allow('*', ['ssm:GetParameters', 'secretsmanager:GetSecretValue', 'kms:Decrypt']))], action: DECRYPT, resource: KEY, expected: 'allowed' },
  {
    name: 'NotAction: an Allow of everything but iam:* allows GetSecretValue',
    policies: [doc({ Sid: 'NotIam', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })],
    action: GET,
    resource: SECRET,
    expected: 'allowed',
    by: ['NotIam'],
  },
  {
    name: 'NotAction: an Allow of everything but secretsmanager:* does not',
    policies: [doc({ Effect: 'Allow', NotAction: ['secretsmanager:*', 'iam:*'], Resource: '*' })],
    action: GET,
    resource: SECRET,
    expected: 'implicit-deny',
  },
  {
    name: 'NotAction: the listed action is compared without case',
    policies: [doc({ Effect: 'Allow', NotAction: 'SECRETSMANAGER:getSecretValue', Resource: '*' })],
    action: GET,
    resource: SECRET,
    expected: 'implicit-deny',
  },
  {
    name: 'NotAction: allows only on its Resource',
    policies: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: OTHER_SECRET })],
    action: GET,
    resource: SECRET,
    expected: 'implicit-deny',
  },

  // ---- Resource --------------------------------------------------------------------------------
  { name: 'resource: exact ARN', policies: [doc(allow(SECRET))], action: GET, resource: SECRET, expected: 'allowed', by: ['Allow'] },
  { name: 'resource: "*"', policies: [doc(allow('*'))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'resource: "…:secret:*"', policies: [doc(allow(`${REGION_ARN}:secret:*`))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'resource: "…:secret:*" and an unknown suffix', policies: [doc(allow(`${REGION_ARN}:secret:*`))], action: GET, resource: `${NAME}-`, unknown: 6, expected: 'allowed' },
  { name: 'resource: "name-??????" and the suffix', policies: [doc(allow(`${NAME}-??????`))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'resource: "name-??????" and an unknown suffix', policies: [doc(allow(`${NAME}-??????`))], action: GET, resource: `${NAME}-`, unknown: 6, expected: 'allowed' },
  { name: 'resource: "name-?????" (five) does not cover six characters', policies: [doc(allow(`${NAME}-?????`))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'resource: "name-*" and the suffix', policies: [doc(allow(`${NAME}-*`))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'resource: "name-*" and an unknown suffix', policies: [doc(allow(`${NAME}-*`))], action: GET, resource: `${NAME}-`, unknown: 6, expected: 'allowed' },
  { name: 'resource: "name*"', policies: [doc(allow(`${NAME}*`))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'resource: partial ARN does not match the secret, whose ARN has the suffix', policies: [doc(allow(NAME))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'resource: partial ARN does not match an unknown suffix either', policies: [doc(allow(NAME))], action: GET, resource: `${NAME}-`, unknown: 6, expected: 'implicit-deny' },
  { name: 'resource: complete ARN with another suffix, known suffix', policies: [doc(allow(`${NAME}-Zz9Yy8`))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'resource: complete ARN with another suffix, unknown suffix', policies: [doc(allow(`${NAME}-Zz9Yy8`))], action: GET, resource: `${NAME}-`, unknown: 6, expected: 'unknown' },
  { name: 'resource: region and account wildcards', policies: [doc(allow('arn:aws:secretsmanager:*:*:secret:registry-*'))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'resource: "?" in the region', policies: [doc(allow(`arn:aws:secretsmanager:us-east-?:${ACCOUNT}:secret:registry-*`))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'resource: a region wildcard that does not fit', policies: [doc(allow(`arn:aws:secretsmanager:eu-*:${ACCOUNT}:secret:registry-*`))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'resource: another account', policies: [doc(allow(`arn:aws:secretsmanager:us-east-1:${OTHER_ACCOUNT}:secret:registry-*`))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'resource: another partition', policies: [doc(allow(`arn:aws-cn:secretsmanager:*:${ACCOUNT}:secret:registry-*`))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'resource: "*" inside a segment stays in it', policies: [doc(allow(`${REGION_ARN}:secret:reg*c3`))], action: GET, resource: SECRET, expected: 'allowed' },
  // "us-*3" must stand for "east-1:11112222333", across a colon: a * inside a segment cannot.
  { name: 'resource: "*" in the middle of a segment does not cross a colon', policies: [doc(allow('arn:aws:secretsmanager:us-*3:secret:registry-a1B2c3'))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'resource: "*" in the middle of the last segment does not cross a colon', policies: [doc(allow(`${REGION_ARN}:sec*3`))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  // "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon boundaries."
  { name: 'resource: "*" ending a segment expands beyond the colon', policies: [doc(allow('arn:aws:secretsmanager:us-*:secret:registry-a1B2c3'))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'resource: "*" ending the ARN expands beyond the colon', policies: [doc(allow(`${REGION_ARN}:sec*`))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'resource: the name is case sensitive', policies: [doc(allow(`${REGION_ARN}:secret:Registry-*`))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'resource: the suffix is case sensitive', policies: [doc(allow(`${NAME}-A1B2C3`))], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'resource: one of a list', policies: [doc(allow([OTHER_SECRET, SECRET]))], action: GET, resource: SECRET, expected: 'allowed' },
  {
    name: 'NotResource: an Allow of all but another secret',
    policies: [doc({ Sid: 'AllButDb', Effect: 'Allow', Action: GET, NotResource: OTHER_SECRET })],
    action: GET,
    resource: SECRET,
    expected: 'allowed',
    by: ['AllButDb'],
  },
  {
    name: 'NotResource: an Allow of all but this secret',
    policies: [doc({ Effect: 'Allow', Action: GET, NotResource: SECRET })],
    action: GET,
    resource: SECRET,
    expected: 'implicit-deny',
  },
  {
    name: 'NotResource: an Allow of all but "name-*"',
    policies: [doc({ Effect: 'Allow', Action: GET, NotResource: `${NAME}-*` })],
    action: GET,
    resource: `${NAME}-`,
    unknown: 6,
    expected: 'implicit-deny',
  },
  {
    name: 'NotResource: an unknown suffix may be the excluded secret',
    policies: [doc({ Effect: 'Allow', Action: GET, NotResource: SECRET })],
    action: GET,
    resource: `${NAME}-`,
    unknown: 6,
    expected: 'unknown',
  },

  // ---- Effect ----------------------------------------------------------------------------------
  { name: 'effect: explicit Deny over Allow in one policy', policies: [doc(allow(), deny(SECRET))], action: GET, resource: SECRET, expected: 'denied', by: ['Deny'] },
  { name: 'effect: explicit Deny in another policy', policies: [doc(allow()), doc(deny(`${NAME}-*`))], action: GET, resource: SECRET, expected: 'denied', by: ['Deny'] },
  { name: 'effect: a Deny alone is denied', policies: [doc(deny())], action: GET, resource: SECRET, expected: 'denied' },
  { name: 'effect: a Deny of another resource does not matter', policies: [doc(allow(), deny(OTHER_SECRET))], action: GET, resource: SECRET, expected: 'allowed', by: ['Allow'] },
  { name: 'effect: a Deny of another action does not matter', policies: [doc(allow(), deny('*', 'secretsmanager:PutSecretValue'))], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'effect: no policies', policies: [], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'effect: a policy without statements', policies: [{ Version: '2012-10-17', Statement: [] }], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'effect: Statement as one object', policies: [{ Version: '2012-10-17', Statement: allow(SECRET) }], action: GET, resource: SECRET, expected: 'allowed', by: ['Allow'] },
  {
    name: 'effect: Deny with NotAction secretsmanager:* leaves GetSecretValue',
    policies: [doc(allow(), { Sid: 'DenyOthers', Effect: 'Deny', NotAction: 'secretsmanager:*', Resource: '*' })],
    action: GET,
    resource: SECRET,
    expected: 'allowed',
  },
  {
    name: 'effect: Deny with NotAction iam:* denies GetSecretValue',
    policies: [doc(allow(), { Sid: 'DenyAllButIam', Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })],
    action: GET,
    resource: SECRET,
    expected: 'denied',
    by: ['DenyAllButIam'],
  },
  {
    name: 'effect: Deny with NotResource this secret leaves it',
    policies: [doc(allow(), { Effect: 'Deny', Action: '*', NotResource: [SECRET, KEY] })],
    action: GET,
    resource: SECRET,
    expected: 'allowed',
  },
  {
    name: 'effect: Deny with NotResource another secret denies this one',
    policies: [doc(allow(), { Sid: 'OnlyDb', Effect: 'Deny', Action: '*', NotResource: OTHER_SECRET })],
    action: GET,
    resource: SECRET,
    expected: 'denied',
    by: ['OnlyDb'],
  },
  { name: 'effect: a statement without Effect grants nothing', policies: [doc({ Action: GET, Resource: '*' })], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'effect: a statement without Resource grants nothing', policies: [doc({ Effect: 'Allow', Action: GET })], action: GET, resource: SECRET, expected: 'implicit-deny' },
  {
    name: 'effect: a statement with an unreadable Condition grants nothing',
    policies: [doc(allow(SECRET, GET, { Condition: 'aws:SecureTransport' }))],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'implicit-deny',
  },
  { name: 'effect: a statement without Action grants nothing', policies: [doc({ Effect: 'Allow', Resource: '*' })], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'effect: a Deny that may name an unknown suffix', policies: [doc(allow(), deny(`${NAME}-Zz9Yy8`))], action: GET, resource: `${NAME}-`, unknown: 6, expected: 'unknown' },
  { name: 'effect: a Deny of "name-*" covers an unknown suffix', policies: [doc(allow(), deny(`${NAME}-*`))], action: GET, resource: `${NAME}-`, unknown: 6, expected: 'denied' },

  // ---- Conditions on known keys ---------------------------------------------------------------
  {
    name: 'condition: StringEquals kms:ViaService, matching',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
    by: ['Allow'],
  },
  {
    name: 'condition: StringEquals kms:ViaService, another region',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: StringEquals is case sensitive in values',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringEquals: { 'kms:ViaService': 'SecretsManager.us-east-1.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: StringEqualsIgnoreCase',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringEqualsIgnoreCase: { 'kms:ViaService': 'SecretsManager.US-EAST-1.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: condition key names are not case sensitive',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringEquals: { 'KMS:viaService': 'secretsmanager.us-east-1.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: several values of one key are ORed',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringEquals: { 'kms:ViaService': ['ssm.us-east-1.amazonaws.com', 'secretsmanager.us-east-1.amazonaws.com'] } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: StringLike kms:ViaService "secretsmanager.*.amazonaws.com"',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: StringLike kms:ViaService "ssm.*.amazonaws.com"',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringLike: { 'kms:ViaService': 'ssm.*.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: StringLike "*" crosses colons (no ARN segments in strings)',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringLike: { 'kms:EncryptionContext:SecretARN': `arn:aws:*-1:${ACCOUNT}:secret:registry-*` } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: StringNotEquals kms:ViaService, same value',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringNotEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: StringNotEquals kms:ViaService, other value',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringNotEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: StringNotEquals on a key absent from the request holds',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringNotEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: { ...KMS_CONTEXT, 'kms:ViaService': [] },
    expected: 'allowed',
  },
  {
    name: 'condition: ForAnyValue:StringEquals over kms:EncryptionContextKeys',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'SecretARN' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: ForAnyValue:StringEquals with no value in common',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['aws:ecs:clusterName', 'Department'] } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: ForAnyValue on an empty set is false',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'SecretARN' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: { ...KMS_CONTEXT, 'kms:EncryptionContextKeys': [] },
    expected: 'implicit-deny',
  },
  {
    name: 'condition: ForAllValues:StringEquals, a request value not listed',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'SecretARN' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: ForAllValues:StringEquals, every request value listed',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['SecretARN', 'SecretVersionId', 'Other'] } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: ForAllValues on an empty set is true',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'SecretARN' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: { ...KMS_CONTEXT, 'kms:EncryptionContextKeys': [] },
    expected: 'allowed',
  },
  {
    name: 'condition: ArnLike kms:EncryptionContext:SecretARN, matching',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { ArnLike: { 'kms:EncryptionContext:SecretARN': `${REGION_ARN}:secret:registry-*` } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: ArnLike kms:EncryptionContext:SecretARN, another secret',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { ArnLike: { 'kms:EncryptionContext:SecretARN': `${REGION_ARN}:secret:database-*` } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    // ArnLike: "Each of the six colon-delimited components of the ARN is checked separately".
    name: 'condition: ArnLike "*" inside a component does not cross colons',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { ArnLike: { 'kms:EncryptionContext:SecretARN': `arn:aws:*-1:${ACCOUNT}:secret:registry-*` } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: ArnLike on a secret ARN that is not known',
    policies: [doc(allow(KEY, DECRYPT, { Sid: 'ViaSecret', Condition: { ArnLike: { 'kms:EncryptionContext:SecretARN': `${REGION_ARN}:secret:registry-*` } } }))],
    action: DECRYPT,
    resource: KEY,
    context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' },
    expected: 'conditional',
    by: ['ViaSecret'],
    deny: false,
  },
  {
    name: 'condition: StringEqualsIfExists, key present and matching',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringEqualsIfExists: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: StringEqualsIfExists, key present and not matching',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringEqualsIfExists: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: StringEqualsIfExists, key absent',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringEqualsIfExists: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: { ...KMS_CONTEXT, 'kms:ViaService': [] },
    expected: 'allowed',
  },
  {
    name: 'condition: Bool aws:SecureTransport "true"',
    policies: [doc(allow(SECRET, GET, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: Bool aws:SecureTransport as a JSON boolean',
    policies: [doc(allow(SECRET, GET, { Condition: { Bool: { 'aws:SecureTransport': true } } }))],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: Bool aws:SecureTransport "false" does not hold',
    policies: [doc(allow(SECRET, GET, { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: a Deny of insecure transport does not apply over TLS',
    policies: [doc(allow(), deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'allowed',
    by: ['Allow'],
  },
  {
    name: 'condition: Null "false" on a present key',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { Null: { 'kms:ViaService': 'false' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'allowed',
  },
  {
    name: 'condition: Null "true" on a present key',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { Null: { 'kms:ViaService': 'true' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: Null "true" on an absent key',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { Null: { 'kms:ViaService': 'true' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: { ...KMS_CONTEXT, 'kms:ViaService': [] },
    expected: 'allowed',
  },
  {
    name: 'condition: two keys ANDed, one false',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com', 'aws:PrincipalTag/team': 'web' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: a conditional Allow next to an unconditional one',
    policies: [doc({ ...allow(), Sid: 'Tagged', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'web' } } }, { ...allow(), Sid: 'Plain' })],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'allowed',
    by: ['Plain'],
  },

  // ---- Conditions that cannot be decided ------------------------------------------------------
  {
    name: 'condition: aws:PrincipalTag/team is not known',
    policies: [doc({ ...allow(SECRET), Sid: 'TeamWeb', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'web' } } })],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'conditional',
    by: ['TeamWeb'],
    deny: false,
  },
  {
    name: 'condition: aws:SourceVpce is not known',
    policies: [doc({ ...allow(SECRET), Sid: 'FromVpce', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'conditional',
    by: ['FromVpce'],
    deny: false,
  },
  {
    name: 'condition: IfExists on a key that is not known',
    policies: [doc(allow(SECRET, GET, { Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }))],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'conditional',
  },
  {
    name: 'condition: Null on a key that is not known',
    policies: [doc(allow(SECRET, GET, { Condition: { Null: { 'aws:SourceVpce': 'false' } } }))],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'conditional',
  },
  {
    name: 'condition: a known key that holds and one not known',
    policies: [doc(allow(KEY, DECRYPT, { Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com', 'aws:PrincipalTag/team': 'web' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: KMS_CONTEXT,
    expected: 'conditional',
  },
  {
    name: 'condition: a conditional Deny next to an unconditional Allow',
    policies: [doc(allow(), { ...deny(), Sid: 'OnlyFromVpce', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'conditional',
    by: ['OnlyFromVpce'],
    deny: true,
  },
  {
    name: 'condition: a conditional Deny with nothing allowing',
    policies: [doc({ ...deny(), Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'implicit-deny',
  },
  {
    name: 'condition: an unconditional Deny wins over a conditional one',
    policies: [doc(allow(), { ...deny(), Sid: 'Maybe', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'web' } } }, { ...deny(SECRET), Sid: 'Always' })],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'denied',
    by: ['Always'],
  },
  {
    name: 'condition: an unknown operator',
    policies: [doc(allow(SECRET, GET, { Sid: 'Odd', Condition: { StringEqualsMaybe: { 'aws:RequestedRegion': 'us-east-1' } } }))],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'conditional',
    by: ['Odd'],
    deny: false,
  },
  {
    name: 'condition: an operator not implemented (DateLessThan)',
    policies: [doc(allow(SECRET, GET, { Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } }))],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'conditional',
  },
  {
    name: 'condition: a policy variable in an Allow condition value is not literal text',
    policies: [doc(allow(KEY, DECRYPT, { Sid: 'SameRegion', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.${aws:RequestedRegion}.amazonaws.com' } } }))],
    action: DECRYPT,
    resource: KEY,
    context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' },
    expected: 'conditional',
    by: ['SameRegion'],
    deny: false,
  },
  {
    name: 'condition: a policy variable in a Deny condition value is not literal text',
    policies: [doc(allow(), { ...deny(), Sid: 'SameAccount', Condition: { StringNotEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' } } })],
    action: GET,
    resource: SECRET,
    context: GET_CONTEXT,
    expected: 'conditional',
    by: ['SameAccount'],
    deny: true,
  },

  // ---- Policy variables in Resource -------------------------------------------------------------
  {
    name: 'variables: ${aws:username} in a Resource (2012-10-17) cannot be decided',
    policies: [doc(allow(`${REGION_ARN}:secret:\${aws:username}*`))],
    action: GET,
    resource: SECRET,
    expected: 'unknown',
  },
  {
    name: 'variables: without Version "${aws:username}" is literal text',
    policies: [{ Statement: [allow(`${REGION_ARN}:secret:\${aws:username}*`)] }],
    action: GET,
    resource: SECRET,
    expected: 'implicit-deny',
  },
  {
    name: 'variables: with Version 2008-10-17 "${aws:username}" is literal text',
    policies: [{ Version: '2008-10-17', Statement: [allow(`${REGION_ARN}:secret:\${aws:username}*`)] }],
    action: GET,
    resource: SECRET,
    expected: 'implicit-deny',
  },
  {
    name: 'variables: literal text without Version matches the same text',
    policies: [{ Statement: [allow(`${REGION_ARN}:secret:\${aws:username}*`)] }],
    action: GET,
    resource: `${REGION_ARN}:secret:\${aws:username}-a1B2c3`,
    expected: 'allowed',
  },
  {
    name: 'variables: a variable does not make a Resource of another region match',
    policies: [doc(allow(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:\${aws:username}-*`))],
    action: GET,
    resource: SECRET,
    expected: 'implicit-deny',
  },
  { name: 'variables: ${*} is a literal "*"', policies: [doc(allow(`${REGION_ARN}:secret:a\${*}b`))], action: GET, resource: `${REGION_ARN}:secret:a*b`, expected: 'allowed' },
  { name: 'variables: ${*} is not a wildcard', policies: [doc(allow(`${REGION_ARN}:secret:a\${*}b`))], action: GET, resource: `${REGION_ARN}:secret:axyzb`, expected: 'implicit-deny' },
  { name: 'variables: ${?} stands for "?"', policies: [doc(allow(`${REGION_ARN}:secret:a\${?}b`))], action: GET, resource: `${REGION_ARN}:secret:a?b`, expected: 'allowed' },
  { name: 'variables: ${?} is a literal "?"', policies: [doc(allow(`${REGION_ARN}:secret:a\${?}b`))], action: GET, resource: `${REGION_ARN}:secret:axb`, expected: 'implicit-deny' },
  { name: 'variables: ${$} is a literal "$"', policies: [doc(allow(`${REGION_ARN}:secret:a\${$}b`))], action: GET, resource: `${REGION_ARN}:secret:a$b`, expected: 'allowed' },
  {
    name: 'variables: without Version "${*}" is text around a wildcard',
    policies: [{ Statement: [allow(`${REGION_ARN}:secret:a\${*}b`)] }],
    action: GET,
    resource: `${REGION_ARN}:secret:a\${xyz}b`,
    expected: 'allowed',
  },

  // ---- Resource policies and their Principal ------------------------------------------------
  { name: 'principal: "*"', policies: [doc(allow('*', GET, { Principal: '*' }))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'allowed', by: ['Allow'] },
  { name: 'principal: {"AWS": "*"}', policies: [doc(allow('*', GET, { Principal: { AWS: '*' } }))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'allowed' },
  { name: "principal: the role's ARN", policies: [doc(allow('*', GET, { Principal: { AWS: ROLE } }))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'allowed' },
  { name: "principal: the account's root ARN", policies: [doc(allow('*', GET, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'allowed' },
  { name: 'principal: the account as a 12-digit id', policies: [doc(allow('*', GET, { Principal: { AWS: ACCOUNT } }))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'allowed' },
  { name: 'principal: one of a list', policies: [doc(allow('*', GET, { Principal: { AWS: [`arn:aws:iam::${OTHER_ACCOUNT}:root`, ROLE] } }))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'allowed' },
  { name: 'principal: another account', policies: [doc(allow('*', GET, { Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } }))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'implicit-deny' },
  { name: 'principal: another account as a 12-digit id', policies: [doc(allow('*', GET, { Principal: { AWS: OTHER_ACCOUNT } }))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'implicit-deny' },
  { name: 'principal: another role of the account', policies: [doc(allow('*', GET, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/deploy` } }))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'implicit-deny' },
  { name: 'principal: a service principal', policies: [doc(allow('*', GET, { Principal: { Service: 'ecs-tasks.amazonaws.com' } }))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'implicit-deny' },
  { name: 'principal: a statement without Principal does not apply', policies: [doc(allow('*', GET))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'implicit-deny' },
  { name: 'principal: a role ARN when only the account is known', policies: [doc(allow('*', GET, { Principal: { AWS: ROLE } }))], action: GET, resource: SECRET, principal: { account: ACCOUNT }, expected: 'conditional', deny: false },
  { name: 'principal: NotPrincipal may or may not apply', policies: [doc(allow('*', GET, { NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/deploy` } }))], action: GET, resource: SECRET, principal: { arn: ROLE, account: ACCOUNT }, expected: 'conditional' },
  {
    name: 'principal: a Deny to "*" over an Allow to the role',
    policies: [doc(allow('*', GET, { Principal: { AWS: ROLE } }), deny('*', GET, { Principal: '*' }))],
    action: GET,
    resource: SECRET,
    principal: { arn: ROLE, account: ACCOUNT },
    expected: 'denied',
    by: ['Deny'],
  },
  {
    name: 'principal: a Deny to another account does not matter',
    policies: [doc(allow('*', GET, { Principal: { AWS: ROLE } }), deny('*', GET, { Principal: { AWS: OTHER_ACCOUNT } }))],
    action: GET,
    resource: SECRET,
    principal: { arn: ROLE, account: ACCOUNT },
    expected: 'allowed',
  },
  {
    name: "principal: the account's root ARN when only the role's ARN is given",
    policies: [doc(allow('*', GET, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }))],
    action: GET,
    resource: SECRET,
    principal: { arn: ROLE },
    expected: 'allowed',
  },

  // ---- AWS managed policies -------------------------------------------------------------------
  { name: 'managed: AmazonECSTaskExecutionRolePolicy alone, GetSecretValue', managed: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'managed: AmazonECSTaskExecutionRolePolicy alone, kms:Decrypt', managed: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'], action: DECRYPT, resource: KEY, context: KMS_CONTEXT, expected: 'implicit-deny' },
  { name: 'managed: AmazonECSTaskExecutionRolePolicy allows ecr:GetAuthorizationToken', managed: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'], action: 'ecr:GetAuthorizationToken', resource: '*', expected: 'allowed' },
  {
    name: 'managed: AmazonECSTaskExecutionRolePolicy and an inline grant',
    managed: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
    policies: [doc(allow(`${NAME}-*`))],
    action: GET,
    resource: SECRET,
    expected: 'allowed',
    by: ['Allow'],
  },
  { name: 'managed: PowerUserAccess allows GetSecretValue (NotAction)', managed: ['arn:aws:iam::aws:policy/PowerUserAccess'], action: GET, resource: SECRET, expected: 'allowed', by: ['#1'] },
  { name: 'managed: PowerUserAccess allows kms:Decrypt', managed: ['arn:aws:iam::aws:policy/PowerUserAccess'], action: DECRYPT, resource: KEY, context: KMS_CONTEXT, expected: 'allowed' },
  { name: 'managed: PowerUserAccess does not allow iam:PassRole', managed: ['arn:aws:iam::aws:policy/PowerUserAccess'], action: 'iam:PassRole', resource: ROLE, expected: 'implicit-deny' },
  { name: 'managed: AdministratorAccess allows GetSecretValue', managed: ['arn:aws:iam::aws:policy/AdministratorAccess'], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'managed: AdministratorAccess allows GetSecretValue on an unknown suffix', managed: ['arn:aws:iam::aws:policy/AdministratorAccess'], action: GET, resource: `${NAME}-`, unknown: 6, expected: 'allowed' },
  { name: 'managed: aws-cn AdministratorAccess resolves', managed: ['arn:aws-cn:iam::aws:policy/AdministratorAccess'], action: GET, resource: SECRET, expected: 'allowed' },
  { name: 'managed: aws-cn AmazonECSTaskExecutionRolePolicy resolves', managed: ['arn:aws-cn:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'], action: GET, resource: SECRET, expected: 'implicit-deny' },
  { name: 'managed: an explicit Deny beats AdministratorAccess', managed: ['arn:aws:iam::aws:policy/AdministratorAccess'], policies: [doc(deny(`${NAME}-*`))], action: GET, resource: SECRET, expected: 'denied', by: ['Deny'] },
];

const evaluator = suite('IAM evaluator');
for (const row of rows) {
  evaluator(row.name, () => {
    const policies = [...(row.managed ?? []).map(managed), ...(row.policies ?? []).map(named)];
    const request: Request = {
      action: row.action,
      resource: characters(row.resource, row.unknown ?? 0),
      context: requestContext(row.context ?? {}),
      ...(row.principal ? { principal: row.principal } : {}),
    };
    const decision = evaluate(policies, request);
    assert.is(decision.outcome, row.expected, `${row.name}: outcome`);
    if (row.by) {
      assert.ok('by' in decision, `${row.name}: a decision naming its statements`);
      if ('by' in decision) assert.equal(decision.by.map(label), row.by, `${row.name}: deciding statements`);
    }
    if (row.deny !== undefined) {
      assert.ok(decision.outcome === 'conditional' && decision.deny === row.deny, `${row.name}: conditional deny is ${row.deny}`);
    }
  });
}
evaluator('the table has at least 70 cases', () => assert.ok(rows.length >= 70, `${rows.length} rows`));
evaluator('every row is named once', () => assert.is(new Set(rows.map((row) => row.name)).size, rows.length));
evaluator('the deciding statement points into its policy', () => {
  const policy = named(doc(allow(OTHER_SECRET), { ...allow(SECRET), Sid: 'Second' }), 0);
  const decision = evaluate([policy], { action: GET, resource: nameParts(SECRET), context: requestContext({}) });
  assert.is(decision.outcome, 'allowed');
  if (decision.outcome !== 'allowed') return;
  assert.is(decision.by.length, 1);
  assert.is(decision.by[0]?.policy, policy);
  assert.equal(decision.by[0]?.statement.path, ['Statement', 1]);
});
evaluator.run();

// ---- Wildcard matching, directly ------------------------------------------------------------
const wildcard = suite('IAM wildcard matching');
const resourceCases: Array<{ name: string; pattern: string; resource: string; unknown?: number; expected: 'yes' | 'maybe' | 'no' }> = [
  { name: 'empty pattern, non-empty name', pattern: '', resource: SECRET, expected: 'no' },
  { name: 'empty pattern, empty name', pattern: '', resource: '', expected: 'yes' },
  { name: '"*" and an empty name', pattern: '*', resource: '', expected: 'yes' },
  { name: 'pattern longer than the name', pattern: `${SECRET}-extra`, resource: SECRET, expected: 'no' },
  { name: 'pattern longer than a name with unknown characters', pattern: `${NAME}-a1B2c3d`, resource: `${NAME}-`, unknown: 6, expected: 'no' },
  { name: 'name longer than the pattern', pattern: NAME, resource: SECRET, expected: 'no' },
  { name: 'a literal letter may be an unknown character', pattern: `${NAME}-a?????`, resource: `${NAME}-`, unknown: 6, expected: 'maybe' },
  { name: 'a hyphen is never an unknown character', pattern: `${NAME}-a-????`, resource: `${NAME}-`, unknown: 6, expected: 'no' },
  { name: '"?" is any unknown character', pattern: `${NAME}-??????`, resource: `${NAME}-`, unknown: 6, expected: 'yes' },
  { name: 'too few characters for the unknown suffix', pattern: `${NAME}-?????`, resource: `${NAME}-`, unknown: 6, expected: 'no' },
  { name: 'a "*" ending a segment crosses colons', pattern: 'a*:d', resource: 'ab:c:d', expected: 'yes' },
  { name: 'a "*" inside a segment does not', pattern: 'a*d', resource: 'ab:c:d', expected: 'no' },
];
for (const { name, pattern, resource, unknown, expected } of resourceCases) {
  wildcard(`matchResource: ${name}`, () => assert.is(matchResource(pattern, nameParts(resource, unknown ?? 0)), expected));
}
const actionCases: Array<{ name: string; pattern: string; action: string; expected: boolean }> = [
  { name: 'empty pattern', pattern: '', action: GET, expected: false },
  { name: 'a pattern without service prefix', pattern: 'GetSecretValue', action: GET, expected: false },
  { name: 'a pattern longer than the action', pattern: `${GET}Extra`, action: GET, expected: false },
  { name: 'a pattern with an empty action name', pattern: 'secretsmanager:', action: GET, expected: false },
  { name: '"*" at the start of the action name', pattern: 'secretsmanager:*Value', action: GET, expected: true },
  { name: '"?" for one character', pattern: 'secretsmanager:?etSecretValue', action: GET, expected: true },
  { name: 'case of both sides', pattern: 'SECRETSMANAGER:GET*', action: 'secretsmanager:getsecretvalue', expected: true },
  { name: 'a whole name, in another case', pattern: 'SecretsManager:GETSECRETVALUE', action: GET, expected: true },
  { name: 'a whole name that is only a prefix of the action', pattern: 'secretsmanager:GetSecret', action: GET, expected: false },
  { name: 'a prefix with a star that the action does not start with', pattern: 'secretsmanager:List*', action: GET, expected: false },
  { name: 'the whole service', pattern: 'secretsmanager:*', action: GET, expected: true },
  { name: 'a template reference is not a match', pattern: 'secretsmanager:${Action}', action: GET, expected: false },
  { name: 'a star in the middle', pattern: 'secretsmanager:Get*Value', action: GET, expected: true },
];
for (const { name, pattern, action, expected } of actionCases) {
  wildcard(`matchAction: ${name}`, () => assert.is(matchAction(pattern, action), expected));
}
wildcard('an unknown character is a NamePart of its own', () => {
  const parts = nameParts('ab', 2);
  assert.equal(parts, ['a', 'b', UNKNOWN_CHARACTER, UNKNOWN_CHARACTER]);
});
wildcard('a 5,000-character resource pattern answers maybe, quickly', () => {
  const pattern = '*a'.repeat(2500);
  const start = performance.now();
  const result = matchResource(pattern, nameParts('a'.repeat(5000)));
  const elapsed = performance.now() - start;
  assert.is(result, 'maybe');
  assert.ok(elapsed < 500, `${elapsed.toFixed(0)} ms`);
});
wildcard('a 5,000-character name answers maybe, quickly', () => {
  const start = performance.now();
  const result = matchResource(`${REGION_ARN}:secret:*`, nameParts(`${REGION_ARN}:secret:${'x'.repeat(5000)}`));
  const elapsed = performance.now() - start;
  assert.is(result, 'maybe');
  assert.ok(elapsed < 500, `${elapsed.toFixed(0)} ms`);
});
wildcard('a 5,000-character action pattern is no match, quickly', () => {
  const start = performance.now();
  const result = matchAction(`secretsmanager:${'*?'.repeat(2500)}`, GET);
  const elapsed = performance.now() - start;
  assert.is(result, false);
  assert.ok(elapsed < 500, `${elapsed.toFixed(0)} ms`);
});
wildcard('a 2,000-character pattern of stars is matched in full, within seconds', () => {
  // 2,000 characters on both sides: the dynamic programme's worst case, never exponential.
  const pattern = '*a'.repeat(1000);
  const start = performance.now();
  const yes = matchResource(pattern, nameParts('a'.repeat(2000)));
  const no = matchResource(pattern, nameParts(`${'a'.repeat(1999)}b`));
  const elapsed = performance.now() - start;
  assert.is(yes, 'yes');
  assert.is(no, 'no');
  assert.ok(elapsed < 5000, `${elapsed.toFixed(0)} ms`);
});
wildcard.run();

// ---- resolveSecret ------------------------------------------------------------------------------
const resolve = suite('resolveSecret');
const US_EAST = { partition: 'aws', region: 'us-east-1', account: ACCOUNT };
resolve('a complete ARN', () => {
  const secret = resolveSecret(SECRET, parseSecretReference(SECRET), {}, FactView.EMPTY);
  assert.ok(secret);
  assert.is(secret.arn, SECRET);
  assert.is(secret.display, SECRET);
  assert.equal(secret.resource, nameParts(SECRET));
  assert.equal([secret.name, secret.partition, secret.region, secret.account], ['registry', 'aws', 'us-east-1', ACCOUNT]);
  assert.is(secret.record, undefined);
});
resolve('a complete ARN with a JSON key selector', () => {
  const secret = resolveSecret(`${SECRET}:password::`, parseSecretReference(`${SECRET}:password::`), {}, FactView.EMPTY);
  assert.is(secret?.arn, SECRET);
});
resolve('a partial ARN: six unknown characters', () => {
  const secret = resolveSecret(NAME, parseSecretReference(NAME), {}, FactView.EMPTY);
  assert.ok(secret);
  assert.is(secret.arn, undefined);
  assert.is(secret.display, `${NAME}-??????`);
  assert.equal(secret.resource, nameParts(`${NAME}-`, 6));
  assert.is(secret.resource.filter((part) => part === UNKNOWN_CHARACTER).length, 6);
});
resolve('a partial ARN in aws-cn', () => {
  const secret = resolveSecret(`arn:aws-cn:secretsmanager:cn-north-1:${ACCOUNT}:secret:registry`, parseSecretReference(`arn:aws-cn:secretsmanager:cn-north-1:${ACCOUNT}:secret:registry`), {}, FactView.EMPTY);
  assert.is(secret?.display, `arn:aws-cn:secretsmanager:cn-north-1:${ACCOUNT}:secret:registry-??????`);
});
resolve('a bare name in the task account and region', () => {
  const secret = resolveSecret('prod/registry', parseSecretReference('prod/registry'), US_EAST, FactView.EMPTY);
  assert.ok(secret);
  assert.is(secret.arn, undefined);
  assert.is(secret.display, `${REGION_ARN}:secret:prod/registry-??????`);
  assert.equal(secret.resource, nameParts(`${REGION_ARN}:secret:prod/registry-`, 6));
});
resolve('a bare name without account and region', () => {
  assert.is(resolveSecret('prod/registry', parseSecretReference('prod/registry'), {}, FactView.EMPTY), undefined);
});
resolve('a bare name with a region but no account', () => {
  assert.is(resolveSecret('prod/registry', parseSecretReference('prod/registry'), { partition: 'aws', region: 'us-east-1' }, FactView.EMPTY), undefined);
});
resolve('an ARN with a placeholder account', () => {
  assert.is(resolveSecret('arn:aws:secretsmanager:us-east-1:ACCOUNT_ID:secret:registry', parseSecretReference('arn:aws:secretsmanager:us-east-1:ACCOUNT_ID:secret:registry'), US_EAST, FactView.EMPTY), undefined);
});
resolve('a resolved partial ARN, evaluated', () => {
  const secret = resolveSecret(NAME, parseSecretReference(NAME), {}, FactView.EMPTY);
  assert.ok(secret);
  const decide = (resource: string) => evaluate([named(doc(allow(resource)), 0)], { action: GET, resource: secret.resource, context: requestContext({}) }).outcome;
  assert.is(decide(`${NAME}-*`), 'allowed');
  assert.is(decide(NAME), 'implicit-deny');
  assert.is(decide(SECRET), 'unknown');
});
resolve.run();

// ---- The facts store and its view ---------------------------------------------------------------
const store = suite('facts store and view');
const RUN_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/exec`;
const policyFor = (action: string) => named({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }, 0);
store('a file\'s own records are a layer over the run\'s view: found after the run\'s, never added to it', () => {
  const facts = new FactStore();
  facts.addRole({ name: 'exec', arn: RUN_ROLE_ARN, inline: [], attached: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'], origin: 'account.json' });
  const run = facts.freeze();
  const own = { roles: [{ name: 'Exec', aliases: ['${Exec.Arn}'], inline: [policyFor('secretsmanager:GetSecretValue')], attached: [], origin: 'template.yaml' }], managed: [], secrets: [{ name: 'registry', origin: 'template.yaml' }], keys: [] };
  const file = run.with(own);
  assert.is(file.findRole('${Exec.Arn}')!.origin, 'template.yaml');
  assert.is(run.findRole('${Exec.Arn}'), undefined);
  assert.ok(file.findSecret({ name: 'registry' }));
  assert.is(run.findSecret({ name: 'registry' }), undefined);
  // The run's record comes first.
  assert.is(file.findRole(RUN_ROLE_ARN)!.origin, 'account.json');
});
store('the store keeps copies: what it merges or links never changes the values it was given', () => {
  const facts = new FactStore();
  const given = { name: 'exec', arn: RUN_ROLE_ARN, inline: [], attached: [], origin: 'get-role-policy.json', partial: true };
  facts.addRole(given);
  facts.addRole({ name: 'exec', arn: RUN_ROLE_ARN, inline: [policyFor('logs:PutLogEvents')], attached: [], origin: 'account.json' });
  assert.is(given.inline.length, 0);
  assert.is(given.partial, true);
  const found = facts.freeze().findRole(RUN_ROLE_ARN)!;
  assert.is(found.inline.length, 1);
  assert.is(found.partial, undefined);
  assert.throws(() => facts.addSecret({ name: 'late', origin: 'x.json' }), /after the view was made/);
});
store('Terraform: a link to another file\'s role is applied when the role comes; a resource defined twice in one module stands for nothing', () => {
  const facts = new FactStore();
  const policy = policyFor('secretsmanager:GetSecretValue');
  facts.addTerraform('/infra/iam.tf', { facts: { roles: [], managed: [], secrets: [], keys: [] }, pending: [{ kind: 'role-inline', role: '${aws_iam_role.exec.id}', scope: '/infra', policy }], familyNeeds: [] });
  const role = { name: 'web-exec', aliases: ['${aws_iam_role.exec.arn}', '${aws_iam_role.exec.id}'], scope: '/infra', inline: [], attached: [], origin: 'roles.tf' };
  const webNeed = { os: 'linux' as const, need: { version: '1.2.0' as const, usage: 'private registry authentication', container: 'app' } };
  facts.addTerraform('/infra/roles.tf', { facts: { roles: [role], managed: [], secrets: [{ name: 'db', aliases: ['${aws_secretsmanager_secret.db.arn}'], scope: '/infra', origin: 'a.tf' }], keys: [] }, pending: [], familyNeeds: [['web', webNeed]] });
  facts.addTerraform('/infra/copy.tf', { facts: { roles: [], managed: [], secrets: [{ name: 'db2', aliases: ['${aws_secretsmanager_secret.db.arn}'], scope: '/infra', origin: 'b.tf' }], keys: [] }, pending: [], familyNeeds: [] });
  const view = facts.freeze();
  assert.equal(view.findRole('${aws_iam_role.exec.arn}', undefined, '/infra')!.inline, [policy]);
  assert.is(role.inline.length, 0, 'the loader\'s record is left as it was');
  assert.is(view.findSecret({ alias: '${aws_secretsmanager_secret.db.arn}', scope: '/infra' }), undefined);
  assert.equal(view.familyNeedOf('web'), webNeed);
  assert.ok(view.holdsFactsOf('/infra/roles.tf'));
  assert.not.ok(view.holdsFactsOf('/infra/other.tf'));
});
store.run();

// ---- The index of records -----------------------------------------------------------------------
const index = suite('facts index');
index('a role first known by name, then by ARN, is found by its ARN; the first of several matches is the first added', () => {
  const facts = new FactStore();
  for (let i = 0; i < 50; i++) facts.addRole({ name: `role-${i}`, arn: `arn:aws:iam::${ACCOUNT}:role/role-${i}`, inline: [], attached: [], origin: 'a.json' });
  facts.addRole({ name: 'exec', inline: [], attached: [], origin: 'get-role-policy.json', partial: true });
  facts.addRole({ name: 'exec', arn: RUN_ROLE_ARN, inline: [policyFor('logs:PutLogEvents')], attached: [], origin: 'account.json' });
  // Two modules define aws_iam_role.exec: each task definition gets the one of its own directory.
  facts.addRole({ name: 'a', aliases: ['${aws_iam_role.exec.arn}'], scope: '/infra/a', inline: [], attached: [], origin: 'a/iam.tf' });
  facts.addRole({ name: 'b', aliases: ['${aws_iam_role.exec.arn}'], scope: '/infra/b', inline: [], attached: [], origin: 'b/iam.tf' });
  facts.addRole({ name: 'c', aliases: ['${aws_iam_role.exec.arn}'], scope: '/infra/b', inline: [], attached: [], origin: 'b/iam2.tf' });
  // A record without a scope serves every directory, after those added before it.
  facts.addRole({ name: 'everywhere', aliases: ['${aws_iam_role.exec.arn}'], inline: [], attached: [], origin: 'template.yaml' });
  facts.addSecret({ name: 'database', arn: `${REGION_ARN}:secret:database-Xy7Zw1`, origin: 'y.json' });
  const view = facts.freeze();
  const found = view.findRole(RUN_ROLE_ARN)!;
  assert.is(found.origin, 'get-role-policy.json');
  assert.is(found.arn, RUN_ROLE_ARN);
  assert.is(found.inline.length, 1);
  assert.is(found.partial, undefined);
  assert.is(view.findRole('${aws_iam_role.exec.arn}', undefined, '/infra/b')!.name, 'b');
  assert.is(view.findRole('${aws_iam_role.exec.arn}', undefined, '/infra/a')!.name, 'a');
  assert.is(view.findRole('${aws_iam_role.exec.arn}', undefined, '/infra/c')!.name, 'everywhere');
  assert.is(view.findRole('${aws_iam_role.exec.arn}')!.name, 'everywhere');
  assert.is(view.findSecret({ arn: `${REGION_ARN}:secret:database-Xy7Zw1` })!.name, 'database');
});
index.run();
