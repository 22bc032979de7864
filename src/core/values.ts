// Safe accessors for untyped user input.

import { isUnknownValue } from './unknown';

/** A plain object; not an array, and not a value a template leaves unknown. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isUnknownValue(value);
}

/** A copy without object members whose value is null: deploy tools treat them as absent. */
export function withoutNulls(value: unknown): unknown {
  // Most inputs hold no null at all: they are returned as they are, without a copy.
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const cleaned = item !== null && typeof item === 'object' ? withoutNulls(item) : item;
      if (cleaned !== item) (copy ??= value.slice())[index] = cleaned;
    }
    return copy ?? value;
  }
  if (!isObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  // for…in rather than Object.keys: no array of keys for each object of every file.
  for (const key in value) {
    // Only own members, as Object.keys gives (a member named "__proto__" may have set a prototype).
    if (!Object.hasOwn(value, key)) continue;
    const child = value[key];
    const cleaned = child !== null && typeof child === 'object' ? withoutNulls(child) : child;
    if (cleaned === child && child !== null) {
      if (copy) setMember(copy, key, child);
      continue;
    }
    if (!copy) {
      copy = {};
      for (const before in value) {
        if (before === key) break;
        if (Object.hasOwn(value, before)) setMember(copy, before, value[before]);
      }
    }
    if (child !== null) setMember(copy, key, cleaned);
  }
  return copy ?? value;
}

/** A plain member, even one called "__proto__" (which an assignment would take as the prototype). */
function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function stringAt(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return undefined;
  const member = value[key];
  return typeof member === 'string' ? member : undefined;
}

/** Shortens a value for a message, so a long input never floods the output. */
export function clip(value: string, max = 80): string {
  if (value.length <= max) return value;
  let end = max - 1;
  // Never cut a character in two (a UTF-16 surrogate pair).
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${value.slice(0, end)}…`;
}
