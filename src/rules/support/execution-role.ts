// The execution role of a task as the IAM workspace knows it, and how messages name its policies.

import { sameRoleArn } from '../../aws/iam-role';
import type { AwsContext } from '../../core/types';
import type { StatementMatch } from '../../iam/evaluate';
import { describePolicy, describeStatement } from '../../iam/policy';
import type { RolePolicies, RoleRecord } from '../../facts/records';
import { type FactView } from '../../facts/view';

/** The execution role's policies, and who it is in a request and in a policy's Principal. */
export interface ExecutionRole extends RolePolicies {
  principal: {
    /** Its ARN, when certain. */
    arn?: string;
    /** Its account, as its ARN gives it. */
    account?: string;
    /** Every ARN and template reference a Principal may name it by. */
    names: string[];
  };
}

export function executionRolePolicies(task: Record<string, unknown>, aws: AwsContext, workspace: FactView, scope?: string): ExecutionRole | undefined {
  const reference = task.executionRoleArn;
  if (typeof reference !== 'string') return undefined;
  const role = workspace.findRole(reference, aws.account, scope);
  return role ? { ...workspace.policiesOf(role), principal: principalOf(role, reference) } : undefined;
}

/**
 * A role the run knows by another ARN than the task writes (the same name in the same account, with
 * another path) has one of the two paths wrong, and which one is not known: its ARN is then unknown,
 * and a Principal may name it by either.
 */
function principalOf(role: RoleRecord, reference: string): ExecutionRole['principal'] {
  const arns = !role.arn ? [] : role.arn !== reference && sameRoleArn(role.arn, reference) ? [role.arn, reference] : [role.arn];
  const account = role.arn?.split(':')[4];
  return {
    ...(arns.length === 1 ? { arn: arns[0]! } : {}),
    ...(account ? { account } : {}),
    names: [...arns, ...(role.aliases ?? [])],
  };
}

/**
 * The start of "… allows <action>" for a role whose policies do not allow it: "its policy "exec"
 * (iam/exec.json) does not allow", "none of its policies "a", "b" allows", "it has no policy that allows".
 */
export function noPolicyAllows(rolePolicies: RolePolicies): string {
  const names = rolePolicies.policies.map((policy) => describePolicy(policy.source).replace(/^policy /, ''));
  if (names.length === 0) return 'it has no policy that allows';
  if (names.length === 1) return `its policy ${names[0]} does not allow`;
  return `none of its policies ${names.join(', ')} allows`;
}

/** "statement "ReadSecrets" of policy "exec" (iam/exec.json)" for the first match. */
export function describeMatch(matches: readonly StatementMatch[]): string {
  const first = matches[0];
  if (!first) return 'a statement';
  return `${describeStatement(first.statement)} of ${describePolicy(first.policy.source)}`;
}

/** The condition keys of the first match's statement, for "applies only when … hold". */
export function conditionKeys(matches: readonly StatementMatch[]): string {
  const condition = matches[0]?.statement.condition;
  if (!condition) return 'its condition';
  const keys = [...new Set(Object.values(condition).flatMap((block) => Object.keys(block)))];
  return keys.length > 0 ? keys.join(', ') : 'its condition';
}
