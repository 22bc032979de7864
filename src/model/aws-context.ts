// The account, region and partition of a task: from the settings (config file and command line),
// then from the file itself (a describe output's ARN, a template's pseudo parameters), then from
// the task's execution role ARN.

import { parseRoleReference } from '../aws/iam-role';
import { partitionById, partitionOfRegion } from '../aws/partitions';
import type { AwsContext } from '../core/types';

export function resolveAwsContext(
  settings: AwsContext,
  fromFile: AwsContext,
  task: Record<string, unknown>,
): AwsContext {
  const fromRole: AwsContext = {};
  if (typeof task.executionRoleArn === 'string') {
    const role = parseRoleReference(task.executionRoleArn);
    if (role.kind === 'arn') {
      if (/^\d{12}$/.test(role.arn.account)) fromRole.account = role.arn.account;
      if (partitionById(role.arn.partition)) fromRole.partition = role.arn.partition;
    }
  }
  const context: AwsContext = {};
  const account = settings.account ?? fromFile.account ?? fromRole.account;
  const region = settings.region ?? fromFile.region;
  const partition = expectedPartition(settings, fromFile) ?? fromRole.partition;
  if (account !== undefined) context.account = account;
  if (region !== undefined) context.region = region;
  if (partition !== undefined) context.partition = partition;
  return context;
}

/**
 * The partition the settings or the file say the task runs in (a region implies its partition),
 * without looking at the task's own ARNs, so that those can be checked against it.
 */
export function expectedPartition(settings: AwsContext, fromFile: AwsContext): string | undefined {
  return (
    settings.partition ??
    (settings.region ? partitionOfRegion(settings.region)?.id : undefined) ??
    fromFile.partition ??
    (fromFile.region ? partitionOfRegion(fromFile.region)?.id : undefined)
  );
}
