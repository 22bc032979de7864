// Terraform plans and states as `terraform show -json` prints them: the aws_ecs_task_definition
// resources of every module become task definition units (container_definitions is a JSON string:
// positions inside it point at the escaped text in the plan file), and IAM roles and policies, secrets and keys become
// facts and policy units, as in a .tf file. Values the plan does not know yet (after_unknown) stand
// for the references the configuration names (`${aws_iam_role.exec.arn}`), or are unknown.

import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { contentDocument, type LintDocument, type SourceMap } from '../document';
import type { SourceText } from '../../core/source-text';
import type { Path } from '../../core/types';
import { isObject } from '../../core/values';
import { jsonFromPieces, nestingBeyondLimit } from '../hcl/documents';
import { leafAt, LocatedSourceMap, type Evaluated, type JsonDocument, type Located } from '../hcl/located';
import type { Piece } from '../hcl/strings';
import { MAX_JSON_DEPTH } from '../json';
import { emptyContent } from './reader-context';
import { readResources } from './resources';
import type { ResourceView, TfResource } from './views';

/** `terraform show -json`: format_version with planned_values (a plan) or values (a state). */
export function isTerraformPlan(value: unknown): value is Record<string, unknown> {
  return isObject(value) && typeof value.format_version === 'string' && (isObject(value.planned_values) || isObject(value.values));
}

/** Located values of a JSON text's nodes; every node keeps its key's range. */
function locatedOf(node: JsonNode, key?: JsonNode): Located {
  const loc: Located = { start: node.offset, end: node.offset + node.length, ...(key ? { key: [key.offset, key.offset + key.length] as const } : {}) };
  if (node.type === 'object') {
    loc.members = new Map();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode && valueNode) loc.members.set(String(keyNode.value), locatedOf(valueNode, keyNode));
    }
  } else if (node.type === 'array') {
    loc.items = (node.children ?? []).map((child) => locatedOf(child));
  }
  return loc;
}

/** The configuration's expression of an argument: the references it names. */
function referenceOf(expression: unknown): string | undefined {
  if (!isObject(expression) || !Array.isArray(expression.references)) return undefined;
  const [first, second, ...rest] = expression.references.filter((item): item is string => typeof item === 'string');
  // ["aws_iam_role.exec.arn", "aws_iam_role.exec"]: one thing referred to.
  if (!first || rest.length > 0 || (second !== undefined && !first.startsWith(`${second}.`) && !first.startsWith(`${second}[`))) return undefined;
  return `\${${first}}`;
}

class PlanView implements ResourceView {
  constructor(
    private readonly values: Record<string, unknown>,
    readonly loc: Located,
    private readonly unknownFlags: unknown,
    private readonly expressions: unknown,
    private readonly unknown: () => string,
    private readonly source: string,
  ) {}

  private flag(name: string): unknown {
    return isObject(this.unknownFlags) ? this.unknownFlags[name] : undefined;
  }

  attribute(name: string): Evaluated | undefined {
    const at = this.loc.members?.get(name);
    if (this.flag(name) === true) {
      const expression = isObject(this.expressions) ? this.expressions[name] : undefined;
      return { value: referenceOf(expression) ?? this.unknown(), loc: { ...(at ?? this.loc), opaque: true } };
    }
    const value = this.values[name];
    // A state records an argument that was not set as "" (or null).
    if (value === undefined || value === null || value === '') return undefined;
    const loc = at ?? leafAt(this.loc.start, this.loc.end);
    if (typeof value !== 'string') return { value, loc };
    return { value, loc, document: () => jsonString(value, loc, this.source, this.unknown) };
  }

  blocks(type: string): ResourceView[] | { unknown: Located } {
    const at = this.loc.members?.get(type);
    if (this.flag(type) === true) return { unknown: { ...(at ?? this.loc), opaque: true } };
    const list = this.values[type];
    if (!Array.isArray(list)) return [];
    const flags = this.flag(type);
    const expressions = isObject(this.expressions) ? this.expressions[type] : undefined;
    const views: ResourceView[] = [];
    list.forEach((item, index) => {
      if (!isObject(item)) return;
      const itemLoc = at?.items?.[index] ?? leafAt(this.loc.start, this.loc.end);
      views.push(
        new PlanView(
          item,
          { ...itemLoc, ...(at?.key ? { key: at.key } : {}) },
          Array.isArray(flags) ? flags[index] : undefined,
          Array.isArray(expressions) ? expressions[index] : undefined,
          this.unknown,
          this.source,
        ),
      );
    });
    return views;
  }
}

/**
 * A JSON string's content (container_definitions) read as JSON. Positions point inside the string
 * literal of the plan file, at the escaped text of each value; if the literal cannot be mapped, at
 * the whole string.
 */
function jsonString(text: string, at: Located, file: string, unknown: () => string): JsonDocument {
  if (nestingBeyondLimit(text) !== undefined) return { kind: 'invalid', message: `nesting is deeper than ${MAX_JSON_DEPTH} levels`, start: at.start, end: at.end };
  const pieces = literalPieces(file, at.start, at.end);
  if (pieces && pieces.map((piece) => piece.text).join('') === text) return jsonFromPieces(pieces, unknown);
  try {
    return { kind: 'value', value: JSON.parse(text), loc: { ...at, leaf: true } };
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^[^:]*JSON[^:]*: ?/, '') : 'invalid JSON';
    return { kind: 'invalid', message: detail || 'invalid JSON', start: at.start, end: at.end };
  }
}

/**
 * The characters of the JSON string literal at [start, end) of the file, each with the place of the
 * text that wrote it (an escape such as \" or \u00e9 is one character from several places).
 */
function literalPieces(file: string, start: number, end: number): Piece[] | undefined {
  if (file[start] !== '"' || file[end - 1] !== '"' || end - start < 2) return undefined;
  const pieces: Piece[] = [];
  let run = start + 1;
  const flush = (until: number): void => {
    if (until > run) pieces.push({ text: file.slice(run, until), start: run, end: until, each: true });
  };
  for (let i = start + 1; i < end - 1; i++) {
    if (file[i] !== '\\') continue;
    flush(i);
    const next = file[i + 1];
    const simple = next === undefined ? undefined : LITERAL_ESCAPES[next];
    if (simple !== undefined) {
      pieces.push({ text: simple, start: i, end: i + 2 });
      i += 1;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(file.slice(i + 2, i + 6))) {
      pieces.push({ text: String.fromCharCode(parseInt(file.slice(i + 2, i + 6), 16)), start: i, end: i + 6 });
      i += 5;
    } else {
      return undefined;
    }
    run = i + 1;
  }
  flush(end - 1);
  return pieces;
}

const LITERAL_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

interface PlanModule {
  /** `module.network[0]`; empty for the root module. */
  address: string;
  resources: unknown[];
  path: Path;
}

function modulesOf(root: unknown, path: Path): PlanModule[] {
  if (!isObject(root)) return [];
  const modules: PlanModule[] = [{ address: typeof root.address === 'string' ? root.address : '', resources: Array.isArray(root.resources) ? root.resources : [], path }];
  if (Array.isArray(root.child_modules)) {
    root.child_modules.forEach((child, index) => modules.push(...modulesOf(child, [...path, 'child_modules', index])));
  }
  return modules;
}

/** The configuration of a module (module.a[0].module.b → module_calls.a.module.module_calls.b.module). */
function configurationOf(plan: Record<string, unknown>, address: string): Record<string, unknown> | undefined {
  let module = isObject(plan.configuration) && isObject(plan.configuration.root_module) ? plan.configuration.root_module : undefined;
  for (const match of address.matchAll(/module\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?/g)) {
    const call = module && isObject(module.module_calls) ? module.module_calls[match[1]!] : undefined;
    module = isObject(call) && isObject(call.module) ? call.module : undefined;
  }
  return module;
}

export function readTerraformPlan(plan: Record<string, unknown>, source: SourceText, jsonMap: SourceMap, fileName: string): LintDocument {
  const sourceMap = new LocatedSourceMap(source, jsonMap);
  const tree = parseTree(source.text, [], { disallowComments: true, allowTrailingComma: false });
  const rootKey = isObject(plan.planned_values) ? 'planned_values' : 'values';
  const changes = new Map<string, Record<string, unknown>>();
  for (const change of Array.isArray(plan.resource_changes) ? plan.resource_changes : []) {
    if (isObject(change) && typeof change.address === 'string' && isObject(change.change)) changes.set(change.address, change.change);
  }
  let unknownCount = 0;
  const unknown = () => `\${Unresolved.${++unknownCount}}`;
  const register = (loc: Located): Path => sourceMap.register(loc);
  const content = emptyContent();
  const rootModule = (plan[rootKey] as Record<string, unknown>).root_module;
  for (const module of modulesOf(rootModule, [rootKey, 'root_module'])) {
    const configuration = configurationOf(plan, module.address);
    const configured = new Map<string, unknown>();
    for (const resource of configuration && Array.isArray(configuration.resources) ? configuration.resources : []) {
      if (isObject(resource) && typeof resource.address === 'string') configured.set(resource.address, resource.expressions);
    }
    const resources: TfResource[] = [];
    module.resources.forEach((resource, index) => {
      if (!isObject(resource) || typeof resource.type !== 'string' || typeof resource.name !== 'string' || !isObject(resource.values)) return;
      const mode = resource.mode === 'data' ? 'data' : 'resource';
      const address = `${mode === 'data' ? 'data.' : ''}${resource.type}.${resource.name}`;
      const valuesNode = tree ? findNodeAtLocation(tree, [...module.path, 'resources', index, 'values']) : undefined;
      const keyNode = valuesNode?.parent?.children?.[0];
      const loc: Located = valuesNode ? locatedOf(valuesNode, keyNode) : leafAt(0, 0);
      const change = typeof resource.address === 'string' ? changes.get(resource.address) : undefined;
      resources.push({
        mode,
        type: resource.type,
        name: resource.name,
        address,
        counted: resource.index !== undefined,
        view: new PlanView(resource.values, loc, change?.after_unknown, configured.get(address), unknown, source.text),
      });
    });
    readResources(resources, { scope: `${fileName}#${module.address}`, origin: fileName, unknown, register, source, context: {} }, content);
  }
  return contentDocument('terraform-plan', sourceMap, content);
}
