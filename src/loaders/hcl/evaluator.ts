// The evaluator of HCL expressions: it turns them into JSON-like values with positions. What is known
// statically becomes a value (literals, jsonencode, a variable's default, a local of the file, or
// one another file of the module writes: HclModule, located at the reference); a reference to a
// resource, a data source or a variable without default becomes that reference in a string
// (`${aws_iam_role.exec.arn}`), which rules treat as unknown and the IAM evaluator matches only to
// itself; anything else (a for expression, a condition, most functions) is a unique unknown.

import type { Node as TsNode } from 'web-tree-sitter';
import { isObject } from '../../core/values';
import { SYMBOLS } from '../../iam/wildcard';
import { bodyItems, namedChildren, type HclBlock } from './blocks';
import { embedded, templateDocument } from './documents';
import { callFunction } from './functions';
import { define, hasUnknown, isUnknownText, keyed, leafAt, type EvaluationContext, type Evaluated, type JsonDocument, type Located } from './located';
import { atReference, renumbered, type ModuleName, type ModuleValue } from './module';
import type { HclFile } from './parser';
import { evaluateTemplate, renderTemplate } from './templates';

export type ReadFile = (path: string) => string | undefined;

export interface EvaluatorOptions {
  /** The .tf file's directory: file() paths are relative to it. */
  directory?: string;
  readFile?: ReadFile;
  /** A unique unknown string, `${Unresolved.N}`, shared by all evaluations of a file. */
  unknown: () => string;
  /** A local or a variable's default that another file of the module writes. */
  module?: (name: ModuleName) => ModuleValue | undefined;
}

/**
 * Data sources that tell the module's account, region and partition, and the symbols their
 * attributes stand for (as CloudFormation's pseudo parameters do).
 */
const PSEUDO_DATA: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws_caller_identity: { account_id: SYMBOLS.account },
  aws_region: { name: SYMBOLS.region, region: SYMBOLS.region, id: SYMBOLS.region },
  aws_partition: { partition: SYMBOLS.partition, id: SYMBOLS.partition, dns_suffix: SYMBOLS.urlSuffix },
};

export class HclEvaluator {
  /** The file's variables, with their defaults. */
  private readonly variables = new Map<string, TsNode | undefined>();
  private readonly locals = new Map<string, TsNode>();
  private readonly localValues = new Map<string, Evaluated>();
  private readonly evaluating = new Set<string>();
  /** Values taken from the module, with their unknowns made this file's (module unknown → own). */
  private readonly imports = new Map<ModuleName, ModuleValue | undefined>();
  private readonly renumbered = new Map<string, string>();
  private readonly templateFiles = new Map<string, HclBlock>();
  /** Data sources of PSEUDO_DATA read through another provider than the module's default one. */
  private readonly otherProviders = new Set<string>();
  /** What function calls and templates need of this evaluator. */
  private readonly context: EvaluationContext;

  constructor(
    private readonly file: HclFile,
    private readonly options: EvaluatorOptions,
  ) {
    this.context = {
      text: file.text,
      span: (node) => this.span(node),
      evaluate: (node, depth) => this.evaluate(node, depth),
      unknown: options.unknown,
      readFile: (path) => this.readFile(path),
    };
    for (const block of bodyItems(namedChildren(file.root).find((node) => node.type === 'body')).blocks) {
      if (block.type === 'variable' && block.labels[0]) {
        const fallback = bodyItems(block.body).attributes.find((attribute) => attribute.name === 'default');
        if (fallback || !this.variables.has(block.labels[0])) this.variables.set(block.labels[0], fallback?.expression);
      } else if (block.type === 'locals') {
        for (const attribute of bodyItems(block.body).attributes) this.locals.set(attribute.name, attribute.expression);
      } else if (block.type === 'data' && block.labels[0] === 'template_file' && block.labels[1]) {
        this.templateFiles.set(block.labels[1], block);
      } else if (block.type === 'data' && block.labels[0] && block.labels[1] && block.labels[0] in PSEUDO_DATA) {
        // Another provider's account or region (provider = aws.other) is not the module's own.
        if (bodyItems(block.body).attributes.some((attribute) => attribute.name === 'provider')) this.otherProviders.add(`${block.labels[0]}.${block.labels[1]}`);
      }
    }
  }

  span(node: TsNode): [number, number] {
    return this.file.span(node);
  }

  private unknownAt(node: TsNode, opaque: boolean): Evaluated {
    const [start, end] = this.span(node);
    return { value: this.options.unknown(), loc: { start, end, ...(opaque ? { opaque: true } : {}) } };
  }

  /** The value of an expression node (or of any node an expression wraps). */
  evaluate(node: TsNode, depth = 0): Evaluated {
    if (depth > 100) return this.unknownAt(node, true);
    const [start, end] = this.span(node);
    switch (node.type) {
      case 'expression':
        return this.expression(node, depth);
      case 'literal_value':
      case 'template_expr':
      case 'collection_value': {
        const inner = namedChildren(node)[0];
        return inner ? this.evaluate(inner, depth + 1) : this.unknownAt(node, true);
      }
      case 'numeric_lit':
        return { value: Number(node.text), loc: { start, end } };
      case 'bool_lit':
        return { value: node.text === 'true', loc: { start, end } };
      case 'null_lit':
        return { value: null, loc: { start, end } };
      case 'string_lit':
      case 'quoted_template':
        return evaluateTemplate(node, 'quoted', depth, this.context);
      case 'heredoc_template':
        return evaluateTemplate(node, 'heredoc', depth, this.context);
      case 'tuple': {
        const items = namedChildren(node)
          .filter((child) => child.type === 'expression')
          .map((child) => this.evaluate(child, depth + 1));
        return { value: items.map((item) => item.value), loc: { start, end, items: items.map((item) => item.loc) } };
      }
      case 'object':
        return this.object(node, depth);
      case 'function_call':
        return callFunction(node, depth, this.context);
      case 'conditional':
        return this.conditional(node, depth);
      case 'operation': {
        // -1: a negative number literal.
        const unary = namedChildren(node)[0];
        if (unary?.type === 'unary_operation' && unary.text.trim().startsWith('-')) {
          const operand = namedChildren(unary)[0];
          const inner = operand ? this.evaluate(operand, depth + 1) : undefined;
          if (typeof inner?.value === 'number') return { value: -inner.value, loc: { start, end } };
        }
        return this.unknownAt(node, true);
      }
      default:
        // for expressions, splats, anything this evaluator does not compute
        return this.unknownAt(node, true);
    }
  }

  private expression(node: TsNode, depth: number): Evaluated {
    const children = node.children.filter((child): child is TsNode => child !== null && child.type !== 'comment');
    const first = children[0];
    if (!first) return this.unknownAt(node, true);
    if (first.type === 'variable_expr') return this.traversal(node, first, children.slice(1), depth);
    let base: Evaluated;
    let rest: TsNode[];
    if (first.type === '(') {
      const inner = children[1];
      if (!inner) return this.unknownAt(node, true);
      base = this.evaluate(inner, depth + 1);
      rest = children.slice(3);
    } else {
      base = this.evaluate(first, depth + 1);
      rest = children.slice(1);
    }
    if (rest.length === 0) return base;
    return this.applySteps(base, rest, node, depth) ?? this.unknownAt(node, true);
  }

  /** `[0]`, `.name` applied to a known value; undefined when not known. */
  private applySteps(base: Evaluated, steps: TsNode[], whole: TsNode, depth: number): Evaluated | undefined {
    let current = base;
    for (const step of steps) {
      if (step.type === 'get_attr') {
        const name = namedChildren(step)[0]?.text ?? '';
        if (!isObject(current.value) || !(name in current.value)) return undefined;
        current = { value: current.value[name], loc: current.loc.members?.get(name) ?? current.loc };
      } else if (step.type === 'index') {
        const keyNode = namedChildren(namedChildren(step)[0] ?? step).find((child) => child.type === 'expression');
        const key = keyNode ? this.evaluate(keyNode, depth + 1).value : undefined;
        if (Array.isArray(current.value) && typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < current.value.length) {
          current = { value: current.value[key], loc: current.loc.items?.[key] ?? current.loc };
        } else if (isObject(current.value) && typeof key === 'string' && key in current.value) {
          current = { value: current.value[key], loc: current.loc.members?.get(key) ?? current.loc };
        } else {
          return undefined;
        }
      } else {
        return undefined;
      }
    }
    const [start, end] = this.span(whole);
    // The value is written elsewhere (a local): keep its positions; its head is this reference.
    return { ...current, loc: current.loc.leaf ? leafAt(start, end) : current.loc };
  }

  /** `var.x`, `local.x`, `aws_iam_role.exec.arn`, `data.template_file.t.rendered`. */
  private traversal(whole: TsNode, root: TsNode, steps: TsNode[], depth: number): Evaluated {
    const [start, end] = this.span(whole);
    const name = root.text;
    const attribute = steps[0]?.type === 'get_attr' ? (namedChildren(steps[0])[0]?.text ?? '') : undefined;
    const reference = (): Evaluated => ({ value: `\${${whole.text.replace(/\s+/g, '')}}`, loc: { start, end, opaque: true } });
    if (name === 'var' && attribute !== undefined) {
      const fallback = this.variables.has(attribute) ? this.variableDefault(attribute, depth) : this.imported(`var.${attribute}`);
      if (fallback === undefined) return reference();
      // A module's default is what it means unless overridden; positions stay at the reference.
      const known = this.applySteps({ value: fallback.value, loc: leafAt(start, end) }, steps.slice(1), whole, depth);
      return known ? { ...known, loc: leafAt(start, end), variableDefault: true } : reference();
    }
    if (name === 'local' && attribute !== undefined) {
      if (!this.locals.has(attribute)) return this.moduleLocal(attribute, whole, steps, depth) ?? reference();
      const value = this.local(attribute, depth);
      if (!value) return reference();
      if (steps.length === 1) return value;
      return this.applySteps(value, steps.slice(1), whole, depth) ?? reference();
    }
    if (name === 'data' && attribute !== undefined && steps.length === 3 && Object.hasOwn(PSEUDO_DATA, attribute)) {
      // data.aws_region.current.name is the module's region, as ${AWS::Region} is a template's.
      const label = namedChildren(steps[1]!)[0]?.text ?? '';
      const member = steps[2]!.type === 'get_attr' ? namedChildren(steps[2]!)[0]?.text : undefined;
      const members = PSEUDO_DATA[attribute]!;
      const symbol = member !== undefined && Object.hasOwn(members, member) ? members[member] : undefined;
      if (symbol && steps[1]!.type === 'get_attr' && !this.otherProviders.has(`${attribute}.${label}`)) return { value: symbol, loc: { start, end, opaque: true } };
    }
    if (name === 'data' && attribute === 'template_file' && steps.length === 3) {
      const label = namedChildren(steps[1]!)[0]?.text ?? '';
      const member = namedChildren(steps[2]!)[0]?.text;
      const block = this.templateFiles.get(label);
      if (block && member === 'rendered') {
        const result = reference();
        return { ...result, document: () => this.renderTemplateFile(block, depth) };
      }
    }
    return reference();
  }

  /**
   * A local of another file of the module at a reference here: the whole value is located at the
   * reference (findings inside it point there; a fix cannot edit what this file does not hold).
   */
  private moduleLocal(name: string, whole: TsNode, steps: TsNode[], depth: number): Evaluated | undefined {
    const value = this.imported(`local.${name}`);
    if (!value) return undefined;
    const member = steps.length === 1 ? value : this.applySteps({ value: value.value, loc: value.loc }, steps.slice(1), whole, depth);
    if (!member) return undefined;
    const [start, end] = this.span(whole);
    return atReference(member === value ? value : { value: member.value, loc: member.loc }, start, end);
  }

  /** A name another file of the module writes, its unknowns made this file's. */
  private imported(name: ModuleName): ModuleValue | undefined {
    if (!this.options.module) return undefined;
    if (this.imports.has(name)) return this.imports.get(name);
    const value = this.options.module(name);
    const own = value && renumbered(value, this.renumbered, this.options.unknown);
    this.imports.set(name, own);
    return own;
  }

  /** A local or a variable's default this file writes, for its module (HclModule). */
  definition(name: ModuleName): Evaluated | undefined {
    return name.startsWith('local.') ? this.local(name.slice('local.'.length), 0) : this.variableDefault(name.slice('var.'.length), 0);
  }

  /** A variable's default when it is fully known (no references, nothing unknown). */
  private variableDefault(name: string, depth: number): Evaluated | undefined {
    const node = this.variables.get(name);
    if (!node || this.evaluating.has(`var.${name}`)) return undefined;
    this.evaluating.add(`var.${name}`);
    try {
      const value = this.evaluate(node, depth + 1);
      if (value.value === null || value.value === '' || hasUnknown(value.value, value.loc)) return undefined;
      return value;
    } finally {
      this.evaluating.delete(`var.${name}`);
    }
  }

  private local(name: string, depth: number): Evaluated | undefined {
    const cached = this.localValues.get(name);
    if (cached) return cached;
    const node = this.locals.get(name);
    if (!node || this.evaluating.has(`local.${name}`)) return undefined;
    this.evaluating.add(`local.${name}`);
    try {
      const value = this.evaluate(node, depth + 1);
      this.localValues.set(name, value);
      return value;
    } finally {
      this.evaluating.delete(`local.${name}`);
    }
  }

  private object(node: TsNode, depth: number): Evaluated {
    const [start, end] = this.span(node);
    const value: Record<string, unknown> = {};
    const members = new Map<string, Located>();
    for (const element of namedChildren(node).filter((child) => child.type === 'object_elem')) {
      const keyNode = element.childForFieldName('key');
      const valueNode = element.childForFieldName('val');
      if (!keyNode || !valueNode) continue;
      const key = this.objectKey(keyNode, depth);
      if (key === undefined) continue;
      const child = this.evaluate(valueNode, depth + 1);
      define(value, key, child.value);
      members.set(key, keyed(child.loc, this.span(keyNode)));
    }
    return { value, loc: { start, end, members } };
  }

  /** `name = …` (a bare name is the key itself), `"name" = …`, `(expression) = …`. */
  private objectKey(node: TsNode, depth: number): string | undefined {
    const children = namedChildren(node);
    const only = children[0];
    if (children.length === 1 && only?.type === 'variable_expr') return only.text;
    if (node.type === 'expression' && children.length > 1 && only?.type === 'variable_expr' && children.every((child, index) => index === 0 || child.type === 'get_attr')) {
      return node.text.replace(/\s+/g, '');
    }
    const key = this.evaluate(node, depth + 1).value;
    if (typeof key === 'string' && !isUnknownText(key)) return key;
    if (typeof key === 'number' || typeof key === 'boolean') return String(key);
    return undefined;
  }

  private conditional(node: TsNode, depth: number): Evaluated {
    const [start, end] = this.span(node);
    const [, whenTrue, whenFalse] = namedChildren(node).filter((child) => child.type === 'expression');
    if (!whenTrue || !whenFalse) return this.unknownAt(node, true);
    const a = this.evaluate(whenTrue, depth + 1);
    const b = this.evaluate(whenFalse, depth + 1);
    // Conditions are not evaluated: only a choice between equal values is known.
    if (!hasUnknown(a.value, a.loc) && JSON.stringify(a.value) === JSON.stringify(b.value)) return { value: a.value, loc: { start, end } };
    const textual = (value: Evaluated) => (typeof value.value === 'string' && !value.loc.opaque) || value.value === null;
    return { value: this.options.unknown(), loc: { start, end, ...(textual(a) && textual(b) ? {} : { opaque: true }) } };
  }

  /** file("…"), relative to the .tf file's directory; `${path.module}` is that directory. */
  private readFile(path: unknown): { text: string; name: string } | undefined {
    if (typeof path !== 'string' || !this.options.readFile) return undefined;
    const relative = path.replace(/^\$\{path\.(?:module|root|cwd)\}(?=\/|$)/, '.');
    if (relative.includes('${') || relative === '') return undefined;
    const absolute = /^(?:\/|[A-Za-z]:[\\/])/.test(relative) ? relative : `${this.options.directory ?? '.'}/${relative}`;
    const text = this.options.readFile(absolute);
    return text === undefined ? undefined : { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, name: relative };
  }

  /** `data "template_file"`: its template (a file() call) rendered with its vars. */
  private renderTemplateFile(block: HclBlock, depth: number): JsonDocument {
    const { attributes } = bodyItems(block.body);
    const template = attributes.find((attribute) => attribute.name === 'template');
    if (!template) return { kind: 'unknown' };
    const source = this.evaluate(template.expression, depth + 1);
    if (!source.file) return { kind: 'unknown' };
    const variables = attributes.find((attribute) => attribute.name === 'vars');
    const values = variables ? this.evaluate(variables.expression, depth + 1).value : {};
    return embedded(templateDocument(renderTemplate(source.file.text, values, source.loc.start, source.loc.end), this.options.unknown));
  }
}
