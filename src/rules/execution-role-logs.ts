// execution-role-logs: on hosts where the execution role writes the awslogs logs (Fargate,
// external instances, Managed Instances), the role must be allowed logs:CreateLogStream and
// logs:PutLogEvents on the log streams of the container's log group, and logs:CreateLogGroup on
// the group when awslogs-create-group asks ECS to create it.

import type { Path } from '../core/types';
import { isTemplated } from '../core/placeholders';
import { clip, isObject } from '../core/values';
import { evaluate } from '../iam/evaluate';
import { requestContext } from '../iam/conditions';
import { nameParts, UNKNOWN_CHARACTER, type NamePart } from '../iam/wildcard';
import { awslogsOptions, describeHosts, executionRoleHosts } from '../model/launch';
import { describeMatch, executionRolePolicies, type ExecutionRole } from './support/execution-role';
import { logGroupPolicies, type LogGroupTarget, resolveLogGroup } from './support/log-group';
import { reportPermission, rolePermission, type PermissionVerdict } from './support/role-permission';
import { symbolValues, taskPlace } from './support/secret-resource';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'execution-role-logs',
  severity: 'error',
  description: 'Require the execution role to be allowed to write the awslogs logs of the containers to their log group',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html',
  messages: {
    'not-allowed': {
      text: 'the execution role "{role}" may not call {actions} on the log group "{group}"; allow it on {allow}',
      help: 'ECS writes the logs of the awslogs driver with the task execution role on {hosts}, and {verdict} {actions} on {resource}. Add a statement that allows it on {allow}.',
    },
    'not-allowed-partial': {
      text: 'the execution role "{role}" may not call {actions} on the log group "{group}" unless a policy not shown allows it',
      help: 'Only the role\'s policies from {origin} are known, and {verdict} {actions} on {resource}. Add a statement that allows it on {allow}, or give ecs-lint all of the role\'s policies (for example an aws iam get-account-authorization-details output).',
    },
    'create-group-not-allowed': {
      text: 'the execution role "{role}" may not call logs:CreateLogGroup on "{group}": the task fails unless the group exists',
      help: 'With awslogs-create-group the driver creates the log stream first and the group only when it does not exist; {verdict} logs:CreateLogGroup on {resource}. Create the group beforehand (in the same template or configuration), or allow it on {allow}.',
    },
    'group-arn-resource': {
      text: 'the execution role "{role}" may not call {actions} on the log group "{group}": {statement} names the group without ":*"',
      help: 'IAM checks {actions} against the ARN of the log stream ({resource}), which the group\'s ARN without ":*" does not match; the CloudWatch Logs guide asks for the form with ":*" in IAM policies. Name {allow}.',
    },
    'condition-not-met': {
      text: 'the execution role "{role}" may not call {actions} on "{group}": the Condition on {keys} of {statement} does not hold',
      help: 'The statement allows {actions} on {resource} only under that condition, which does not hold when ECS writes the container\'s logs. Change the condition, or allow it without one.',
    },
    denied: {
      text: 'the execution role "{role}" may not call {actions} on the log group "{group}": {statement} denies it',
      help: 'An explicit Deny overrides every Allow, so the container\'s logs cannot be written to {resource} and the task does not start; exempt the log group from the statement.',
    },
    conditional: {
      text: 'the execution role "{role}" may call {actions} on "{group}" only if the Condition on {keys} of {statement} holds',
      help: 'The statement allows {actions} on {resource} under a condition ecs-lint cannot check; make sure it holds when ECS writes the container\'s logs.',
    },
    'conditional-deny': {
      text: 'the execution role "{role}" may be refused {actions} on "{group}": {statement} denies it under a Condition on {keys}',
      help: 'The statement denies {actions} on {resource} under a condition ecs-lint cannot check; if it holds when ECS writes the container\'s logs, the Deny overrides every Allow and the task does not start.',
    },
  },
  check({ task, unit, aws, settings, workspace, report }) {
    const hosts = executionRoleHosts(task);
    if (!hosts) return;
    const role = executionRolePolicies(task, aws, workspace, unit.scope);
    if (!role || !Array.isArray(task.containerDefinitions)) return;
    const place = taskPlace(aws, unit);
    const symbols = symbolValues(aws);
    task.containerDefinitions.forEach((container, index) => {
      if (!isObject(container)) return;
      const options = awslogsOptions(container);
      const groupOption = options?.['awslogs-group'];
      if (!options || typeof groupOption !== 'string' || groupOption === '' || !plainText(groupOption)) return;
      const region = options['awslogs-region'] ?? place.region;
      const { partition, account } = place;
      if (typeof region !== 'string' || !plainText(region) || !partition || !account) return;
      const group = resolveLogGroup(groupOption, workspace, unit.scope);
      const base = `arn:${partition}:logs:${region}:${account}:log-group:`;
      const policies = logGroupPolicies(role, group, `${base}${group.names[0]}`);
      const asked: ExecutionRole = { ...role, policies };
      const optionsPath: Path = ['containerDefinitions', index, 'logConfiguration', 'options'];
      const data = { group: clip(group.display, 120), hosts: describeHosts(hosts) };
      const stream = streamParts(options['awslogs-stream-prefix'], container.name);
      if (stream) {
        const names = group.names.map((name) => [...nameParts(`${base}${name}:log-stream:`), ...stream]);
        const resource = `${base}${group.names[0]}:log-stream:${streamDisplay(options['awslogs-stream-prefix'], container.name)}`;
        const allow = `"${base}${group.names[0]}:*"`;
        const verdicts = ['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({ action, verdict: ask(asked, action, names, symbols, region) }));
        // One finding for the two: the first certain verdict (else a condition's), with the actions it holds for.
        const first = verdicts.find(({ verdict }) => CERTAIN.has(verdict.kind)) ?? verdicts.find(({ verdict }) => verdict.kind === 'conditional');
        if (first) {
          const actions = verdicts.filter(({ verdict }) => verdict.kind === first.verdict.kind).map(({ action }) => action).join(' and ');
          const path = [...optionsPath, 'awslogs-group'];
          const details = { ...data, actions, resource: clip(resource, 200), allow: clip(allow, 200) };
          const byGroupArn = first.verdict.kind === 'not-allowed' && !first.verdict.partial ? groupArnStatement(asked, first.action, group, base, symbols) : undefined;
          if (byGroupArn) report({ messageId: 'group-arn-resource', path, data: { ...details, role: role.role.name, statement: byGroupArn } });
          else reportPermission(first.verdict, { report, settings, path, role, data: details });
        }
      }
      // A group the run creates (a template's AWS::Logs::LogGroup, Terraform's aws_cloudwatch_log_group)
      // exists when the task starts: the driver, which creates the stream first, never asks for it.
      if (createsGroup(options['awslogs-create-group']) && !group.record) {
        // The Service Authorization Reference names the group for CreateLogGroup without ":*"; the
        // CloudWatch Logs guide asks for the form with ":*" in policies for all but the tagging
        // actions. Only a verdict both forms give is certain.
        const forms = (suffix: string) => group.names.map((name) => nameParts(`${base}${name}${suffix}`));
        const plain = ask(asked, 'logs:CreateLogGroup', forms(''), symbols, region);
        const streams = ask(asked, 'logs:CreateLogGroup', forms(':log-stream:'), symbols, region);
        if (plain.kind !== streams.kind) return;
        const resource = `${base}${group.names[0]}`;
        const details = { ...data, actions: 'logs:CreateLogGroup', resource: clip(resource, 200), allow: clip(`"${resource}" and "${resource}:*"`, 240) };
        const path = [...optionsPath, 'awslogs-create-group'];
        // The driver asks for the group only when creating the stream finds none: a group that may
        // already exist makes a missing Allow a warning, not an error.
        if (plain.kind === 'not-allowed' && !plain.partial) report({ messageId: 'create-group-not-allowed', path, severity: 'warn', data: { ...details, role: role.role.name, verdict: plain.verdict } });
        else reportPermission(plain, { report, settings, path, role, data: details });
      }
    });
  },
});

const CERTAIN: ReadonlySet<PermissionVerdict['kind']> = new Set(['denied', 'condition-not-met', 'not-allowed']);

/** The task's 32-character id, which the log stream's name ends in: letters and digits not known here. */
const TASK_ID_LENGTH = 32;

/**
 * The log stream's name after its group: `<prefix>/<container>/<task id>`; a reference that stands
 * for any name when there is no prefix (the stream is then named by the Docker container's id).
 */
function streamParts(prefix: unknown, containerName: unknown): NamePart[] | undefined {
  if (prefix === undefined) return [{ reference: '${awslogs stream}' }];
  if (typeof prefix !== 'string' || !plainText(prefix) || typeof containerName !== 'string' || !plainText(containerName)) return undefined;
  const parts = nameParts(`${prefix}/${containerName}/`);
  for (let i = 0; i < TASK_ID_LENGTH; i++) parts.push(UNKNOWN_CHARACTER);
  return parts;
}

function streamDisplay(prefix: unknown, containerName: unknown): string {
  return prefix === undefined ? '<container id>' : `${String(prefix)}/${String(containerName)}/<task id>`;
}

/** The verdict on one action, the resource known by several names: the first name's, or unknown when they differ. */
function ask(role: ExecutionRole, action: string, names: readonly NamePart[][], symbols: ReturnType<typeof symbolValues>, region: string): PermissionVerdict {
  const [resource, ...alternatives] = names;
  // The request goes to CloudWatch Logs in the group's region.
  const context: Record<string, string> = region.includes('${') ? {} : { 'aws:RequestedRegion': region };
  return rolePermission(role, { action, resource: resource!, alternatives, symbols, context });
}

/** An Allow of the action whose resource is the group's ARN without ":*": it names no log stream. */
function groupArnStatement(role: ExecutionRole, action: string, group: LogGroupTarget, base: string, symbols: ReturnType<typeof symbolValues>): string | undefined {
  const [resource, ...alternatives] = group.names.map((name) => nameParts(`${base}${name}`));
  const decision = evaluate(role.policies, { action, resource: resource!, alternatives, symbols, context: requestContext({}) });
  return decision.outcome === 'allowed' ? describeMatch(decision.by) : undefined;
}

/** awslogs-create-group as the driver reads it (Go's strconv.ParseBool): "true", "1", "t", … */
function createsGroup(value: unknown): boolean {
  return typeof value === 'string' && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

/** Text that is a value or holds only template references (`${…}`), not another tool's placeholders. */
function plainText(value: string): boolean {
  return !isTemplated(value.replace(/\$\{[^{}]*\}/g, ''));
}
