// aws_ecs_service: the service unit, with the members the service rules read.

import type { ServiceUnit } from '../document';
import { scopedKey } from '../../facts/records';
import { block, convertBody, s, type MemberSpec } from './arguments';
import { literal, type ResourceReader } from './reader-context';

const SERVICE_SPEC: Record<string, MemberSpec> = {
  launch_type: s('launchType'),
  platform_version: s('platformVersion'),
  task_definition: s('taskDefinition'),
  capacity_provider_strategy: block('capacityProviderStrategy', { capacity_provider: s('capacityProvider'), weight: s('weight', 'number'), base: s('base', 'number') }, true),
};

export const readService: ResourceReader = (resource, reading) => {
  const { content } = reading;
  content.recognized = true;
  const { value, loc } = convertBody(resource.view, SERVICE_SPEC, reading.unknown);
  const model: ServiceUnit['model'] = {};
  for (const key of ['launchType', 'platformVersion', 'capacityProviderStrategy', 'taskDefinition'] as const) {
    if (value[key] !== undefined) model[key] = value[key];
  }
  // A platform version from a variable's default is unknown: the module's caller may set another.
  if (model.platformVersion !== undefined && resource.view.attribute('platform_version')?.variableDefault) model.platformVersion = reading.unknown();
  // A task definition of another file of the module is known to the run by its qualified reference.
  if (typeof model.taskDefinition === 'string' && model.taskDefinition.includes('${aws_ecs_task_definition.')) {
    const local = content.units.some((unit) => unit.aliases?.includes(model.taskDefinition as string));
    if (!local) model.taskDefinition = scopedKey(model.taskDefinition, reading.scope);
  }
  const prefix = reading.register(loc);
  const serviceName = literal(resource.view.attribute('name')?.value);
  content.services.push({ model, filePath: (path) => [...prefix, ...path], label: serviceName ?? resource.address });
};
