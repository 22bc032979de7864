// policy-syntax: an IAM policy that IAM would reject or that does not say what it seems to: Effect
// not Allow/Deny, actions not of the form service:Action or not existing, Resource with
// NotResource, resources that are not ARNs, Principal where it does not belong, unknown keys.

import { accessKind, actionsOf, checkAction, impliedAccessKind, servicePrefixes } from '../iam/action-catalog';
import { statementEntries } from '../iam/policy';
import { closestMatch } from '../model/suggest';
import { isUnknownValue } from '../core/unknown';
import { isTemplated } from '../core/placeholders';
import { clip, isObject } from '../core/values';
import type { Path } from '../core/types';
import { defineRule } from './define-rule';
import type { RuleReport } from './types';

const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const DOCUMENT_KEYS = ['Version', 'Id', 'Statement'];
const CONDITION_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];
/** Service prefixes written after the service's name rather than its prefix (CloudWatch Logs is "logs"). */
const MISNAMED_SERVICES: Readonly<Record<string, string>> = {
  cloudwatchlogs: 'logs',
  'cloudwatch-logs': 'logs',
  cwlogs: 'logs',
  parameterstore: 'ssm',
  systemsmanager: 'ssm',
  'systems-manager': 'ssm',
  keymanagementservice: 'kms',
  elasticcontainerregistry: 'ecr',
  elasticcontainerservice: 'ecs',
  'secrets-manager': 'secretsmanager',
};

/** service:Action, with wildcards; service prefixes are lower case letters, digits and hyphens. */
const ACTION_FORM = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/;

export default defineRule({
  id: 'policy-syntax',
  severity: 'error',
  description: 'Report malformed IAM policies: Effect, actions, resources, principals and keys IAM rejects or misreads',
  source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
  messages: {
    'missing-statement': { text: 'the policy has no "Statement"; add a list of statements' },
    'statement-type': { text: '{where} must be an object with Effect, Action and Resource' },
    'unknown-key': { text: 'unknown key "{key}" in {where}{suggestion}' },
    'missing-effect': { text: '{where} has no "Effect"; add "Effect": "Allow" or "Effect": "Deny"' },
    effect: { text: '{where} has the Effect "{effect}"; it must be exactly "Allow" or "Deny"' },
    'missing-action': { text: '{where} has neither "Action" nor "NotAction"; name the actions it is about' },
    'action-and-not-action': { text: '{where} has both "Action" and "NotAction"; a statement has one of them' },
    'missing-resource': { text: '{where} has neither "Resource" nor "NotResource"; an identity policy statement needs one (an ARN, or "*")' },
    'resource-and-not-resource': { text: '{where} has both "Resource" and "NotResource"; a statement has one of them' },
    'string-list': { text: '"{key}" in {where} must be a string or a list of strings' },
    'action-form': { text: 'the action "{action}" is not of the form service:Action (e.g. "secretsmanager:GetSecretValue")' },
    'unknown-service': { text: 'the action "{action}" names the service prefix "{service}", which IAM does not know{suggestion}' },
    'unknown-action': { text: 'the action "{action}" matches no action of the "{service}" service{suggestion}' },
    'resource-form': { text: 'the resource "{resource}" is neither "*" nor an ARN (arn:partition:service:region:account:resource)' },
    'principal-in-identity-policy': {
      text: '{where} has a "Principal", which only resource policies have; remove it from this identity policy',
      help: 'An identity policy applies to the role, user or group it is attached to, and names no principal.',
    },
    'missing-principal': { text: '{where} of a resource policy has no "Principal"; name who the statement applies to' },
    'condition-operator': { text: 'unknown condition operator "{operator}"{suggestion}' },
    'duplicate-sid': { text: 'the Sid "{sid}" is used by another statement of this policy too; Sids must be unique' },
  },
  checkPolicy({ policy, unit, report }) {
    for (const key of Object.keys(policy)) {
      if (!DOCUMENT_KEYS.includes(key)) unknownKey(key, [key], 'the policy', DOCUMENT_KEYS, report);
    }
    const statements = statementEntries(policy);
    if (statements.length === 0) {
      report({ messageId: 'missing-statement', path: [], target: 'key' });
      return;
    }
    const sids = new Map<string, number>();
    for (const { value, path, index } of statements) {
      if (isUnknownValue(value)) continue;
      const sid = isObject(value) && typeof value.Sid === 'string' && value.Sid !== '' ? value.Sid : undefined;
      const where = sid ? `statement "${clip(sid, 60)}"` : statements.length === 1 && path.length === 1 ? 'the statement' : `statement #${index + 1}`;
      if (!isObject(value)) {
        report({ messageId: 'statement-type', path, data: { where } });
        continue;
      }
      for (const key of Object.keys(value)) {
        if (!STATEMENT_KEYS.includes(key)) unknownKey(key, [...path, key], where, STATEMENT_KEYS, report);
      }
      if (typeof value.Sid === 'string' && value.Sid !== '') {
        if (sids.has(value.Sid)) report({ messageId: 'duplicate-sid', path: [...path, 'Sid'], data: { sid: clip(value.Sid, 60) } });
        else sids.set(value.Sid, index);
      }
      if (value.Effect === undefined) report({ messageId: 'missing-effect', path, target: 'key', data: { where } });
      else if (value.Effect !== 'Allow' && value.Effect !== 'Deny') {
        report({ messageId: 'effect', path: [...path, 'Effect'], data: { where, effect: clip(String(value.Effect), 40) } });
      }
      checkActions(value, path, where, report);
      checkResources(value, path, where, unit.kind, report);
      if (unit.kind === 'identity' && ('Principal' in value || 'NotPrincipal' in value)) {
        report({ messageId: 'principal-in-identity-policy', path: [...path, 'Principal' in value ? 'Principal' : 'NotPrincipal'], target: 'key', data: { where } });
      }
      if (unit.kind === 'resource' && !('Principal' in value) && !('NotPrincipal' in value)) {
        report({ messageId: 'missing-principal', path, target: 'key', data: { where } });
      }
      if (isObject(value.Condition)) {
        for (const operator of Object.keys(value.Condition)) {
          const base = operator.replace(/^(ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
          if (CONDITION_OPERATORS.includes(base)) continue;
          const candidate = closestMatch(base, CONDITION_OPERATORS);
          report({
            messageId: 'condition-operator',
            path: [...path, 'Condition', operator],
            target: 'key',
            data: { operator: clip(operator, 60), suggestion: candidate ? `; did you mean "${candidate}"?` : '' },
          });
        }
      }
    }
  },
});

function unknownKey(key: string, path: Path, where: string, known: readonly string[], report: (report: RuleReport) => void): void {
  const candidate = closestMatch(key, known);
  report({ messageId: 'unknown-key', path, target: 'key', data: { key: clip(key, 60), where, suggestion: candidate ? `; did you mean "${candidate}"?` : '' } });
}

/** A string or a list of strings, with each string's path; undefined (after reporting) otherwise. */
function strings(statement: Record<string, unknown>, key: string, path: Path, where: string, report: (report: RuleReport) => void) {
  const value = statement[key];
  if (typeof value === 'string') return [{ text: value, path: [...path, key] }];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return (value as string[]).map((text, index) => ({ text, path: [...path, key, index] }));
  }
  report({ messageId: 'string-list', path: [...path, key], data: { key, where } });
  return undefined;
}

function checkActions(statement: Record<string, unknown>, path: Path, where: string, report: (report: RuleReport) => void): void {
  const hasAction = 'Action' in statement;
  const hasNotAction = 'NotAction' in statement;
  if (!hasAction && !hasNotAction) report({ messageId: 'missing-action', path, target: 'key', data: { where } });
  if (hasAction && hasNotAction) report({ messageId: 'action-and-not-action', path: [...path, 'NotAction'], target: 'key', data: { where } });
  for (const key of ['Action', 'NotAction']) {
    if (!(key in statement)) continue;
    for (const { text, path: actionPath } of strings(statement, key, path, where, report) ?? []) {
      if (text === '*' || isTemplated(text)) continue;
      if (!ACTION_FORM.test(text)) {
        report({ messageId: 'action-form', path: actionPath, data: { action: clip(text, 80) } });
        continue;
      }
      const service = text.slice(0, text.indexOf(':'));
      const check = checkAction(text);
      if (check === 'unknown-service') {
        const candidate = MISNAMED_SERVICES[service.toLowerCase()] ?? closestMatch(service, servicePrefixes());
        report({
          messageId: 'unknown-service',
          path: actionPath,
          severity: 'warn',
          data: { action: clip(text, 80), service, suggestion: candidate ? `; did you mean "${candidate}${text.slice(service.length)}"?` : '' },
        });
      } else if (check === 'unknown-action') {
        const candidate = /[*?]/.test(text) ? undefined : closestAction(text);
        report({
          messageId: 'unknown-action',
          path: actionPath,
          severity: 'warn',
          data: { action: clip(text, 80), service, suggestion: candidate ? `; did you mean "${candidate}"?` : '' },
        });
      }
    }
  }
}

/**
 * The real action closest to an unknown one, of the same kind of access when the name tells one (a
 * read is never "corrected" to a write); undefined when there is none close enough.
 */
function closestAction(action: string): string | undefined {
  const wanted = impliedAccessKind(action);
  const candidates = actionsOf(action).filter((candidate) => wanted === undefined || accessKind(candidate) === undefined || accessKind(candidate) === wanted);
  return closestMatch(action, candidates);
}

function checkResources(
  statement: Record<string, unknown>,
  path: Path,
  where: string,
  kind: 'identity' | 'resource',
  report: (report: RuleReport) => void,
): void {
  const hasResource = 'Resource' in statement;
  const hasNotResource = 'NotResource' in statement;
  if (hasResource && hasNotResource) {
    report({ messageId: 'resource-and-not-resource', path: [...path, 'NotResource'], target: 'key', data: { where } });
  }
  if (!hasResource && !hasNotResource && kind === 'identity') report({ messageId: 'missing-resource', path, target: 'key', data: { where } });
  for (const key of ['Resource', 'NotResource']) {
    if (!(key in statement)) continue;
    for (const { text, path: resourcePath } of strings(statement, key, path, where, report) ?? []) {
      if (text === '*' || text.startsWith('arn:') || isTemplated(text)) continue;
      report({ messageId: 'resource-form', path: resourcePath, data: { resource: clip(text, 80) } });
    }
  }
}
