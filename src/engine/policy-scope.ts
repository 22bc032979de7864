// Which policies the policy rules look at. A template or a Terraform configuration holds the
// policies of every role in it (service roles, instance roles, autoscaling roles); by default only
// those an ECS task depends on are checked: policies that reach a role ECS tasks assume (its trust
// policy names ecs-tasks.amazonaws.com, or a task definition of the file names it), policies that
// name Secrets Manager, KMS, Systems Manager, ECR or CloudWatch Logs resources, secret and key
// policies, and policy documents linted as files of their own. `policyScope: "all"` checks every one.

import { trustsEcsTasks } from '../iam/policy-scope';
import type { RoleRecord } from '../facts/records';
import { type FactView } from '../facts/view';
import type { LintDocument, PolicyUnit } from '../loaders/document';

/** Whether the policy rules look at a policy unit under the default scope. */
export function inPolicyScope(unit: PolicyUnit, document: LintDocument, workspace: FactView): boolean {
  if (unit.ecs) return true;
  const { reach } = unit;
  if (!reach) return false;
  const roles: Array<RoleRecord | undefined> = [];
  for (const role of reach.roles ?? []) roles.push(typeof role === 'string' ? workspace.findRole(role, undefined, reach.scope) : role);
  for (const key of reach.attachedAs ?? []) roles.push(...workspace.rolesAttaching(key));
  return roles.some((role) => role !== undefined && servesTasks(role, document, workspace));
}

/** A role ECS tasks assume: by its trust policy, or because a task definition of the file names it. */
function servesTasks(role: RoleRecord, document: LintDocument, workspace: FactView): boolean {
  const trust = workspace.trustPolicyOf(role);
  if (trust && trustsEcsTasks(trust.document)) return true;
  return document.taskDefinitions.some((task) =>
    [task.model.executionRoleArn, task.model.taskRoleArn].some((reference) => {
      const named = typeof reference === 'string' ? workspace.findRole(reference, undefined, task.scope) : undefined;
      return named !== undefined && sameRole(named, role);
    }),
  );
}

/** The workspace keeps its own copy of a file's role record: the same role by its references, or by name and ARN. */
function sameRole(a: RoleRecord, b: RoleRecord): boolean {
  if (a === b) return true;
  if (a.aliases?.length || b.aliases?.length) return a.aliases?.[0] === b.aliases?.[0] && a.scope === b.scope;
  return a.name === b.name && a.arn === b.arn;
}
