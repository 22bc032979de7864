// Recognises task-definition JSON (RegisterTaskDefinition input, describe-task-definition output,
// a list of either, or a bare containerDefinitions array) and turns it into task definition units.

import type { InputKind, ServiceUnit, TaskDefinitionUnit } from './document';
import type { AwsContext, Path } from '../core/types';
import { knownAccount, knownRegion, parseArn } from '../aws/arn';
import { partitionById } from '../aws/partitions';
import { isObject, withoutNulls } from '../core/values';

/** Members of a task definition that only occur at the task level. */
const TASK_LEVEL_KEYS = [
  'containerDefinitions',
  'family',
  'executionRoleArn',
  'taskRoleArn',
  'networkMode',
  'requiresCompatibilities',
  'runtimePlatform',
];

export interface RecognisedTaskDefinitions {
  kind: InputKind;
  units: TaskDefinitionUnit[];
}

/**
 * The task definitions in a parsed JSON value. `forced` (from --input-type) skips the guessing: the
 * value is taken as that kind of input whatever it looks like.
 */
export function recogniseTaskDefinitions(
  value: unknown,
  forced: 'auto' | 'task-definition' | 'container-definitions' = 'auto',
): RecognisedTaskDefinitions | undefined {
  if (forced === 'container-definitions') {
    if (isObject(value)) return containerDefinition(value);
    return Array.isArray(value) ? containerDefinitions(value) : undefined;
  }
  const taskDefinition = forced === 'task-definition' ? () => true : looksLikeTaskDefinition;
  if (isObject(value)) {
    if (isObject(value.taskDefinition) && looksLikeTaskDefinition(value.taskDefinition)) {
      return { kind: 'describe-task-definition', units: [unit(value.taskDefinition, ['taskDefinition'], '')] };
    }
    if (taskDefinition(value)) return { kind: 'task-definition', units: [unit(value, [], '')] };
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every(isObject)) return undefined;
  const items = value as Record<string, unknown>[];
  if (items.every((item) => taskDefinition(item) || isObject(item.taskDefinition))) {
    const units = items.map((item, index) =>
      isObject(item.taskDefinition)
        ? unit(item.taskDefinition, [index, 'taskDefinition'], `[${index}]`)
        : unit(item, [index], `[${index}]`),
    );
    return { kind: 'task-definition-list', units };
  }
  if (items.every(looksLikeContainerDefinition)) return containerDefinitions(items);
  return undefined;
}

function containerDefinitions(items: unknown[]): RecognisedTaskDefinitions {
  return {
    kind: 'container-definitions',
    units: [
      {
        model: { containerDefinitions: withoutNulls(items) },
        // The model wraps the array: drop the wrapper's key to get back to the file.
        filePath: (path) => path.slice(1),
        context: {},
        partial: true,
        label: '',
      },
    ],
  };
}

/**
 * One container definition on its own (what a container-definition module writes out), taken as a
 * list of one when --input-type container-definitions says so.
 */
function containerDefinition(value: Record<string, unknown>): RecognisedTaskDefinitions {
  const recognised = containerDefinitions([value]);
  // The model's containerDefinitions[0] is the file's root.
  return { kind: recognised.kind, units: recognised.units.map((unit) => ({ ...unit, filePath: (path) => path.slice(2) })) };
}

/** Members of a RunTask input or of an overrides file: such a file is not a task definition. */
const RUN_TASK_KEYS = ['containerOverrides', 'overrides', 'launchType', 'count', 'cluster'];

export function looksLikeTaskDefinition(value: Record<string, unknown>): boolean {
  if (RUN_TASK_KEYS.some((key) => key in value)) return false;
  if ('containerDefinitions' in value) return true;
  return 'family' in value && TASK_LEVEL_KEYS.some((key) => key !== 'family' && key in value);
}

function looksLikeContainerDefinition(value: Record<string, unknown>): boolean {
  return typeof value.name === 'string' && 'image' in value && !('Type' in value);
}

function unit(value: Record<string, unknown>, prefix: Path, label: string): TaskDefinitionUnit {
  return {
    model: withoutNulls(value) as Record<string, unknown>,
    filePath: (path) => [...prefix, ...path],
    context: contextFromDescribeOutput(value),
    partial: false,
    label,
  };
}

/** A describe output names the task's own ARN: its account, region and partition are facts. */
function contextFromDescribeOutput(value: Record<string, unknown>): AwsContext {
  const arn = typeof value.taskDefinitionArn === 'string' ? parseArn(value.taskDefinitionArn) : undefined;
  if (!arn || arn.service !== 'ecs') return {};
  // Only real values count: a placeholder (arn:PARTITION:ecs:REGION:…) says nothing.
  const context: AwsContext = {};
  const account = knownAccount(arn);
  const region = knownRegion(arn);
  if (account) context.account = account;
  if (region) context.region = region;
  if (partitionById(arn.partition)) context.partition = arn.partition;
  return context;
}

/**
 * The services of a create-service (or update-service) input or output, or of a describe-services
 * output: serviceName with a task definition, launch type or capacity provider strategy.
 */
export function readServiceDefinitions(value: unknown): ServiceUnit[] | undefined {
  if (!isObject(value)) return undefined;
  if (Array.isArray(value.services) && typeof value.serviceName !== 'string') {
    const services = value.services.flatMap((service: unknown, index) => {
      const unit = serviceUnit(service, ['services', index]);
      return unit ? [unit] : [];
    });
    return services.length > 0 ? services : undefined;
  }
  const unit = isObject(value.service) && typeof value.service.serviceName === 'string' ? serviceUnit(value.service, ['service']) : serviceUnit(value, []);
  return unit ? [unit] : undefined;
}

function serviceUnit(service: unknown, prefix: Path): ServiceUnit | undefined {
  if (!isObject(service) || typeof service.serviceName !== 'string') return undefined;
  if (!('taskDefinition' in service) && !('launchType' in service) && !('capacityProviderStrategy' in service)) return undefined;
  const model: ServiceUnit['model'] = {};
  for (const key of ['launchType', 'platformVersion', 'platformFamily', 'capacityProviderStrategy', 'taskDefinition'] as const) {
    if (service[key] !== undefined && service[key] !== null) model[key] = service[key];
  }
  return { model, filePath: (path) => [...prefix, ...path], label: service.serviceName };
}
