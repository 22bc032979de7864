// execution-role-kms-decrypt: a secret encrypted with a customer managed KMS key can be read only
// if the execution role may kms:Decrypt with that key (the AWS managed aws/secretsmanager key needs
// no statement). IAM evaluates key ARNs: a statement that names an alias ARN grants nothing.

import { requestContext } from '../iam/conditions';
import { evaluate } from '../iam/evaluate';
import { describePolicy, describeStatement, type NamedPolicy } from '../iam/policy';
import { matchAction, nameParts } from '../iam/wildcard';
import { conditionKeys, describeMatch, describePolicies, executionRolePolicies } from '../model/execution-role';
import { resolveSecret } from '../model/secret-resource';
import { secretsManagerReferences } from '../model/secret-references';
import { clip } from '../model/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'execution-role-kms-decrypt',
  severity: 'error',
  description: 'Require the execution role to be allowed kms:Decrypt on the customer managed key of the secrets the task uses',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  messages: {
    'not-allowed':
      'the execution role "{role}" may not decrypt this secret: it is encrypted with the KMS key {key}, and none of its {policies} allows kms:Decrypt on that key; add a statement that does',
    'alias-resource':
      'the execution role "{role}" may not decrypt this secret: {statement} allows kms:Decrypt on the alias ARN "{alias}", but IAM matches the key\'s ARN, never an alias; name the key ARN {key}',
    denied: 'the execution role "{role}" may not decrypt this secret: {statement} denies kms:Decrypt on the KMS key {key}',
    conditional:
      'the execution role "{role}" may decrypt this secret only when a condition holds: {statement} allows kms:Decrypt on {key} under a Condition on {keys}, which ecs-lint cannot check',
    'conditional-deny':
      'the execution role "{role}" may be refused the KMS key {key} of this secret: {statement} denies kms:Decrypt under a Condition on {keys}, which ecs-lint cannot check',
  },
  check({ task, aws, workspace, report }) {
    const rolePolicies = executionRolePolicies(task, aws, workspace);
    if (!rolePolicies) return;
    const role = rolePolicies.role.name;
    const roleAccount = rolePolicies.role.arn?.split(':')[4];
    for (const entry of secretsManagerReferences(task)) {
      const secret = resolveSecret(entry.reference, aws, workspace);
      const kmsKeyId = secret?.record?.kmsKeyId;
      if (!secret || kmsKeyId === undefined || kmsKeyId === null) continue;
      const key = keyArn(kmsKeyId, secret);
      if (!key) continue;
      const context = requestContext({
        'kms:ViaService': `secretsmanager.${secret.region}.amazonaws.com`,
        'kms:EncryptionContextKeys': ['SecretARN', 'SecretVersionId'],
        'aws:RequestedRegion': key.split(':')[3] ?? secret.region,
        ...(secret.arn ? { 'kms:EncryptionContext:SecretARN': secret.arn } : {}),
        ...(roleAccount ? { 'kms:CallerAccount': roleAccount, 'aws:PrincipalAccount': roleAccount } : {}),
      });
      const decision = evaluate(rolePolicies.policies, { action: 'kms:Decrypt', resource: nameParts(key), context });
      const path = entry.path;
      switch (decision.outcome) {
        case 'denied':
          report({ messageId: 'denied', path, data: { role, statement: describeMatch(decision.by), key } });
          break;
        case 'conditional':
          report({
            messageId: decision.deny ? 'conditional-deny' : 'conditional',
            path,
            severity: 'warn',
            data: { role, statement: describeMatch(decision.by), key, keys: conditionKeys(decision.by) },
          });
          break;
        case 'implicit-deny': {
          if (rolePolicies.unknownManaged.length > 0) break;
          const alias = aliasStatement(rolePolicies.policies);
          if (alias) report({ messageId: 'alias-resource', path, data: { role, statement: alias.statement, alias: clip(alias.alias, 120), key } });
          else report({ messageId: 'not-allowed', path, data: { role, key, policies: describePolicies(rolePolicies) } });
          break;
        }
        default:
          break;
      }
    }
  },
});

/**
 * The key ARN IAM evaluates for a secret's KmsKeyId: a key ARN as is, a key id in the secret's
 * account and region; undefined for an alias, whose key is not known.
 */
function keyArn(kmsKeyId: string, secret: { partition: string; region: string; account: string }): string | undefined {
  if (/^arn:[^:]+:kms:[^:]+:\d{12}:key\/[\w-]+$/.test(kmsKeyId)) return kmsKeyId;
  if (/^(mrk-)?[0-9a-f]{8}(-?[0-9a-f]{4}){3}-?[0-9a-f]{12}$|^mrk-[0-9a-f]{32}$/i.test(kmsKeyId)) {
    return `arn:${secret.partition}:kms:${secret.region}:${secret.account}:key/${kmsKeyId}`;
  }
  return undefined;
}

/** An Allow for kms:Decrypt that names a key by its alias ARN. */
function aliasStatement(policies: readonly NamedPolicy[]): { statement: string; alias: string } | undefined {
  for (const policy of policies) {
    for (const statement of policy.document.statements) {
      if (statement.effect !== 'Allow' || !statement.resources) continue;
      if (!(statement.actions ?? []).some((action) => matchAction(action, 'kms:Decrypt'))) continue;
      const alias = statement.resources.find((resource) => /^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(resource));
      if (alias) return { statement: `${describeStatement(statement)} of ${describePolicy(policy.source)}`, alias };
    }
  }
  return undefined;
}
