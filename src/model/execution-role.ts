// The execution role of a task as the IAM workspace knows it, and how messages name its policies.

import type { AwsContext } from '../engine/types';
import type { StatementMatch } from '../iam/evaluate';
import { describePolicy, describeStatement } from '../iam/policy';
import type { IamWorkspace, RolePolicies } from '../iam/workspace';

export function executionRolePolicies(task: Record<string, unknown>, aws: AwsContext, workspace: IamWorkspace): RolePolicies | undefined {
  if (workspace.isEmpty || typeof task.executionRoleArn !== 'string') return undefined;
  const role = workspace.findRole(task.executionRoleArn, aws.account);
  return role ? workspace.policiesOf(role) : undefined;
}

/** "policies "exec" (iam/exec.json), "AmazonECSTaskExecutionRolePolicy"", or "no policies". */
export function describePolicies(rolePolicies: RolePolicies): string {
  if (rolePolicies.policies.length === 0) return 'no policies';
  const names = rolePolicies.policies.map((policy) => describePolicy(policy.source).replace(/^policy /, ''));
  return `${rolePolicies.policies.length === 1 ? 'policy' : 'policies'} ${names.join(', ')}`;
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
