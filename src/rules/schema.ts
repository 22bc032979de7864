// schema: the task definition must match the RegisterTaskDefinition input shape of the ECS API
// (types, enums, required members, lengths, ranges, unknown members). The validator is compiled at
// build time from schemas/task-definition.schema.json.

import type { ErrorObject } from 'ajv';
import { TASK_DEFINITION_SHAPES, type Shape } from '../generated/task-definition-shapes';
import { validateContainerDefinition, validateTaskDefinition } from '../generated/task-definition-validator';
import type { Path } from '../core/types';
import { isTemplated } from '../core/placeholders';
import { isUnknownValue } from '../core/unknown';
import { isUnfilled } from '../model/values';
import { clip } from '../core/values';
import { closestMatch } from '../model/suggest';
import { formatPath } from '../model/paths';
import { defineRule } from './define-rule';
import type { RuleReport } from './types';
import { NUMERIC, pointerToPath, validate, valueAt } from './support/schema-validation';
import { schemaFix } from './support/schema-fixes';

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
  fixable: true,
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
    'at-most-one': { text: '{where} must have at most one item, not {count}' },
    'too-small': { text: '{where} must be at least {limit}, not {value}' },
    'too-large': { text: '{where} must be at most {limit}, not {value}' },
    pattern: { text: '{where} does not match the pattern {pattern}' },
    invalid: { text: '{where} is not valid: {problem}' },
    'whole-task-definition': {
      text: 'container_definitions of {resource} holds a whole task definition; pass its "containerDefinitions" list{advice}',
      help: 'The argument takes only the list of container definitions, and the AWS provider refuses an object there.',
    },
  },
  check({ task, unit, report }) {
    const template = unit.coercesScalars === true;
    if (unit.partial) {
      const containers = task.containerDefinitions;
      if (!Array.isArray(containers)) return;
      containers.forEach((container, index) => {
        const { root, errors } = validate(validateContainerDefinition, container, template);
        if (errors.length > 0) reportErrors(errors, root, ['containerDefinitions', index], report, CONTAINER_ROOT, template);
      });
      return;
    }
    const { root, errors } = validate(validateTaskDefinition, task, template);
    if (errors.length > 0) reportErrors(errors, root, [], report, undefined, template, unit.dropsUnknownContainerMembers);
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
  const findings: RuleReport[] = [];
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
    const definition = definitionAt(schemaRoot ?? '#', pointerToPath(error.instancePath));
    const finding = describe(error, path, value, definition, schemaRoot !== undefined);
    if (!finding) continue;
    const fix = schemaFix(error, finding, value, TASK_DEFINITION_SHAPES[definition ?? '']?.properties ?? [], schemaRoot === undefined ? root : undefined);
    if (fix) finding.fix = fix;
    if (error.keyword === 'type' && typeof value === 'string' && isTemplated(value)) finding.severity = 'warn';
    // A CLI skeleton's entry left unfilled ({"key": "", "value": ""}, a healthCheck of zeros): the
    // ECS deploy action drops it, the API refuses it: a warning.
    const parent = valueAt(root, pointerToPath(error.instancePath).slice(0, -1));
    if (error.keyword === 'minLength' && value === '' && isUnfilled(parent)) finding.severity = 'warn';
    if (error.keyword === 'minimum' && value === 0 && isSkeletonObject(parent)) finding.severity = 'warn';
    // A bare containerDefinitions array is usually Terraform's container_definitions, whose decoder
    // ignores members it does not know: dead weight to remove, but not a failed deploy.
    const inContainer = schemaRoot !== undefined || (dropsUnknownContainerMembers && path[0] === 'containerDefinitions');
    if (inContainer && (finding.messageId === 'unknown-member' || finding.messageId === 'misplaced-member')) finding.severity = 'warn';
    findings.push(finding);
  }
  // A value of the wrong type where a fixed set of values is expected fails both checks; the type
  // finding names the values, and one mistake gives one finding.
  const typed = new Set(findings.filter((finding) => finding.messageId === 'type').map((finding) => JSON.stringify(finding.path)));
  const seen = new Set<string>();
  for (const finding of findings) {
    if ((finding.messageId === 'enum' || finding.messageId === 'log-driver') && typed.has(JSON.stringify(finding.path))) continue;
    const key = `${finding.messageId}:${JSON.stringify(finding.path)}:${JSON.stringify(finding.data)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report(finding);
  }
}

/**
 * An object as `aws ecs register-task-definition --generate-cli-skeleton` writes it and nobody
 * filled in: every member "", 0, a boolean, or a list of "" and 0 (`"healthCheck": {"command": [""],
 * "interval": 0, …}`).
 */
function isSkeletonObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const blank = (member: unknown) => member === '' || member === 0;
  return Object.values(value).every((member) => blank(member) || typeof member === 'boolean' || (Array.isArray(member) && member.every(blank)));
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
    case 'type': {
      const shape = definition === undefined ? undefined : TASK_DEFINITION_SHAPES[definition];
      // A member with a fixed set of values: quotes alone would not make `false` one of them.
      if (shape?.enum) return { messageId: 'type', path, data: { where, expected: `one of ${quoted(shape.enum)}`, actual: actualType(value), hint: '' } };
      return {
        messageId: 'type',
        path,
        data: { where, expected: expectedType(String(params.type)), actual: actualType(value), hint: typeHint(String(params.type), value, shape?.itemType) },
      };
    }
    case 'enum': {
      // An empty string in an optional enum member is how CLI skeletons leave it unset; SDKs drop it.
      if (value === '') return undefined;
      const values = params.allowedValues as unknown[];
      const allowed = quoted(values);
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
    case 'maxItems': {
      const count = Array.isArray(value) ? value.length : 0;
      if (Number(params.limit) === 1) return { messageId: 'at-most-one', path, data: { where, count } };
      return { messageId: 'too-many', path, data: { where, limit: Number(params.limit), count } };
    }
    case 'minimum':
      return { messageId: 'too-small', path, data: { where, limit: Number(params.limit), value: String(value) } };
    case 'maximum':
      return { messageId: 'too-large', path, data: { where, limit: Number(params.limit), value: String(value) } };
    case 'pattern':
      // An empty string in an optional member is how CLI skeletons leave it unset (as for enum).
      if (value === '') return undefined;
      return { messageId: 'pattern', path, data: { where, pattern: clip(String(params.pattern), 60) } };
    case 'anyOf':
    case 'if':
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
 * What CloudFormation accepts that the API does not: it names the family itself when the template
 * does not, and a placeholder it fills in is of whatever type the member needs. (It converts
 * scalars to the type a member needs too: validate() checks the converted values.)
 */
function lenientInTemplate(error: ErrorObject, pointer: string, value: unknown): boolean {
  if (error.keyword === 'required' && pointer === '/' && (error.params as { missingProperty?: string }).missingProperty === 'family') return true;
  return error.keyword === 'type' && typeof value === 'string' && isTemplated(value);
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

/** `"a", "b"`: allowed values as a message lists them. */
function quoted(values: readonly unknown[]): string {
  return values.map((item) => `"${String(item)}"`).join(', ');
}

/**
 * What to do about a value of the wrong type. A single item written where its list goes (an
 * object for portMappings, a string for credentialSpecs or command) wants brackets; `itemType` is
 * the JSON type of the list's items (without it, only an object is taken for an item).
 */
function typeHint(expected: string, value: unknown, itemType?: string): string {
  if ((expected === 'integer' || expected === 'number') && typeof value === 'string' && NUMERIC.test(value)) {
    return '; remove the quotes around the number';
  }
  if (expected === 'boolean' && (value === 'true' || value === 'false')) return '; remove the quotes';
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return '; put the value in quotes';
  if (expected === 'array' && value !== null && !Array.isArray(value) && (itemType === undefined ? typeof value === 'object' : jsonType(value) === itemType)) {
    // A placeholder may stand for the whole list (`"command": "${command}"` rendered without quotes).
    if (typeof value === 'string' && isTemplated(value)) return '';
    // "npm start" for command is two items, not one.
    if (typeof value === 'string' && /\s/.test(value.trim())) return '; write it as a list of strings';
    return '; wrap it in [ ]';
  }
  return '';
}

/** The JSON type of a value (integers are numbers), as the shape index names item types. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
