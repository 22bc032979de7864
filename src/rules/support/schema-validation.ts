// Validating a task definition with the compiled schema as ECS receives it: in a template, the
// scalars CloudFormation converts to the type a member needs are converted first.

import type { ErrorObject } from 'ajv';
import type { Validator } from '../../generated/task-definition-validator';
import type { Path } from '../../core/types';

/**
 * The validator's errors for `value`. CloudFormation converts a scalar to the type its member needs
 * ("21" to 21, 512 to "512", "true" to true): in a template the converted value is what ECS gets,
 * so it is validated again and checked against the member's limits ("3" for an interval of 5–300).
 */
export function validate(validator: Validator, value: unknown, template: boolean): { root: unknown; errors: ErrorObject[] } {
  if (validator(value)) return { root: value, errors: [] };
  const errors = [...(validator.errors ?? [])];
  if (!template) return { root: value, errors };
  let root = value;
  for (const error of errors) {
    if (error.keyword !== 'type') continue;
    const path = pointerToPath(error.instancePath);
    const converted = convertedScalar(String((error.params as { type?: string }).type), valueAt(value, path));
    if (converted !== undefined) root = withValueAt(root, path, converted);
  }
  if (root === value) return { root, errors };
  return { root, errors: validator(root) ? [] : [...(validator.errors ?? [])] };
}

/** A scalar as CloudFormation converts it to the JSON type a member needs; undefined where it does not. */
function convertedScalar(expected: string, value: unknown): unknown {
  if ((expected === 'integer' || expected === 'number') && typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  if (expected === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  return undefined;
}

/** A number written as a string, as CloudFormation converts it. */
export const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

/** `root` with the node at `path` replaced, copying only the objects on the way (the model stays as loaded). */
function withValueAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [segment, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as Record<string, unknown>) }) as Record<string | number, unknown>;
  // defineProperty: a member named "__proto__" stays a member.
  Object.defineProperty(copy, segment, { value: withValueAt((root as Record<string | number, unknown>)[segment], rest, value), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** An ajv instance path (a JSON pointer) as path segments, array indexes as numbers. */
export function pointerToPath(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => {
      const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
    });
}

/** The node at `path` in `root`; undefined where there is none. */
export function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment as string];
  }
  return node;
}
