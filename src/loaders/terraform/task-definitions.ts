// aws_ecs_task_definition: a task definition unit, known by the references that name it, with the
// findings of its container_definitions, and what it asks of a Fargate platform version.

import { scopedKey } from '../../facts/records';
import { familyNeed } from '../../model/fargate-needs';
import { taskDefinitionModel } from './task-definition-model';
import type { ResourceReader } from './reader-context';
import { references } from './views';

export const readTaskDefinition: ResourceReader = (resource, reading) => {
  const { content, scope, source } = reading;
  content.recognized = true;
  const parts = taskDefinitionModel(resource.view, reading.unknown);
  const prefix = reading.register(parts.loc);
  const aliases = [
    ...references(resource, ['arn', 'arn_without_revision', 'id', 'family']),
    `\${${resource.address}.family}:\${${resource.address}.revision}`,
  ];
  const scopedAliases = aliases.map((alias) => scopedKey(alias, scope));
  content.units.push({
    model: parts.model,
    filePath: (path) => [...prefix, ...path],
    context: reading.context,
    partial: false,
    symbolic: true,
    label: resource.address,
    aliases: [...aliases, ...scopedAliases],
    dropsUnknownContainerMembers: true,
    ...reading.inScope,
  });
  if (parts.invalid) {
    content.findings.push({
      ruleId: 'parse-error',
      messageId: 'syntax',
      range: source.range(parts.invalid.start, parts.invalid.end - parts.invalid.start),
      data: { format: `JSON in container_definitions of ${resource.address}`, problem: parts.invalid.message },
    });
  }
  if (parts.wholeTaskDefinition) {
    const { start, end, arguments: moved, outputs } = parts.wholeTaskDefinition;
    const advice = [
      moved.length > 0 ? `; the task's other members are arguments of the resource: ${moved.join(', ')}` : '',
      outputs.length > 0 ? `; leave out ${outputs.join(', ')}: describe-task-definition's output, not input` : '',
    ].join('');
    content.findings.push({
      ruleId: 'schema',
      messageId: 'whole-task-definition',
      range: source.range(start, end - start),
      data: { resource: resource.address, advice },
    });
  }
  // For services of the module's other files (fargate-platform-version).
  const need = familyNeed(parts.model);
  if (need) {
    if (typeof parts.model.family === 'string' && !parts.model.family.includes('${')) content.familyNeeds.push([parts.model.family, need]);
    for (const alias of scopedAliases) content.familyNeeds.push([alias, need]);
  }
};
