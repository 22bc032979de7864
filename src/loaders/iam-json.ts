// IAM and Secrets Manager JSON: policy documents, `aws iam get-role`, `aws iam get-role-policy` and
// `aws iam get-account-authorization-details` outputs, and `aws secretsmanager describe-secret` and
// `get-resource-policy` outputs. They yield policies to lint and facts for the IAM workspace.

import type { PolicyReach, PolicyUnit } from './document';
import { namesEcsResource } from '../iam/policy-scope';
import type { Path } from '../core/types';
import { isAwsManagedPolicyArn } from '../iam/managed-policies';
import { decodePolicyString, parsePolicyDocument, type NamedPolicy } from '../iam/policy';
import type { RoleRecord, SecretRecord } from '../facts/records';
import { isObject } from '../core/values';
import { editDistance } from '../model/suggest';

export interface IamContent {
  kind: 'policy-document' | 'role' | 'role-policy' | 'authorization-details' | 'secret-description' | 'secret-resource-policy';
  units: PolicyUnit[];
  roles: RoleRecord[];
  managed: Array<{ arn: string; policy: NamedPolicy }>;
  secrets: SecretRecord[];
}

/**
 * A policy written as an object (positions inside it) or as a JSON string (positions at the string).
 * `reach` places it for the default policy scope; without one, the file is the policy's own and it
 * is always checked.
 */
function policyUnit(value: unknown, path: Path, name: string, label: string, kind: PolicyUnit['kind'], reach?: PolicyReach): PolicyUnit | undefined {
  const embedded = typeof value === 'string';
  const document = embedded ? decodePolicyString(value) : value;
  if (!isObject(document)) return undefined;
  const ecs = !reach || namesEcsResource(document);
  return { document, filePath: embedded ? () => path : (inner) => [...path, ...inner], name, label, kind, embedded, ecs, ...(reach ? { reach } : {}) };
}

function named(unit: PolicyUnit, file: string, arn?: string): NamedPolicy {
  const source: NamedPolicy['source'] = { name: unit.name, file };
  if (arn) source.arn = arn;
  return { source, document: parsePolicyDocument(unit.document) };
}

/**
 * A policy document: Version, Id and Statement and nothing else. Keys misspelt or in another case
 * ("Statment", "version") still make one, so that policy-syntax can say what is wrong.
 */
export function isPolicyDocument(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  if (keys.length === 0 || keys.length > 3) return false;
  const near = (key: string, name: string) => key === name || key.toLowerCase() === name.toLowerCase() || editDistance(key.toLowerCase(), name.toLowerCase(), 3) <= 2;
  const statement = keys.find((key) => near(key, 'Statement'));
  if (statement === undefined) return false;
  const statementValue = value[statement];
  if (!Array.isArray(statementValue) && !isObject(statementValue)) return false;
  return keys.every((key) => near(key, 'Statement') || near(key, 'Version') || key === 'Id');
}

/** The IAM content of a parsed JSON file, or undefined when it is none of the outputs above. */
export function readIamContent(value: unknown, file: string): IamContent | undefined {
  if (!isObject(value)) return undefined;
  const content = (kind: IamContent['kind']): IamContent => ({ kind, units: [], roles: [], managed: [], secrets: [] });

  if (isPolicyDocument(value)) {
    const result = content('policy-document');
    // A resource policy when at least half of its statements name a principal: then the others
    // lack one; fewer, and the few are stray principals in an identity policy.
    const statements = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
    const withPrincipal = statements.filter((statement) => isObject(statement) && ('Principal' in statement || 'NotPrincipal' in statement)).length;
    const hasPrincipal = withPrincipal > 0 && withPrincipal * 2 >= statements.length;
    const name = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
    const unit = policyUnit(value, [], name, '', hasPrincipal ? 'resource' : 'identity');
    if (unit) result.units.push(unit);
    return result;
  }

  if (typeof value.RoleName === 'string' && typeof value.PolicyName === 'string' && 'PolicyDocument' in value) {
    const result = content('role-policy');
    const unit = policyUnit(value.PolicyDocument, ['PolicyDocument'], value.PolicyName, 'PolicyDocument', 'identity');
    if (unit) {
      result.units.push(unit);
      result.roles.push({ name: value.RoleName, inline: [named(unit, file)], attached: [], origin: file, partial: true });
    }
    return result;
  }

  if (isObject(value.Role) && typeof value.Role.RoleName === 'string' && 'AssumeRolePolicyDocument' in value.Role) {
    return readRole(value.Role, file, content('role'));
  }

  if (Array.isArray(value.RoleDetailList) || Array.isArray(value.Policies) || Array.isArray(value.UserDetailList)) {
    return readAuthorizationDetails(value, file, content('authorization-details'));
  }

  if (typeof value.ARN === 'string' && /:secretsmanager:[^:]*:[^:]*:secret:/.test(value.ARN) && typeof value.Name === 'string') {
    if ('ResourcePolicy' in value) {
      const result = content('secret-resource-policy');
      const unit = policyUnit(value.ResourcePolicy, ['ResourcePolicy'], `resource policy of ${value.Name}`, 'ResourcePolicy', 'resource');
      if (unit) result.units.push(unit);
      const secret: SecretRecord = { arn: value.ARN, name: value.Name, origin: file };
      if (unit) secret.resourcePolicy = named(unit, file);
      result.secrets.push(secret);
      return result;
    }
    // describe-secret says more than ARN and Name; a get-resource-policy output of a secret without
    // a policy says only those two, and nothing about the key.
    const describeKeys = ['KmsKeyId', 'VersionIdsToStages', 'CreatedDate', 'LastChangedDate', 'LastAccessedDate', 'RotationEnabled', 'Description', 'Tags', 'PrimaryRegion', 'OwningService'];
    if (!describeKeys.some((key) => key in value)) return undefined;
    const result = content('secret-description');
    // describe-secret leaves KmsKeyId out when the secret uses the AWS managed key aws/secretsmanager.
    const kmsKeyId = typeof value.KmsKeyId === 'string' && value.KmsKeyId !== '' ? value.KmsKeyId : null;
    result.secrets.push({ arn: value.ARN, name: value.Name, kmsKeyId, origin: file });
    return result;
  }
  return undefined;
}

/**
 * `aws iam get-role`: the role's ARN and trust policy (an object, or URL-encoded JSON as older CLIs
 * print it), and nothing of its permissions: its policies are not known.
 */
function readRole(role: Record<string, unknown>, file: string, result: IamContent): IamContent {
  const name = role.RoleName as string;
  const record: RoleRecord = { name, inline: [], attached: [], origin: file, partial: true, policiesUnknown: true };
  if (typeof role.Arn === 'string') record.arn = role.Arn;
  // The file is the role's own, like a get-role-policy output: its trust policy is always checked.
  const unit = policyUnit(role.AssumeRolePolicyDocument, ['Role', 'AssumeRolePolicyDocument'], `trust policy of ${name}`, `role ${name}`, 'resource');
  if (unit) {
    result.units.push(unit);
    record.trust = named(unit, file);
  }
  result.roles.push(record);
  return result;
}

function readAuthorizationDetails(value: Record<string, unknown>, file: string, result: IamContent): IamContent {
  const roles = Array.isArray(value.RoleDetailList) ? value.RoleDetailList : [];
  roles.forEach((role, roleIndex) => {
    if (!isObject(role) || typeof role.RoleName !== 'string') return;
    const record: RoleRecord = { name: role.RoleName, inline: [], attached: [], origin: file };
    if (typeof role.Arn === 'string') record.arn = role.Arn;
    // The dump holds every role of the account: a role's policies are checked when ECS tasks assume it.
    const reach: PolicyReach = { roles: [record] };
    const trust = typeof role.AssumeRolePolicyDocument === 'string' ? decodePolicyString(role.AssumeRolePolicyDocument) : role.AssumeRolePolicyDocument;
    if (isObject(trust)) record.trust = { source: { name: `trust policy of ${role.RoleName}`, file }, document: parsePolicyDocument(trust) };
    const inline = Array.isArray(role.RolePolicyList) ? role.RolePolicyList : [];
    inline.forEach((policy, policyIndex) => {
      if (!isObject(policy) || typeof policy.PolicyName !== 'string') return;
      const path: Path = ['RoleDetailList', roleIndex, 'RolePolicyList', policyIndex, 'PolicyDocument'];
      const unit = policyUnit(policy.PolicyDocument, path, policy.PolicyName, `role ${role.RoleName}`, 'identity', reach);
      if (!unit) return;
      result.units.push(unit);
      record.inline.push(named(unit, file));
    });
    const attached = Array.isArray(role.AttachedManagedPolicies) ? role.AttachedManagedPolicies : [];
    for (const policy of attached) {
      if (isObject(policy) && typeof policy.PolicyArn === 'string') record.attached.push(policy.PolicyArn);
    }
    result.roles.push(record);
  });
  for (const [listKey, policyKey, nameKey] of [
    ['UserDetailList', 'UserPolicyList', 'UserName'],
    ['GroupDetailList', 'GroupPolicyList', 'GroupName'],
  ] as const) {
    const list = Array.isArray(value[listKey]) ? (value[listKey] as unknown[]) : [];
    list.forEach((entity, entityIndex) => {
      if (!isObject(entity) || !Array.isArray(entity[policyKey])) return;
      (entity[policyKey] as unknown[]).forEach((policy, policyIndex) => {
        if (!isObject(policy) || typeof policy.PolicyName !== 'string') return;
        const path: Path = [listKey, entityIndex, policyKey, policyIndex, 'PolicyDocument'];
        // Users' and groups' policies: checked when they name what tasks use.
        const unit = policyUnit(policy.PolicyDocument, path, policy.PolicyName, `${String(entity[nameKey] ?? '')}`, 'identity', {});
        if (unit) result.units.push(unit);
      });
    });
  }
  const policies = Array.isArray(value.Policies) ? value.Policies : [];
  policies.forEach((policy, policyIndex) => {
    if (!isObject(policy) || typeof policy.Arn !== 'string' || typeof policy.PolicyName !== 'string') return;
    const versions = Array.isArray(policy.PolicyVersionList) ? policy.PolicyVersionList : [];
    const versionIndex = versions.findIndex((version) => isObject(version) && version.IsDefaultVersion === true);
    const version = versions[versionIndex];
    if (!isObject(version)) return;
    const path: Path = ['Policies', policyIndex, 'PolicyVersionList', versionIndex, 'Document'];
    const unit = policyUnit(version.Document, path, policy.PolicyName, `policy ${policy.PolicyName}`, 'identity', { attachedAs: [policy.Arn] });
    if (!unit) return;
    // AWS managed policies are AWS's to write: used for evaluation, not linted.
    if (!isAwsManagedPolicyArn(policy.Arn)) result.units.push(unit);
    result.managed.push({ arn: policy.Arn, policy: named(unit, file, policy.Arn) });
  });
  return result;
}
