// execution-role-kms-decrypt: a secret encrypted with a customer managed KMS key can be read only
// if the execution role may kms:Decrypt with that key (the AWS managed aws/secretsmanager key needs
// no statement). IAM evaluates key ARNs: a statement that names an alias ARN grants nothing.

import { parseArn } from '../aws/arn';
import { requestContext } from '../iam/conditions';
import { evaluate } from '../iam/evaluate';
import { describePolicy, describeStatement, type NamedPolicy, type Statement } from '../iam/policy';
import { matchAction, nameParts, type NamePart, type SymbolValues } from '../iam/wildcard';
import { type FactView } from '../facts/view';
import { conditionKeys, describeMatch, executionRolePolicies, noPolicyAllows, type ExecutionRole } from './support/execution-role';
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

interface KeyTarget {
  display: string;
  keyPolicy?: NamedPolicy;
  resource: NamePart[];
  alternatives: NamePart[][];
  region?: string;
}

const KEY_ARN = /^arn:[^:]+:kms:([^:]+):\d{12}:key\/[\w-]+$/;
const KEY_ID = /^(mrk-)?[0-9a-f]{8}(-?[0-9a-f]{4}){3}-?[0-9a-f]{12}$|^mrk-[0-9a-f]{32}$/i;

/**
 * The key IAM evaluates for a secret's KmsKeyId, in every form known: a key ARN as is, a key id in
 * the secret's account and region, a key the file defines (by template reference or alias name);
 * undefined when it cannot be known (an alias of a key defined elsewhere).
 */
function resolveKey(
  kmsKeyId: string,
  secret: { partition?: string; region?: string; account?: string },
  workspace: FactView,
  scope: string | undefined,
): KeyTarget | undefined {
  const record = workspace.findKey(kmsKeyId, scope);
  const forms: string[] = [];
  if (KEY_ARN.test(kmsKeyId)) forms.push(kmsKeyId);
  else if (KEY_ID.test(kmsKeyId) && secret.partition && secret.region && secret.account) {
    forms.push(`arn:${secret.partition}:kms:${secret.region}:${secret.account}:key/${kmsKeyId}`);
  }
  if (record) {
    if (record.arn) forms.push(record.arn);
    forms.push(...record.aliases);
    // A key the template defines is in the task's account and region: its ARN is built around its id.
    const keyId = record.aliases.find((alias) => /\.(?:KeyId|key_id)\}$/.test(alias));
    if (!record.arn && keyId && secret.partition && secret.region && secret.account) {
      forms.push(`arn:${secret.partition}:kms:${secret.region}:${secret.account}:key/${keyId}`);
    }
  }
  const [first, ...rest] = [...new Set(forms)];
  if (!first) return undefined;
  // A key the file defines is named by its resource: ${RegistryKey.Arn} is "RegistryKey",
  // ${aws_kms_key.registry.arn} is "aws_kms_key.registry".
  const reference = /^\$\{([^}]+?)(?:\.(?:Arn|KeyId|arn|id|key_id))?\}$/.exec(first)?.[1];
  const display = reference ? `"${reference}"` : first;
  const target: KeyTarget = { display, resource: nameParts(first), alternatives: rest.map((form) => nameParts(form)) };
  if (record?.keyPolicy) target.keyPolicy = record.keyPolicy;
  const region = KEY_ARN.exec(first)?.[1];
  if (region) target.region = region;
  return target;
}

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

/** Whether a key policy lets the role decrypt by itself (naming the role, or "*" without conditions). */
function keyPolicyGrants(keyPolicy: NamedPolicy, target: KeyTarget, principal: ExecutionRole['principal'], symbols: SymbolValues): boolean {
  const names = principal.names;
  const decision = evaluate([keyPolicy], {
    action: 'kms:Decrypt',
    resource: target.resource,
    alternatives: target.alternatives,
    symbols,
    context: requestContext({}),
    principal: { ...(principal.arn ? { arn: principal.arn } : { account: principal.account }), aliases: names },
  });
  // A statement naming only the account delegates to IAM policies, which do not allow it here.
  const namesRole = (statement: Statement) =>
    statement.principal === '*' || (typeof statement.principal === 'object' && statement.principal.aws.some((value) => names.includes(value)));
  return decision.outcome === 'allowed' && decision.by.some(({ statement }) => namesRole(statement));
}

/** A region known by name, not a template reference to one. */
function realRegion(region: string | undefined): boolean {
  return region !== undefined && !region.includes('${');
}
