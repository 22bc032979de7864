// One permission of a role (an action on a resource), decided as IAM decides it, and reported the
// same way by every rule that asks one: a Deny, a condition that does not hold, no Allow at all;
// an Allow or Deny under a condition ecs-lint cannot check only when asked to; nothing when an
// attached managed policy is not known (it might allow).

import { requestContext } from '../../iam/conditions';
import { evaluate } from '../../iam/evaluate';
import { nameParts, type NamePart, type SymbolValues } from '../../iam/wildcard';
import type { LintSettings, Path, Severity } from '../../core/types';
import type { RuleReport } from '../types';
import { conditionKeys, describeMatch, noPolicyAllows, type ExecutionRole } from './execution-role';

export interface PermissionRequest {
  action: string;
  /** The resource's ARN (or its parts, with unknown characters). */
  resource: string | readonly NamePart[];
  alternatives?: ReadonlyArray<readonly NamePart[]>;
  /** Request context keys beyond the principal's, which are added here. */
  context?: Record<string, string | readonly string[]>;
  symbols?: SymbolValues;
}

export type PermissionVerdict =
  | { kind: 'allowed' }
  | { kind: 'unknown' }
  | { kind: 'denied'; statement: string }
  | { kind: 'conditional'; deny: boolean; statement: string; keys: string }
  | { kind: 'condition-not-met'; statement: string; keys: string }
  /** No statement allows; `partial` when only some of the role's policies are known. */
  | { kind: 'not-allowed'; verdict: string; partial: boolean; origin: string };

/** Whether the role may make the request, as one verdict. */
export function rolePermission(role: ExecutionRole, request: PermissionRequest): PermissionVerdict {
  const context = requestContext({
    'aws:SecureTransport': 'true',
    'aws:PrincipalType': 'AssumedRole',
    ...(role.principal.account ? { 'aws:PrincipalAccount': role.principal.account } : {}),
    ...(role.principal.arn ? { 'aws:PrincipalArn': role.principal.arn } : {}),
    ...request.context,
  });
  const resource = typeof request.resource === 'string' ? nameParts(request.resource) : request.resource;
  const decision = evaluate(role.policies, {
    action: request.action,
    resource,
    ...(request.alternatives ? { alternatives: request.alternatives } : {}),
    ...(request.symbols ? { symbols: request.symbols } : {}),
    context,
  });
  switch (decision.outcome) {
    case 'allowed':
      return { kind: 'allowed' };
    case 'unknown':
      return { kind: 'unknown' };
    case 'denied':
      return { kind: 'denied', statement: describeMatch(decision.by) };
    case 'conditional':
      return { kind: 'conditional', deny: decision.deny, statement: describeMatch(decision.by), keys: conditionKeys(decision.by) };
    case 'implicit-deny':
      // An attached managed policy that is not known might allow it: unknown, not wrong.
      if (role.unknownManaged.length > 0) return { kind: 'unknown' };
      if (decision.conditionNotMet.length > 0) {
        return { kind: 'condition-not-met', statement: describeMatch(decision.conditionNotMet), keys: conditionKeys(decision.conditionNotMet) };
      }
      return { kind: 'not-allowed', verdict: noPolicyAllows(role), partial: role.role.partial === true, origin: role.role.origin };
  }
}


/**
 * Reports a verdict at `path` with the rule's messages: `denied`, `conditional`, `conditional-deny`,
 * `condition-not-met`, `not-allowed`, `not-allowed-partial`, whose data are `role`, and `statement`,
 * `keys`, `verdict`, `origin` as the verdict gives them, with the rule's own.
 */
export function reportPermission(
  verdict: PermissionVerdict,
  options: {
    report: (report: RuleReport) => void;
    settings: Pick<LintSettings, 'reportUnknownConditions'>;
    path: Path;
    role: ExecutionRole;
    data?: Record<string, string | number>;
    /** The severity of a certain finding (default: the rule's). */
    severity?: Severity;
  },
): void {
  const data = { role: options.role.role.name, ...options.data };
  const certain = options.severity ? { severity: options.severity } : {};
  switch (verdict.kind) {
    case 'denied':
      options.report({ messageId: 'denied', path: options.path, data: { ...data, statement: verdict.statement }, ...certain });
      return;
    case 'conditional':
      // A condition on what cannot be known here (tags, aws:SourceVpc) is unknown, not wrong.
      if (!options.settings.reportUnknownConditions) return;
      options.report({
        messageId: verdict.deny ? 'conditional-deny' : 'conditional',
        path: options.path,
        severity: 'warn',
        data: { ...data, statement: verdict.statement, keys: verdict.keys },
      });
      return;
    case 'condition-not-met':
      options.report({ messageId: 'condition-not-met', path: options.path, data: { ...data, statement: verdict.statement, keys: verdict.keys }, ...certain });
      return;
    case 'not-allowed':
      if (verdict.partial) {
        options.report({ messageId: 'not-allowed-partial', path: options.path, severity: 'warn', data: { ...data, verdict: verdict.verdict, origin: verdict.origin } });
      } else {
        options.report({ messageId: 'not-allowed', path: options.path, data: { ...data, verdict: verdict.verdict }, ...certain });
      }
      return;
    default:
      return;
  }
}
