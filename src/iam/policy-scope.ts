// Which policies the policy rules look at. A template or a Terraform configuration holds the
// policies of every role in it (service roles, instance roles, autoscaling roles); by default only
// those an ECS task depends on are checked: policies that reach a role ECS tasks assume (its trust
// policy names ecs-tasks.amazonaws.com, or a task definition of the file names it), policies that
// name Secrets Manager, KMS, Systems Manager, ECR or CloudWatch Logs resources, secret and key
// policies, and policy documents linted as files of their own. `policyScope: "all"` checks every one.

import type { LintDocument, PolicyUnit } from '../engine/document';
import { arnFields } from '../aws/arn';
import { isObject } from '../core/values';
import { statementEntries, type PolicyDocument } from './policy';
import type { IamWorkspace, RoleRecord } from './workspace';

/** The services whose resources a task's execution role and task role work with for ECS. */
const ECS_RESOURCE_SERVICES = new Set(['secretsmanager', 'kms', 'ssm', 'ecr', 'logs']);

/** A Terraform reference to a resource or data source of those services. */
const TERRAFORM_ECS_RESOURCE = /\$\{(?:data\.)?aws_(?:secretsmanager_|kms_|ssm_|ecr_|ecrpublic_|cloudwatch_log_group)/;

/**
 * Whether a policy document names a resource of those services: an ARN (arn:…:secretsmanager:…), a
 * Terraform reference to one (aws_kms_key.x.arn), or a reference the file tells is one
 * (`isEcsReference`: a template's `${DbSecret}`).
 */
export function namesEcsResource(document: unknown, isEcsReference?: (value: string) => boolean): boolean {
  for (const { value: statement } of statementEntries(document)) {
    if (!isObject(statement)) continue;
    for (const key of ['Resource', 'NotResource']) {
      const resources = statement[key];
      for (const resource of Array.isArray(resources) ? resources : [resources]) {
        if (typeof resource !== 'string') continue;
        if (resource.startsWith('arn:') && ECS_RESOURCE_SERVICES.has(arnFields(resource)[2] ?? '')) return true;
        if (resource.includes('${') && (TERRAFORM_ECS_RESOURCE.test(resource) || isEcsReference?.(resource) === true)) return true;
      }
    }
  }
  return false;
}

/** Whether a trust policy lets ECS tasks assume the role: an Allow for the ecs-tasks service principal. */
export function trustsEcsTasks(trust: PolicyDocument): boolean {
  return trust.statements.some(
    (statement) =>
      statement.effect === 'Allow' &&
      typeof statement.principal === 'object' &&
      statement.principal.services.some((service) => /^ecs-tasks\.(?:amazonaws\.com(?:\.cn)?|\$\{AWS::URLSuffix\}|\$\{data\.aws_partition\.[\w-]+\.dns_suffix\})$/.test(service)),
  );
}

/** Whether the policy rules look at a policy unit under the default scope. */
export function inPolicyScope(unit: PolicyUnit, document: LintDocument, workspace: IamWorkspace): boolean {
  if (unit.ecs) return true;
  const { reach } = unit;
  if (!reach) return false;
  const roles: Array<RoleRecord | undefined> = [];
  for (const role of reach.roles ?? []) roles.push(typeof role === 'string' ? workspace.findRole(role, undefined, reach.scope) : role);
  for (const key of reach.attachedAs ?? []) roles.push(...workspace.rolesAttaching(key));
  return roles.some((role) => role !== undefined && servesTasks(role, document, workspace));
}

/** A role ECS tasks assume: by its trust policy, or because a task definition of the file names it. */
function servesTasks(role: RoleRecord, document: LintDocument, workspace: IamWorkspace): boolean {
  const trust = typeof role.trust === 'string' ? workspace.managedPolicy(role.trust) : role.trust;
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
