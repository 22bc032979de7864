// The log group an awslogs-group option names, as IAM sees it: its name, or the template references
// that stand for it when the file defines the group (a template's AWS::Logs::LogGroup, Terraform's
// aws_cloudwatch_log_group); and the role's policies with the group's ARN references written out.

import type { LogGroupRecord } from '../../facts/records';
import { type FactView } from '../../facts/view';
import { rewriteResources, type NamedPolicy } from '../../iam/policy';
import type { ExecutionRole } from './execution-role';

export interface LogGroupTarget {
  /** The names of the one group (its name first, then references that stand for it). */
  names: string[];
  /** How messages name it. */
  display: string;
  record?: LogGroupRecord;
}

export function resolveLogGroup(option: string, workspace: FactView, scope: string | undefined): LogGroupTarget {
  const record = workspace.findLogGroup(option, scope);
  // A group the file defines without a name is named by its resource: ${AppLogs} is "AppLogs",
  // ${aws_cloudwatch_log_group.app.name} is "aws_cloudwatch_log_group.app".
  const resource = /^\$\{([^{}]+?)(?:\.(?:name|id))?\}$/.exec(option)?.[1];
  if (!record) return { names: [option], display: option };
  const names = [...new Set([...(record.name !== undefined ? [record.name] : []), option, ...record.aliases])];
  return { names, display: record.name ?? resource ?? option, record };
}

/**
 * The role's policies with each reference to the group's ARN (`${AppLogs.Arn}`,
 * `${aws_cloudwatch_log_group.app.arn}`) written out as `groupArn`, the ARN of the group the
 * container writes to (the group the reference names): with ":*" for a template's (CloudFormation's
 * Arn ends in it), without for Terraform's.
 */
export function logGroupPolicies(role: ExecutionRole, group: LogGroupTarget, groupArn: string): NamedPolicy[] {
  const record = group.record;
  if (!record || record.arnAliases.length === 0) return role.policies;
  const written = (pattern: string): string => {
    let result = pattern;
    for (const { reference, streams } of record.arnAliases) {
      if (result.includes(reference)) result = result.split(reference).join(`${groupArn}${streams ? ':*' : ''}`);
    }
    return result;
  };
  return rewriteResources(role.policies, written);
}
