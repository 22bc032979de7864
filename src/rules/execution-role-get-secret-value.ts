// execution-role-get-secret-value: the execution role must be allowed secretsmanager:GetSecretValue
// on every Secrets Manager secret the task names, as IAM evaluates its policies.

import { requestContext } from '../iam/conditions';
import { evaluate } from '../iam/evaluate';
import { describePolicy, describeStatement, statementEntries, type NamedPolicy } from '../iam/policy';
import type { LintDocument } from '../loaders/document';
import type { ModelEdit } from './types';
import { matchResource, type SymbolValues } from '../iam/wildcard';
import { executionRolePolicies, type ExecutionRole } from './support/execution-role';
import { reportPermission, rolePermission } from './support/role-permission';
import { resolveSecret, symbolValues, taskPlace, type ResolvedSecret } from './support/secret-resource';
import { secretsManagerReferences } from '../model/secret-references';
import { clip, isObject } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'execution-role-get-secret-value',
  severity: 'error',
  description: 'Require the execution role to be allowed secretsmanager:GetSecretValue on the secrets the task uses',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  fixable: true,
  messages: {
    'not-allowed': {
      text: 'the execution role "{role}" may not read {secret}; allow it secretsmanager:GetSecretValue on the secret',
      help: 'ECS reads the secret with the task execution role when the task starts, and {verdict} secretsmanager:GetSecretValue on it; add a statement that does.',
    },
    'not-allowed-partial': {
      text: 'the execution role "{role}" may not read {secret}, unless a policy ecs-lint was not shown allows it',
      help: 'Only the role\'s policies from {origin} are known, and {verdict} secretsmanager:GetSecretValue on the secret. Add a statement that does, or give ecs-lint all of the role\'s policies (for example an aws iam get-account-authorization-details output).',
    },
    'condition-not-met': {
      text: 'the execution role "{role}" may not read this secret: the Condition on {keys} of {statement} does not hold',
      help: 'The statement allows secretsmanager:GetSecretValue only under that condition, which does not hold when ECS fetches the secret. Change the condition so that the request ECS makes meets it, or allow the secret without it.',
    },
    'partial-arn-resource': {
      text: 'the execution role "{role}" may not read this secret: {statement} names it by a partial ARN; use "{pattern}-??????"',
      help: 'IAM does not match the partial ARN "{pattern}" to the secret\'s ARN, which ends in the hyphen and six random characters Secrets Manager adds to the name; "{pattern}-??????" matches them.',
    },
    denied: {
      text: 'the execution role "{role}" may not read {secret}: {statement} denies it secretsmanager:GetSecretValue',
      help: 'An explicit Deny overrides every Allow, so ECS cannot fetch the secret when the task starts; exempt the secret from the statement.',
    },
    conditional: {
      text: 'the execution role "{role}" may read this secret only if the Condition on {keys} of {statement} holds',
      help: 'The statement allows secretsmanager:GetSecretValue under a condition ecs-lint cannot check (on tags or request values it does not know); make sure it holds when ECS fetches the secret.',
    },
    'conditional-deny': {
      text: 'the execution role "{role}" may be refused this secret: {statement} denies it under a Condition on {keys}',
      help: 'The statement denies secretsmanager:GetSecretValue under a condition ecs-lint cannot check; if the condition holds when ECS fetches the secret, the Deny overrides every Allow and the task cannot read it.',
    },
  },
  check({ task, unit, document, aws, settings, workspace, report }) {
    const rolePolicies = executionRolePolicies(task, aws, workspace, unit.scope);
    if (!rolePolicies) return;
    const role = rolePolicies.role.name;
    const roleAccount = rolePolicies.principal.account;
    const place = taskPlace(aws, unit);
    const symbols = symbolValues(aws);
    for (const entry of secretsManagerReferences(task)) {
      const secret = resolveSecret(entry.value, entry.reference, place, workspace, unit.scope);
      if (!secret) continue;
      const verdict = rolePermission(rolePolicies, {
        action: 'secretsmanager:GetSecretValue',
        resource: secret.resource,
        alternatives: secret.alternatives,
        symbols,
        context: {
          ...(secret.region && !secret.region.includes('${') ? { 'aws:RequestedRegion': secret.region } : {}),
          'secretsmanager:SecretId': secretId(entry.value),
          ...resourceTags(secret.record?.tags),
        },
      });
      const path = entry.path;
      if (verdict.kind === 'not-allowed' || verdict.kind === 'condition-not-met') {
        // In its own account, a resource policy that names the role grants it without an identity
        // statement; across accounts both sides must allow.
        const sameAccount = !secret.account || !roleAccount || secret.account === roleAccount;
        if (sameAccount && secret.record?.resourcePolicy && resourcePolicyGrants(secret.record.resourcePolicy, secret, rolePolicies.principal, symbols)) continue;
      }
      const partial = verdict.kind === 'not-allowed' ? partialArnStatement(rolePolicies.policies, secret.resource) : undefined;
      if (partial) {
        const fix = partialArnFix(document, partial.pattern);
        report({ messageId: 'partial-arn-resource', path, data: { role, statement: partial.statement, pattern: clip(partial.pattern, 120) }, ...(fix ? { fix } : {}) });
        continue;
      }
      reportPermission(verdict, { report, settings, path, role: rolePolicies, data: { secret: clip(secret.display, 120) } });
    }
  },
});

/** An Allow for GetSecretValue whose resource is the secret's ARN without its suffix. */
function partialArnStatement(
  policies: Parameters<typeof evaluate>[0],
  resource: Parameters<typeof matchResource>[1],
): { statement: string; pattern: string } | undefined {
  for (const policy of policies) {
    for (const statement of policy.document.statements) {
      if (statement.effect !== 'Allow' || !statement.resources) continue;
      const grantsAction = (statement.actions ?? []).some((action) => /^(\*|secretsmanager:(\*|get\*|getsecretvalue))$/i.test(action));
      if (!grantsAction) continue;
      for (const pattern of statement.resources) {
        if (pattern.includes('*') || pattern.includes('?')) continue;
        if (matchResource(`${pattern}-??????`, resource) === 'yes') {
          return { statement: `${describeStatement(statement)} of ${describePolicy(policy.source)}`, pattern };
        }
      }
    }
  }
  return undefined;
}

/**
 * The fix of a partial ARN: "-??????" appended where this file's policies write it, when they write
 * it once, in an Allow, as it is. A pattern that could be a complete ARN (ending in "-" and six
 * letters or digits) may name another secret: no fix.
 */
function partialArnFix(document: LintDocument, pattern: string): ModelEdit | undefined {
  if (/-[A-Za-z0-9]{6}$/.test(pattern)) return undefined;
  const places: ModelEdit[] = [];
  for (const policy of document.policies) {
    if (policy.embedded) continue;
    for (const { value, path } of statementEntries(policy.document)) {
      if (!isObject(value) || value.Effect !== 'Allow') continue;
      const resources = typeof value.Resource === 'string' ? [value.Resource] : Array.isArray(value.Resource) ? value.Resource : [];
      resources.forEach((resource, index) => {
        if (resource !== pattern) return;
        const at = typeof value.Resource === 'string' ? [...path, 'Resource'] : [...path, 'Resource', index];
        places.push({ op: 'replace-within', path: at, value: pattern, start: pattern.length, end: pattern.length, text: '-??????', unit: policy });
      });
    }
  }
  return places.length === 1 ? places[0] : undefined;
}

function resourcePolicyGrants(policy: NamedPolicy, secret: ResolvedSecret, principal: ExecutionRole['principal'], symbols: SymbolValues): boolean {
  const names = principal.names;
  const decision = evaluate([policy], {
    action: 'secretsmanager:GetSecretValue',
    resource: secret.resource,
    alternatives: secret.alternatives,
    symbols,
    context: requestContext({}),
    principal: { ...(principal.arn ? { arn: principal.arn } : { account: principal.account }), aliases: names },
  });
  return (
    decision.outcome === 'allowed' &&
    decision.by.some(({ statement }) => statement.principal === '*' || (typeof statement.principal === 'object' && statement.principal.aws.some((value) => names.includes(value))))
  );
}

/** The secret's known tags as the condition keys that test them (a tag not known stays unknown). */
function resourceTags(tags: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags ?? {})) {
    keys[`secretsmanager:ResourceTag/${key}`] = value;
    keys[`aws:ResourceTag/${key}`] = value;
  }
  return keys;
}

/** The SecretId ECS asks for: the valueFrom without a :json-key:version-stage:version-id selector. */
function secretId(value: string): string {
  const match = /^(arn:[^:]*:secretsmanager:[^:]*:[^:]*:secret:[^:]+)(?::.*)?$/.exec(value);
  return match ? match[1]! : value;
}
