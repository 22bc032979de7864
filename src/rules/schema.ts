// schema: the task definition must match the RegisterTaskDefinition input shape of the ECS API
// (types, enums, required members, lengths, unknown members). The validator is compiled at build
// time from schemas/task-definition.schema.json.

import type { ErrorObject } from 'ajv';
import { TASK_DEFINITION_SHAPES, type Shape } from '../generated/task-definition-shapes';
import { validateContainerDefinition, validateTaskDefinition } from '../generated/task-definition-validator';
import type { Path } from '../core/types';
import { isTemplated } from '../core/placeholders';
import { isUnknownValue } from '../core/unknown';
import { isUnfilled } from '../model/values';
import { clip } from '../core/values';
import { closestMatch, editDistance } from '../model/suggest';
import { formatPath } from '../model/paths';
import { defineRule } from './define-rule';
import type { ModelEdit, RuleReport } from './types';

/** Members whose limits dedicated rules check with better messages. */
const OWNED_BY_RULES: Array<{ path: RegExp; keywords: string[] }> = [
  { path: /^\/family$/, keywords: ['pattern', 'maxLength'] },
  { path: /^\/containerDefinitions\/\d+\/name$/, keywords: ['pattern', 'maxLength'] },
];

/** Members that belong to the task, often written inside a container definition by mistake. */
const TASK_LEVEL_MEMBERS = new Set(['executionRoleArn', 'taskRoleArn', 'family', 'networkMode', 'requiresCompatibilities']);

export default defineRule({
  id: 'schema',
  severity: 'error',
  description: 'Require the task definition to match the ECS RegisterTaskDefinition API shape',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html',
  messages: {
    required: { text: '{where} is missing the required member "{member}"' },
    'unknown-member': { text: 'unknown member "{member}" in {where}{suggestion}' },
    'misplaced-member': { text: '"{member}" is not a member of a container definition; move it to the task level' },
    type: { text: '{where} must be {expected}, not {actual}{hint}' },
    enum: { text: '{where} is "{value}", which is not one of {allowed}' },
    'log-driver': {
      text: '{where} is "{value}", which is not a log driver the ECS API documents ({allowed})',
      help: 'On Amazon EC2 it works only if the container agent lists it in ECS_AVAILABLE_LOGGING_DRIVERS, and Fargate rejects it.',
    },
    'too-short': { text: '{where} must have at least {limit} characters' },
    'too-long': { text: '{where} must have at most {limit} characters, not {length}' },
    'too-many': { text: '{where} must have at most {limit} items, not {count}' },
    pattern: { text: '{where} does not match the pattern {pattern}' },
    invalid: { text: '{where} is not valid: {problem}' },
    'whole-task-definition': {
      text: 'container_definitions of {resource} holds a whole task definition; pass its "containerDefinitions" list{advice}',
      help: 'The argument takes only the list of container definitions, and the AWS provider refuses an object there.',
    },
  },
  check({ task, unit, report }) {
    if (unit.partial) {
      const containers = task.containerDefinitions;
      if (!Array.isArray(containers)) return;
      containers.forEach((container, index) => {
        if (!validateContainerDefinition(container)) {
          reportErrors(validateContainerDefinition.errors ?? [], container, ['containerDefinitions', index], report, CONTAINER_ROOT, unit.coercesScalars);
        }
      });
      return;
    }
    if (!validateTaskDefinition(task)) {
      reportErrors(validateTaskDefinition.errors ?? [], task, [], report, undefined, unit.coercesScalars, unit.dropsUnknownContainerMembers);
    }
  },
});

/** Validating a bare container definition: its schema root is the ContainerDefinition definition. */
const CONTAINER_ROOT = 'ContainerDefinition';

function reportErrors(
  errors: ErrorObject[],
  root: unknown,
  base: Path,
  report: (report: RuleReport) => void,
  schemaRoot?: string,
  template = false,
  dropsUnknownContainerMembers = false,
): void {
  const seen = new Set<string>();
  for (const error of errors) {
    const path = [...base, ...pointerToPath(error.instancePath)];
    const pointer = `/${path.join('/')}`;
    const value = valueAt(root, pointerToPath(error.instancePath));
    if (withinUnknown(root, pointerToPath(error.instancePath))) continue;
    if (template && lenientInTemplate(error, pointer, value)) continue;
    if (OWNED_BY_RULES.some((owned) => owned.path.test(pointer) && owned.keywords.includes(error.keyword))) continue;
    // A placeholder is filled in before deploy: its format is unknown, only its type is checked,
    // and a mismatch is a warning (tools that render it may write the value without the quotes).
    if (typeof value === 'string' && isTemplated(value) && error.keyword !== 'type') continue;
    const finding = describe(error, path, value, definitionAt(schemaRoot ?? '#', pointerToPath(error.instancePath)), schemaRoot !== undefined);
    if (finding && error.keyword === 'type' && typeof value === 'string' && isTemplated(value)) finding.severity = 'warn';
    // A CLI skeleton's entry left unfilled ({"key": "", "value": ""}): the ECS deploy action drops
    // it, the API refuses it: a warning.
    if (finding && error.keyword === 'minLength' && value === '' && isUnfilled(valueAt(root, pointerToPath(error.instancePath).slice(0, -1)))) finding.severity = 'warn';
    // A bare containerDefinitions array is usually Terraform's container_definitions, whose decoder
    // ignores members it does not know: dead weight to remove, but not a failed deploy.
    const inContainer = schemaRoot !== undefined || (dropsUnknownContainerMembers && path[0] === 'containerDefinitions');
    if (finding && inContainer && (finding.messageId === 'unknown-member' || finding.messageId === 'misplaced-member')) {
      finding.severity = 'warn';
    }
    if (!finding) continue;
    const fix = fixOf(error, finding, value, schemaRoot, pointerToPath(error.instancePath), root);
    if (fix) finding.fix = fix;
    const key = `${finding.messageId}:${JSON.stringify(finding.path)}:${JSON.stringify(finding.data)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report(finding);
  }
}

/**
 * The fix of a finding with one right answer: a number or boolean written as a string where the API
 * wants the number or boolean itself, or the other way round; an unknown member one edit (or only
 * case) away from exactly one member of its object; a task-level member in a container whose value
 * the task has already.
 */
function fixOf(error: ErrorObject, finding: RuleReport, value: unknown, schemaRoot: string | undefined, valuePath: Path, root: unknown): ModelEdit | undefined {
  const params = error.params as Record<string, unknown>;
  // A task-level member written in a container too, with the same value the task has: it goes.
  if (finding.messageId === 'misplaced-member' && schemaRoot === undefined && value !== null && typeof value === 'object') {
    const member = String(params.additionalProperty);
    const here = (value as Record<string, unknown>)[member];
    const task = root as Record<string, unknown>;
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
    const properties = TASK_DEFINITION_SHAPES[definitionAt(schemaRoot ?? '#', valuePath) ?? '']?.properties ?? [];
    const near = properties.filter((property) => property.toLowerCase() === member.toLowerCase() || editDistance(property, member, 2) === 1);
    // Not onto a member the object has already.
    const object = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    if (near.length === 1 && !Object.hasOwn(object, near[0]!)) return { op: 'rename-key', path: finding.path, from: member, key: near[0]! };
  }
  return undefined;
}

/** The schema definition (a botocore shape name, or "#" for the task) of the node at `path`. */
function definitionAt(root: string, path: Path): string | undefined {
  let definition: string | undefined = root;
  for (const segment of path) {
    const shape: Shape | undefined = definition === undefined ? undefined : TASK_DEFINITION_SHAPES[definition];
    if (!shape) return undefined;
    if (typeof segment === 'number') definition = shape.items;
    else definition = shape.children?.[segment] ?? shape.values;
  }
  return definition;
}

/** One ajv error as a finding (exported for tests of keywords the schema does not use today). */
export function describe(error: ErrorObject, path: Path, value: unknown, definition: string | undefined, bareContainers = false): RuleReport | undefined {
  // A bare containerDefinitions array (Terraform's container_definitions) has no such member: [0].image.
  const where = bareContainers ? formatPath(path.slice(1)) : formatPath(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { messageId: 'required', path, target: 'key', data: { where, member: String(params.missingProperty) } };
    case 'additionalProperties': {
      const member = String(params.additionalProperty);
      const memberPath = [...path, member];
      if (definition === 'ContainerDefinition' && TASK_LEVEL_MEMBERS.has(member)) {
        return { messageId: 'misplaced-member', path: memberPath, target: 'key', data: { member } };
      }
      const candidate = closestMatch(member, (definition && TASK_DEFINITION_SHAPES[definition]?.properties) || []);
      return {
        messageId: 'unknown-member',
        path: memberPath,
        target: 'key',
        data: { member: clip(member, 60), where, suggestion: candidate ? `; did you mean "${candidate}"?` : '' },
      };
    }
    case 'type':
      return {
        messageId: 'type',
        path,
        data: { where, expected: expectedType(String(params.type)), actual: actualType(value), hint: typeHint(String(params.type), value) },
      };
    case 'enum': {
      // An empty string in an optional enum member is how CLI skeletons leave it unset; SDKs drop it.
      if (value === '') return undefined;
      const values = params.allowedValues as unknown[];
      const allowed = values.map((item) => `"${String(item)}"`).join(', ');
      const isLogDriver = path[path.length - 1] === 'logDriver';
      // A value in another case ("TCP" for "tcp"): not what the API documents, but ECS and Terraform's
      // provider have been reported to take such values: write it as the API does; no failure.
      const otherCase = typeof value === 'string' && values.some((item) => typeof item === 'string' && item.toLowerCase() === value.toLowerCase());
      return {
        messageId: isLogDriver ? 'log-driver' : 'enum',
        path,
        data: { where, value: clip(String(value), 60), allowed },
        ...(isLogDriver || otherCase ? { severity: 'warn' as const } : {}),
      };
    }
    case 'minLength':
      return { messageId: 'too-short', path, data: { where, limit: Number(params.limit) } };
    case 'maxLength':
      return {
        messageId: 'too-long',
        path,
        data: { where, limit: Number(params.limit), length: typeof value === 'string' ? value.length : 0 },
      };
    case 'maxItems':
      return {
        messageId: 'too-many',
        path,
        data: { where, limit: Number(params.limit), count: Array.isArray(value) ? value.length : 0 },
      };
    case 'pattern':
      return { messageId: 'pattern', path, data: { where, pattern: clip(String(params.pattern), 60) } };
    case 'anyOf':
      // The branches' own errors (reported too) say what is wrong.
      return undefined;
    default:
      return { messageId: 'invalid', path, data: { where, problem: error.message ?? error.keyword } };
  }
}

/** Whether a value not known statically (a template's Fn::If) is at or above the path. */
function withinUnknown(root: unknown, path: Path): boolean {
  let node = root;
  for (let i = 0; i <= path.length; i++) {
    if (isUnknownValue(node)) return true;
    if (i === path.length || node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[path[i] as string];
  }
  return false;
}

/**
 * What CloudFormation accepts that the API does not: it converts scalars ("512" and 512, "true" and
 * true) to the type a property needs, and names the family itself when the template does not.
 */
function lenientInTemplate(error: ErrorObject, pointer: string, value: unknown): boolean {
  if (error.keyword === 'required' && pointer === '/' && (error.params as { missingProperty?: string }).missingProperty === 'family') return true;
  if (error.keyword !== 'type') return false;
  const expected = String((error.params as { type?: string }).type);
  if (typeof value === 'string' && isTemplated(value)) return true;
  if (expected === 'string') return typeof value === 'number' || typeof value === 'boolean';
  if (expected === 'integer' || expected === 'number') return typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value);
  if (expected === 'boolean') return value === 'true' || value === 'false';
  return false;
}

function pointerToPath(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => {
      const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
    });
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment as string];
  }
  return node;
}

function expectedType(type: string): string {
  switch (type) {
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    default:
      return `a ${type}`;
  }
}

function actualType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return `${value}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function typeHint(expected: string, value: unknown): string {
  if ((expected === 'integer' || expected === 'number') && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return '; remove the quotes around the number';
  }
  if (expected === 'boolean' && (value === 'true' || value === 'false')) return '; remove the quotes';
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return '; put the value in quotes';
  if (expected === 'array' && value !== null && typeof value === 'object') return '; wrap it in [ ]';
  return '';
}
