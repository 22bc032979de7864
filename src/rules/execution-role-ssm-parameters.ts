// execution-role-ssm-parameters: ECS reads the Systems Manager parameters of `secrets` and
// `logConfiguration.secretOptions` with the task execution role, by ssm:GetParameters on each
// parameter's ARN; a SecureString encrypted with a customer managed KMS key also needs kms:Decrypt
// on that key (the AWS managed key aws/ssm needs no statement).

import { executionRolePolicies, type ExecutionRole } from './support/execution-role';
import { grantMayAllow, keyPolicyGrants, realRegion, resolveKey, type KeyTarget } from './support/kms-key';
import { resolveParameter, withParameterReferences, type ResolvedParameter } from './support/parameter-resource';
import { reportPermission, rolePermission } from './support/role-permission';
import { symbolValues, taskPlace } from './support/secret-resource';
import { parameterReferences } from '../model/secret-references';
import { clip } from '../core/values';
import type { LintSettings, Path } from '../core/types';
import type { SymbolValues } from '../iam/wildcard';
import type { RuleReport } from './types';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'execution-role-ssm-parameters',
  severity: 'error',
  description: 'Require the execution role to be allowed ssm:GetParameters on the Systems Manager parameters the task uses',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html',
  messages: {
    'not-allowed': {
      text: 'the execution role "{role}" may not read the parameter {parameter}; allow it ssm:GetParameters on the parameter\'s ARN',
      help: 'ECS fetches Systems Manager parameters with the task execution role when the task starts, by ssm:GetParameters on each parameter\'s ARN ({arn}), and {verdict} it; add a statement that does (ssm:GetParameter, without the s, is another action and does not count).',
    },
    'not-allowed-partial': {
      text: 'the execution role "{role}" may not read the parameter {parameter}, unless a policy ecs-lint was not shown allows it',
      help: 'Only the role\'s policies from {origin} are known, and {verdict} ssm:GetParameters on {arn}. Add a statement that does, or give ecs-lint all of the role\'s policies (for example an aws iam get-account-authorization-details output).',
    },
    'condition-not-met': {
      text: 'the execution role "{role}" may not read the parameter {parameter}: the Condition on {keys} of {statement} does not hold',
      help: 'The statement allows ssm:GetParameters only under that condition, which does not hold when ECS fetches the parameter. Change the condition so that the request ECS makes meets it, or allow the parameter without it.',
    },
    denied: {
      text: 'the execution role "{role}" may not read the parameter {parameter}: {statement} denies it ssm:GetParameters',
      help: 'An explicit Deny overrides every Allow, so ECS cannot fetch the parameter when the task starts; exempt {arn} from the statement.',
    },
    conditional: {
      text: 'the execution role "{role}" may read the parameter {parameter} only if the Condition on {keys} of {statement} holds',
      help: 'The statement allows ssm:GetParameters under a condition ecs-lint cannot check (on tags or request values it does not know); make sure it holds when ECS fetches the parameter.',
    },
    'conditional-deny': {
      text: 'the execution role "{role}" may be refused the parameter {parameter}: {statement} denies it under a Condition on {keys}',
      help: 'The statement denies ssm:GetParameters under a condition ecs-lint cannot check; if the condition holds when ECS fetches the parameter, the Deny overrides every Allow and the task cannot start.',
    },
    'kms-not-allowed': {
      text: 'the execution role "{role}" may not decrypt the parameter {parameter} with the KMS key {key}; allow it kms:Decrypt',
      help: 'The parameter is a SecureString encrypted with the customer managed key {key}, which Parameter Store uses on the execution role\'s behalf when ECS fetches it; {verdict} kms:Decrypt on that key, nor does the key policy. Add a statement that does.',
    },
    'kms-not-allowed-unless-key-policy': {
      text: 'the execution role "{role}" may not decrypt the parameter {parameter} unless the key policy of {key} names the role',
      help: 'The parameter is a SecureString encrypted with the customer managed key {key}; ecs-lint was not shown the key policy, and {verdict} kms:Decrypt on that key. Add a statement that does, unless the key policy allows the role.',
    },
    'kms-condition-not-met': {
      text: 'the execution role "{role}" may not decrypt {parameter}: the Condition on {keys} of {statement} does not hold',
      help: 'The statement allows kms:Decrypt on {key} only under that condition, which does not hold when Parameter Store decrypts the parameter for ECS (kms:ViaService ssm.<region>.amazonaws.com, the encryption context PARAMETER_ARN). Change the condition, or allow the key without it.',
    },
    'kms-denied': {
      text: 'the execution role "{role}" may not decrypt {parameter}: {statement} denies kms:Decrypt on the KMS key {key}',
      help: 'An explicit Deny overrides every Allow, so Parameter Store cannot decrypt the SecureString for ECS when the task starts; exempt the key from the statement.',
    },
    'kms-conditional': {
      text: 'the execution role "{role}" may decrypt {parameter} only if the Condition on {keys} of {statement} allows it',
      help: 'The statement allows or denies kms:Decrypt on {key} under a condition ecs-lint cannot check (on tags or request values it does not know); make sure the role may decrypt when Parameter Store decrypts the parameter for ECS.',
    },
  },
  check({ task, unit, aws, settings, workspace, report }) {
    const entries = parameterReferences(task);
    if (entries.length === 0) return;
    const known = executionRolePolicies(task, aws, workspace, unit.scope);
    if (!known) return;
    const place = taskPlace(aws, unit);
    const role = withParameterReferences(known, place, workspace, unit.scope);
    const symbols = symbolValues(aws);
    for (const entry of entries) {
      const parameter = resolveParameter(entry.value, place, workspace, unit.scope);
      if (!parameter) continue;
      const data = { parameter: clip(parameter.display, 120), arn: clip(parameter.arnText, 200) };
      const verdict = rolePermission(role, {
        action: 'ssm:GetParameters',
        resource: parameter.resource,
        alternatives: parameter.alternatives,
        symbols,
        context: realRegion(parameter.region) ? { 'aws:RequestedRegion': parameter.region } : {},
      });
      reportPermission(verdict, { report, settings, path: entry.path, role, data });
      checkKey(parameter, { role, symbols, settings, report, path: entry.path, workspace, scope: unit.scope });
    }
  },
});

interface KeyCheck {
  role: ExecutionRole;
  symbols: SymbolValues;
  settings: Pick<LintSettings, 'reportUnknownConditions'>;
  report: (report: RuleReport) => void;
  path: Path;
  workspace: Parameters<typeof resolveKey>[2];
  scope: string | undefined;
}

/** kms:Decrypt on the customer managed key of a SecureString the run knows. */
function checkKey(parameter: ResolvedParameter, { role, symbols, settings, report, path, workspace, scope }: KeyCheck): void {
  const record = parameter.record;
  if (record?.type !== 'SecureString' || typeof record.keyId !== 'string') return;
  const target = resolveKey(record.keyId, parameter, workspace, scope);
  if (!target) return;
  // Parameter Store asks KMS with the parameter's ARN as encryption context (PARAMETER_ARN); the
  // KMS guide names every ViaService with ".amazonaws.com", in every partition.
  const keyRegion = target.region ?? parameter.region;
  const verdict = rolePermission(role, {
    action: 'kms:Decrypt',
    resource: target.resource,
    alternatives: target.alternatives,
    symbols,
    context: {
      ...(realRegion(parameter.region) ? { 'kms:ViaService': `ssm.${parameter.region}.amazonaws.com` } : {}),
      ...(realRegion(keyRegion) ? { 'aws:RequestedRegion': keyRegion } : {}),
      ...(parameter.arn ? { 'kms:EncryptionContext:PARAMETER_ARN': parameter.arn } : {}),
      ...(role.principal.account ? { 'kms:CallerAccount': role.principal.account } : {}),
    },
  });
  const data = { role: role.role.name, parameter: clip(parameter.display, 120), key: target.display };
  // Without the key policy, it may name the role itself: then nothing is certain.
  const certain = target.keyPolicy !== undefined;
  const severity = certain ? {} : { severity: 'warn' as const };
  switch (verdict.kind) {
    case 'denied':
      report({ messageId: 'kms-denied', path, data: { ...data, statement: verdict.statement } });
      break;
    case 'conditional':
      if (settings.reportUnknownConditions) report({ messageId: 'kms-conditional', path, severity: 'warn', data: { ...data, statement: verdict.statement, keys: verdict.keys } });
      break;
    case 'condition-not-met':
      if (keyGrants(target, role, symbols)) break;
      report({ messageId: 'kms-condition-not-met', path, data: { ...data, statement: verdict.statement, keys: verdict.keys }, ...severity });
      break;
    case 'not-allowed':
      if (keyGrants(target, role, symbols)) break;
      if (!certain || verdict.partial) report({ messageId: 'kms-not-allowed-unless-key-policy', path, severity: 'warn', data: { ...data, verdict: verdict.verdict } });
      else report({ messageId: 'kms-not-allowed', path, data: { ...data, verdict: verdict.verdict } });
      break;
    default:
      break;
  }
}

function keyGrants(target: KeyTarget, role: ExecutionRole, symbols: SymbolValues): boolean {
  return (target.keyPolicy !== undefined && keyPolicyGrants(target.keyPolicy, target, role.principal, symbols)) || grantMayAllow(target, role.principal);
}
