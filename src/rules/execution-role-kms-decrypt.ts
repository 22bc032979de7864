// execution-role-kms-decrypt: a secret encrypted with a customer managed KMS key can be read only
// if the execution role may kms:Decrypt with that key (the AWS managed aws/secretsmanager key needs
// no statement). IAM evaluates key ARNs: a statement that names an alias ARN grants nothing.

import { parseArn } from '../aws/arn';
import { requestContext } from '../iam/conditions';
import { evaluate } from '../iam/evaluate';
import { describePolicy, describeStatement, type NamedPolicy } from '../iam/policy';
import { matchAction } from '../iam/wildcard';
import { conditionKeys, describeMatch, executionRolePolicies, noPolicyAllows } from './support/execution-role';
import { grantMayAllow, keyPolicyGrants, realRegion, resolveKey } from './support/kms-key';
import { resolveSecret, symbolValues, taskPlace } from './support/secret-resource';
import { secretsManagerReferences } from '../model/secret-references';
import { clip } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'execution-role-kms-decrypt',
  severity: 'error',
  description: 'Require the execution role to be allowed kms:Decrypt on the customer managed key of the secrets the task uses',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  messages: {
    'not-allowed': {
      text: 'the execution role "{role}" may not decrypt this secret with the KMS key {key}; allow it kms:Decrypt on the key',
      help: 'The secret is encrypted with the customer managed key {key}, which Secrets Manager uses on the execution role\'s behalf when ECS fetches the secret; {verdict} kms:Decrypt on that key, nor does the key policy. Add a statement that does.',
    },
    'condition-not-met': {
      text: 'the execution role "{role}" may not decrypt this secret: the Condition on {keys} of {statement} does not hold',
      help: 'The statement allows kms:Decrypt on {key} only under that condition, which does not hold when Secrets Manager decrypts the secret for ECS. Change the condition so that this request meets it, or allow the key without it.',
    },
    'not-allowed-unless-key-policy': {
      text: 'the execution role "{role}" may not decrypt this secret unless the key policy of {key} names the role',
      help: 'ecs-lint was not shown the key policy, and {verdict} kms:Decrypt on that key. Add a statement that does, unless the key policy allows the role.',
    },
    'alias-resource': {
      text: 'the execution role "{role}" may not decrypt this secret: {statement} names the alias "{alias}"; name the key {key}',
      help: 'The statement allows kms:Decrypt on an alias ARN, but IAM matches the key\'s own ARN, never an alias; name the key\'s ARN.',
    },
    denied: {
      text: 'the execution role "{role}" may not decrypt this secret: {statement} denies kms:Decrypt on the KMS key {key}',
      help: 'An explicit Deny overrides every Allow, so Secrets Manager cannot decrypt the secret for ECS when the task starts; exempt the key from the statement.',
    },
    conditional: {
      text: 'the execution role "{role}" may decrypt this secret only if the Condition on {keys} of {statement} holds',
      help: 'The statement allows kms:Decrypt on {key} under a condition ecs-lint cannot check (on tags or request values it does not know); make sure it holds when Secrets Manager decrypts the secret for ECS.',
    },
    'conditional-deny': {
      text: 'the execution role "{role}" may be refused the KMS key {key}: {statement} denies it under a Condition on {keys}',
      help: 'The statement denies kms:Decrypt under a condition ecs-lint cannot check; if the condition holds when Secrets Manager decrypts the secret for ECS, the Deny overrides every Allow and the task cannot read the secret.',
    },
  },
  check({ task, unit, aws, settings, workspace, report }) {
    const rolePolicies = executionRolePolicies(task, aws, workspace, unit.scope);
    if (!rolePolicies) return;
    const role = rolePolicies.role.name;
    const roleAccount = rolePolicies.principal.account;
    const place = taskPlace(aws, unit);
    const symbols = symbolValues(aws);
    for (const entry of secretsManagerReferences(task)) {
      const secret = resolveSecret(entry.value, entry.reference, place, workspace, unit.scope);
      const kmsKeyId = secret?.record?.kmsKeyId;
      if (!secret || kmsKeyId === undefined || kmsKeyId === null) continue;
      const target = resolveKey(kmsKeyId, secret, workspace, unit.scope);
      if (!target) continue;
      const key = target.display;
      // The KMS guide names every ViaService with ".amazonaws.com", in every partition
      // (conditions-kms.html, kms:ViaService): secretsmanager.cn-north-1.amazonaws.com in aws-cn
      // too, not the partition's DNS suffix.
      const context = requestContext({
        'kms:EncryptionContextKeys': ['SecretARN', 'SecretVersionId'],
        ...(realRegion(secret.region) ? { 'kms:ViaService': `secretsmanager.${secret.region}.amazonaws.com` } : {}),
        ...(realRegion(target.region ?? secret.region) ? { 'aws:RequestedRegion': (target.region ?? secret.region)! } : {}),
        ...(secret.arn ? { 'kms:EncryptionContext:SecretARN': secret.arn } : {}),
        ...(roleAccount ? { 'kms:CallerAccount': roleAccount, 'aws:PrincipalAccount': roleAccount } : {}),
        ...(rolePolicies.principal.arn ? { 'aws:PrincipalArn': rolePolicies.principal.arn } : {}),
      });
      const decision = evaluate(rolePolicies.policies, { action: 'kms:Decrypt', resource: target.resource, alternatives: target.alternatives, context, symbols });
      const path = entry.path;
      switch (decision.outcome) {
        case 'denied':
          report({ messageId: 'denied', path, data: { role, statement: describeMatch(decision.by), key } });
          break;
        case 'conditional':
          // A condition on what cannot be known here (tags, aws:SourceVpc) is unknown, not wrong.
          if (!settings.reportUnknownConditions) break;
          report({
            messageId: decision.deny ? 'conditional-deny' : 'conditional',
            path,
            severity: 'warn',
            data: { role, statement: describeMatch(decision.by), key, keys: conditionKeys(decision.by) },
          });
          break;
        case 'implicit-deny': {
          if (rolePolicies.unknownManaged.length > 0) break;
          // Without the key policy, it may name the role itself: then nothing is certain.
          const certain = target.keyPolicy !== undefined;
          if (certain && keyPolicyGrants(target.keyPolicy!, target, rolePolicies.principal, symbols)) break;
          // A grant on the key lets its grantee decrypt whatever the policies say.
          if (grantMayAllow(target, rolePolicies.principal)) break;
          if (decision.conditionNotMet.length > 0) {
            const data = { role, key, statement: describeMatch(decision.conditionNotMet), keys: conditionKeys(decision.conditionNotMet) };
            report({ messageId: 'condition-not-met', path, data, ...(certain ? {} : { severity: 'warn' as const }) });
            break;
          }
          const alias = aliasStatement(rolePolicies.policies);
          if (alias) {
            const data = { role, statement: alias.statement, alias: clip(alias.alias, 120), key };
            report({ messageId: 'alias-resource', path, data, ...(certain ? {} : { severity: 'warn' as const }) });
          }
          else if (!certain) {
            report({ messageId: 'not-allowed-unless-key-policy', path, severity: 'warn', data: { role, key, verdict: noPolicyAllows(rolePolicies) } });
          } else {
            report({ messageId: 'not-allowed', path, data: { role, key, verdict: noPolicyAllows(rolePolicies) } });
          }
          break;
        }
        default:
          break;
      }
    }
  },
});

/** An Allow for kms:Decrypt that names a key by its alias ARN. */
function aliasStatement(policies: readonly NamedPolicy[]): { statement: string; alias: string } | undefined {
  for (const policy of policies) {
    for (const statement of policy.document.statements) {
      if (statement.effect !== 'Allow' || !statement.resources) continue;
      if (!(statement.actions ?? []).some((action) => matchAction(action, 'kms:Decrypt'))) continue;
      const alias = statement.resources.find((resource) => {
        const arn = parseArn(resource);
        return arn?.service === 'kms' && arn.resource.startsWith('alias/');
      });
      if (alias) return { statement: `${describeStatement(statement)} of ${describePolicy(policy.source)}`, alias };
    }
  }
  return undefined;
}
