// Who pulls a task's images and writes its awslogs logs. The ECS guide (task_execution_IAM_role.html)
// names the task execution role for tasks hosted on AWS Fargate, Amazon ECS Managed Instances or an
// external instance; on an EC2 container instance the instance role may do it instead, so there it
// is not known which role needs the permission.

import { isObject } from '../core/values';

const EXECUTION_ROLE_HOSTS = new Set(['FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES']);

/**
 * The hosts a task definition is registered for when every one of them pulls images and writes
 * awslogs logs with the execution role (`FARGATE`, `EXTERNAL`, `MANAGED_INSTANCES`); undefined when
 * one may use the instance role (`EC2`, or no requiresCompatibilities, which means EC2) or the list
 * is not plain strings.
 */
export function executionRoleHosts(task: Record<string, unknown>): readonly string[] | undefined {
  const list = task.requiresCompatibilities;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  if (!list.every((item): item is string => typeof item === 'string' && EXECUTION_ROLE_HOSTS.has(item))) return undefined;
  return list;
}

/** "AWS Fargate", "an external instance", … for messages. */
export function describeHosts(hosts: readonly string[]): string {
  const names: Record<string, string> = { FARGATE: 'AWS Fargate', EXTERNAL: 'external instances', MANAGED_INSTANCES: 'Amazon ECS Managed Instances' };
  return hosts.map((host) => names[host] ?? host).join(' and ');
}

/** The log configuration of a container when its driver is awslogs, with its options as strings. */
export function awslogsOptions(container: Record<string, unknown>): Record<string, unknown> | undefined {
  const log = container.logConfiguration;
  if (!isObject(log) || log.logDriver !== 'awslogs') return undefined;
  return isObject(log.options) ? log.options : {};
}
