// The schema rule's fixes, where a finding has one right answer: a number or boolean written as a
// string where the API wants the number or boolean itself, or the other way round; an unknown
// member one edit (or only case) away from exactly one member of its object; a task-level member
// in a container whose value the task has already.

import type { ErrorObject } from 'ajv';
import { isTemplated } from '../../core/placeholders';
import { editDistance } from '../../model/suggest';
import type { ModelEdit, RuleReport } from '../types';

/**
 * `value` is the value the error is about (the object, for an unknown member); `properties` the
 * members its schema has; `task` the task definition (undefined for a bare container list).
 */
export function schemaFix(error: ErrorObject, finding: RuleReport, value: unknown, properties: readonly string[], task: unknown): ModelEdit | undefined {
  const params = error.params as Record<string, unknown>;
  // A task-level member written in a container too, with the same value the task has: it goes.
  if (finding.messageId === 'misplaced-member' && task !== undefined && isRecord(value) && isRecord(task)) {
    const member = String(params.additionalProperty);
    const here = value[member];
    if ((typeof here === 'string' || typeof here === 'number') && task[member] === here) return { op: 'remove', path: finding.path };
  }
  if (error.keyword === 'type' && typeof value === 'string' && !isTemplated(value)) {
    const expected = String(params.type);
    if ((expected === 'integer' || expected === 'number') && /^-?\d+(\.\d+)?$/.test(value) && (expected === 'number' || !value.includes('.'))) {
      return { op: 'replace', path: finding.path, from: value, value: Number(value) };
    }
    if (expected === 'boolean' && (value === 'true' || value === 'false')) return { op: 'replace', path: finding.path, from: value, value: value === 'true' };
  }
  // A number or boolean where the API wants a string ("cpu": 256): the same, quoted.
  if (error.keyword === 'type' && String(params.type) === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return { op: 'replace', path: finding.path, from: value, value: String(value) };
  }
  if (finding.messageId === 'unknown-member') {
    const member = String(params.additionalProperty);
    const near = properties.filter((property) => property.toLowerCase() === member.toLowerCase() || editDistance(property, member, 2) === 1);
    // Not onto a member the object has already.
    if (near.length === 1 && !(isRecord(value) && Object.hasOwn(value, near[0]!))) return { op: 'rename-key', path: finding.path, from: member, key: near[0]! };
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
