// What a task definition asks of the Fargate Linux platform version it runs on: private registry
// authentication needs 1.2.0, secrets and log secret options 1.3.0, a Secrets Manager JSON key or
// version selector 1.4.0. Windows tasks are told apart: their platform versions are numbered apart.

import { parseSecretReference } from '../aws/secret-reference';
import { clip, isObject } from '../core/values';
import { containerEntries, isUnfilled, usesRegistryCredentials } from './values';

/** A Linux platform version that brought a feature, oldest first. */
export const FARGATE_FEATURE_VERSIONS = ['1.2.0', '1.3.0', '1.4.0'] as const;
export type FargateFeatureVersion = (typeof FARGATE_FEATURE_VERSIONS)[number];

export interface FargateNeed {
  /** The first Linux platform version with the feature. */
  version: FargateFeatureVersion;
  /** What needs it, for messages: `private registry authentication`, `secret "DB_PASSWORD"`, … */
  usage: string;
  /** The container that uses it (its name, or `#<n>`). */
  container: string;
}

/**
 * What a task definition family asks of a Fargate platform version: the need of its containers
 * that asks the newest Linux version, or that it runs on Windows (nothing of the Linux versions).
 */
export type FamilyNeed = { os: 'linux'; need: FargateNeed } | { os: 'windows' };

/** The task's operating system: Linux unless runtimePlatform names another; unknown when it is not a plain name. */
export function taskOperatingSystem(task: Record<string, unknown>): 'linux' | 'windows' | undefined {
  const platform = task.runtimePlatform;
  if (platform === undefined || (isObject(platform) && platform.operatingSystemFamily === undefined)) return 'linux';
  const family = isObject(platform) ? platform.operatingSystemFamily : undefined;
  if (family === 'LINUX') return 'linux';
  if (typeof family === 'string' && family.startsWith('WINDOWS_')) return 'windows';
  return undefined;
}

/** The need of a task that asks the newest Linux platform version (the first such, in container order). */
export function strongestFargateNeed(task: Record<string, unknown>): FargateNeed | undefined {
  let strongest: FargateNeed | undefined;
  const consider = (need: FargateNeed) => {
    if (!strongest || FARGATE_FEATURE_VERSIONS.indexOf(need.version) > FARGATE_FEATURE_VERSIONS.indexOf(strongest.version)) strongest = need;
  };
  for (const { container, label } of containerEntries(task)) {
    if (usesRegistryCredentials(container)) consider({ version: '1.2.0', usage: 'private registry authentication', container: label });
    secretNeeds(container.secrets, 'secret', label, consider);
    if (isObject(container.logConfiguration)) secretNeeds(container.logConfiguration.secretOptions, 'log secret option', label, consider);
    if (strongest?.version === '1.4.0') break;
  }
  return strongest;
}

/** What a family of the run tells services in other files; undefined when it asks nothing known. */
export function familyNeed(task: Record<string, unknown>): FamilyNeed | undefined {
  const os = taskOperatingSystem(task);
  if (os === 'windows') return { os };
  const need = os === 'linux' ? strongestFargateNeed(task) : undefined;
  return need ? { os: 'linux', need } : undefined;
}

function secretNeeds(list: unknown, kind: string, container: string, consider: (need: FargateNeed) => void): void {
  if (!Array.isArray(list)) return;
  list.forEach((item: unknown, index) => {
    // A skeleton's entry left unfilled is dropped before the task definition is registered.
    if (!isObject(item) || typeof item.valueFrom !== 'string' || item.valueFrom.trim() === '' || isUnfilled(item)) return;
    const name = `${kind} "${clip(typeof item.name === 'string' && item.name !== '' ? item.name : `#${index + 1}`, 60)}"`;
    const selector = secretSelector(item.valueFrom);
    if (selector) consider({ version: '1.4.0', usage: `the ${selector} of ${name}`, container });
    else consider({ version: '1.3.0', usage: name, container });
  });
}

/**
 * What a valueFrom selects inside a Secrets Manager secret: `JSON key` or `version selector`, when
 * a field of `:json-key:version-stage:version-id` after the secret's ARN (or a template reference
 * to it, `${DbSecret}:password::`) is set.
 */
export function secretSelector(valueFrom: string): 'JSON key' | 'version selector' | undefined {
  let fields: string[] | undefined;
  const reference = parseSecretReference(valueFrom);
  if (reference.kind === 'secret-arn' && reference.selector !== undefined) fields = reference.selector.split(':');
  else if (reference.kind === 'templated') {
    // A reference followed by exactly the three fields: Secrets Manager's form, nothing else's.
    const match = /^\$\{[^{}]+\}:([^:]*):([^:]*):([^:]*)$/.exec(valueFrom);
    if (match) fields = match.slice(1);
  }
  if (!fields) return undefined;
  if (fields[0]) return 'JSON key';
  return fields.slice(1).some((field) => field !== '') ? 'version selector' : undefined;
}
