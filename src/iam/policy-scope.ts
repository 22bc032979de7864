// What puts a policy in the default policy scope (see engine/policy-scope): the resources it names,
// and whether a trust policy lets ECS tasks assume its role.

import { arnFields } from '../aws/arn';
import { isObject } from '../core/values';
import { statementEntries, type PolicyDocument } from './policy';

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
