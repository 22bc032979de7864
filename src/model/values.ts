// Safe accessors for untyped user input.

import type { Path } from '../engine/types';
import { isUnknownValue } from './unknown';

/** A plain object; not an array, and not a value a template leaves unknown. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isUnknownValue(value);
}

/** A copy without object members whose value is null: deploy tools treat them as absent. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.some((item) => item !== null && typeof item === 'object') ? value.map(withoutNulls) : value;
  }
  if (!isObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = value[key];
    if (child === null) continue;
    // defineProperty: a "__proto__" key must stay a plain member, never become the prototype.
    Object.defineProperty(copy, key, { value: withoutNulls(child), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

export function stringAt(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return undefined;
  const member = value[key];
  return typeof member === 'string' ? member : undefined;
}

export interface ContainerEntry {
  index: number;
  container: Record<string, unknown>;
  path: Path;
  /** The container's name for messages, or `#<index+1>` when it has none. */
  label: string;
}

/** The container definitions of a task that are objects, with their paths. */
export function containerEntries(task: Record<string, unknown>): ContainerEntry[] {
  const list = task.containerDefinitions;
  if (!Array.isArray(list)) return [];
  const entries: ContainerEntry[] = [];
  list.forEach((container, index) => {
    if (!isObject(container)) return;
    const name = typeof container.name === 'string' && container.name !== '' ? container.name : `#${index + 1}`;
    entries.push({ index, container, path: ['containerDefinitions', index], label: name });
  });
  return entries;
}

/** Shortens a value for a message, so a long input never floods the output. */
export function clip(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
