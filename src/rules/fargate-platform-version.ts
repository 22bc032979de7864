// fargate-platform-version: private registry authentication on Fargate needs platform version
// 1.2.0 or later; a service pinned to an older version fails to pull the image.

import { isTemplated } from '../core/placeholders';
import { containerEntries, usesRegistryCredentials } from '../model/values';
import { clip, isObject } from '../core/values';
import type { TaskDefinitionUnit } from '../loaders/document';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'fargate-platform-version',
  severity: 'error',
  description: 'Require Fargate platform version 1.2.0 or later for tasks that use private registry authentication',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  messages: {
    'too-old': {
      text: 'service "{service}" runs on Fargate {version}, but the registry credentials of "{container}" need 1.2.0; use LATEST',
      help: 'Its task definition uses private registry authentication (repositoryCredentials in container "{container}"), which needs Fargate platform version 1.2.0 or later; use LATEST or 1.4.0.',
    },
  },
  checkDocument({ document, workspace, report }) {
    for (const service of document.services ?? []) {
      const { launchType, platformVersion, capacityProviderStrategy, taskDefinition } = service.model;
      const onFargate =
        launchType === 'FARGATE' ||
        (Array.isArray(capacityProviderStrategy) &&
          capacityProviderStrategy.some((item) => isObject(item) && typeof item.capacityProvider === 'string' && /^FARGATE(_SPOT)?$/.test(item.capacityProvider)));
      if (!onFargate || typeof platformVersion !== 'string' || isTemplated(platformVersion)) continue;
      const version = /^(\d+)\.(\d+)\.(\d+)$/.exec(platformVersion);
      if (!version) continue;
      const [major, minor] = [Number(version[1]), Number(version[2])];
      if (major > 1 || (major === 1 && minor >= 2)) continue;
      const usage = typeof taskDefinition === 'string' ? registryAuthUsage(taskDefinition, document.taskDefinitions, workspace) : undefined;
      if (!usage) continue;
      report({
        messageId: 'too-old',
        path: service.filePath(['platformVersion']),
        data: { service: clip(service.label, 80), version: clip(platformVersion, 20), container: usage },
      });
    }
  },
});

/** The family in family, family:revision or a task definition ARN. */
function familyOf(reference: string): string {
  const afterSlash = reference.includes(':task-definition/') ? reference.slice(reference.indexOf(':task-definition/') + ':task-definition/'.length) : reference;
  return afterSlash.replace(/:\d+$/, '');
}

/**
 * The container that uses registry credentials in the task definition a service names: one in
 * the same file (by template reference or family), or one the run knows by family. Windows
 * tasks are left alone: their Fargate platform versions are numbered apart.
 */
function registryAuthUsage(
  reference: string,
  units: readonly TaskDefinitionUnit[],
  workspace: { registryAuthOf(family: string): string | undefined },
): string | undefined {
  const family = familyOf(reference);
  const unit = units.find((candidate) => candidate.aliases?.includes(reference) || candidate.model.family === family);
  if (!unit) return workspace.registryAuthOf(family);
  const platform = unit.model.runtimePlatform;
  if (isObject(platform) && typeof platform.operatingSystemFamily === 'string' && platform.operatingSystemFamily.startsWith('WINDOWS')) return undefined;
  return containerEntries(unit.model).find(({ container }) => usesRegistryCredentials(container))?.label;
}
