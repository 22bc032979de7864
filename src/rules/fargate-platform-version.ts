// fargate-platform-version: a Fargate service pinned to a Linux platform version older than what
// its task uses needs (private registry authentication 1.2.0, secrets and log secret options 1.3.0,
// a Secrets Manager JSON key or version selector 1.4.0), or to one AWS has deprecated or retired.
// Windows tasks are left alone: their platform versions are numbered apart.

import { clip, isObject } from '../core/values';
import type { TaskDefinitionUnit } from '../loaders/document';
import type { FactView } from '../facts/view';
import { strongestFargateNeed, taskOperatingSystem, type FargateNeed } from '../model/fargate-needs';
import { defineRule } from './define-rule';

/** The Fargate Linux platform versions, oldest first (AWS's platform version pages, 2026-12-02). */
const LINUX_VERSIONS = ['1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.4.0'];

/** The Linux versions AWS no longer offers to new tasks and services, as its deprecation page has them. */
const NO_LONGER_OFFERED: Readonly<Record<string, string>> = {
  '1.0.0': 'deprecated on December 14, 2020',
  '1.1.0': 'deprecated on December 14, 2020',
  '1.2.0': 'deprecated on December 14, 2020',
  '1.3.0': 'retired in 2026',
};

export default defineRule({
  id: 'fargate-platform-version',
  severity: 'error',
  description: 'Require a Fargate platform version that has what the task uses, and that AWS still offers',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-linux-fargate.html',
  messages: {
    'too-old': {
      text: 'service "{service}" runs on Fargate {version} ({status}); {usage} in container "{container}" needs {required} or later',
      help: 'Fargate Linux platform version {required} is the first with {usage}, which container "{container}" uses: on {version} the task does not start. AWS no longer offers {version} to new tasks either. Use LATEST (1.4.0 today) or 1.4.0.',
    },
    retired: {
      text: 'service "{service}" runs on Fargate {version} ({status}), which no new task can use; use LATEST or 1.4.0',
      help: 'AWS no longer offers Fargate Linux platform version {version} to new tasks and services and gives it no security updates: the service cannot start a task on it. Use LATEST (1.4.0 today) or pin 1.4.0.',
    },
  },
  checkDocument({ document, workspace, report }) {
    for (const service of document.services ?? []) {
      const { launchType, platformVersion, platformFamily, capacityProviderStrategy, taskDefinition } = service.model;
      const onFargate =
        launchType === 'FARGATE' ||
        (Array.isArray(capacityProviderStrategy) &&
          capacityProviderStrategy.some((item) => isObject(item) && typeof item.capacityProvider === 'string' && /^FARGATE(_SPOT)?$/.test(item.capacityProvider)));
      // LATEST, a template reference, a version AWS never had: nothing known to compare.
      if (!onFargate || typeof platformVersion !== 'string' || !LINUX_VERSIONS.includes(platformVersion)) continue;
      const task = typeof taskDefinition === 'string' ? serviceTask(taskDefinition, document.taskDefinitions, workspace) : undefined;
      // A describe-services output names the service's operating system ("Linux", "WINDOWS_SERVER_…").
      const family = typeof platformFamily === 'string' ? platformFamily : '';
      const os = /^linux$/i.test(family) ? 'linux' : /^windows_/i.test(family) ? 'windows' : task?.os;
      if (os === 'windows' || (task && os === undefined)) continue;
      const status = NO_LONGER_OFFERED[platformVersion];
      if (!status) continue;
      const data = { service: clip(service.label, 80), version: platformVersion, status };
      const path = service.filePath(['platformVersion']);
      const need = task?.need;
      if (need && LINUX_VERSIONS.indexOf(platformVersion) < LINUX_VERSIONS.indexOf(need.version)) {
        report({ messageId: 'too-old', path, data: { ...data, usage: need.usage, container: clip(need.container, 80), required: need.version } });
      } else if (os === 'linux' || platformVersion !== '1.0.0') {
        // Windows has a 1.0.0 of its own: an unknown task on 1.0.0 may be one.
        report({ messageId: 'retired', path, severity: 'warn', data });
      }
    }
  },
});

/** What the rule knows of a service's task definition: its operating system (undefined: unknown) and strongest need. */
interface ServiceTask {
  os: 'linux' | 'windows' | undefined;
  need?: FargateNeed;
}

/** The family in family, family:revision or a task definition ARN. */
function familyOf(reference: string): string {
  const afterSlash = reference.includes(':task-definition/') ? reference.slice(reference.indexOf(':task-definition/') + ':task-definition/'.length) : reference;
  return afterSlash.replace(/:\d+$/, '');
}

/**
 * The task definition a service names: one in the same file (by template reference or family), or
 * what the run knows of the family (only families that ask something, and Windows ones). Undefined
 * when unknown.
 */
function serviceTask(reference: string, units: readonly TaskDefinitionUnit[], workspace: FactView): ServiceTask | undefined {
  const family = familyOf(reference);
  const unit = units.find((candidate) => candidate.aliases?.includes(reference) || candidate.model.family === family);
  if (unit) {
    const os = taskOperatingSystem(unit.model);
    const need = os === 'linux' ? strongestFargateNeed(unit.model) : undefined;
    return need ? { os, need } : { os };
  }
  const known = workspace.familyNeedOf(family);
  if (!known) return undefined;
  return known.os === 'windows' ? { os: 'windows' } : { os: 'linux', need: known.need };
}
