// The task definition model's helpers: its containers, skeleton entries, registry credentials.

import type { Path } from '../core/types';
import { isObject } from '../core/values';

export interface ContainerEntry {
  index: number;
  container: Record<string, unknown>;
  path: Path;
  /** The container's name for messages, or `#<index+1>` when it has none. */
  label: string;
}

/** The container definitions of a task that are objects, with their paths; worked out once a task (most rules ask). */
export function containerEntries(task: Record<string, unknown>): readonly ContainerEntry[] {
  const list = task.containerDefinitions;
  if (!Array.isArray(list)) return NO_ENTRIES;
  const known = CONTAINER_ENTRIES.get(list);
  if (known) return known;
  const found: ContainerEntry[] = [];
  for (let index = 0; index < list.length; index++) {
    const container: unknown = list[index];
    if (!isObject(container)) continue;
    const name = typeof container.name === 'string' && container.name !== '' ? container.name : `#${index + 1}`;
    found.push({ index, container, path: ['containerDefinitions', index], label: name });
  }
  CONTAINER_ENTRIES.set(list, found);
  return found;
}

const NO_ENTRIES: readonly ContainerEntry[] = [];
// Keyed by the list itself: a model whose containerDefinitions is replaced gets new entries.
const CONTAINER_ENTRIES = new WeakMap<unknown[], readonly ContainerEntry[]>();

/**
 * An entry a CLI skeleton leaves unfilled: an object whose members are all empty strings
 * ({"name": "", "valueFrom": ""}). The amazon-ecs-deploy-task-definition action drops such values
 * before it registers the task definition.
 */
export function isUnfilled(value: unknown): boolean {
  return isObject(value) && Object.values(value).every((member) => member === '');
}

/** Whether a container pulls with registry credentials: a repositoryCredentials block that is not unfilled. */
export function usesRegistryCredentials(container: Record<string, unknown>): boolean {
  return isObject(container.repositoryCredentials) && !isUnfilled(container.repositoryCredentials);
}

/** Whether a list has an entry that is not unfilled. */
export function hasFilledEntry(list: unknown): boolean {
  return Array.isArray(list) && list.some((item) => !isUnfilled(item));
}
