// Values with positions: where each part of a value is written (`Located`), the source map that
// finds them by path, and what is unknown in a value.

import type { Node as TsNode } from 'web-tree-sitter';
import type { SourceMap } from '../document';
import type { SourceText } from '../../core/source-text';
import type { Path, Range, RangeTarget } from '../../core/types';
import { isObject } from '../../core/values';

/** Where a value is written: its range, the range of its key, and the positions of its parts. */
export interface Located {
  start: number;
  end: number;
  /** The key, attribute name or block type that introduces the value. */
  key?: readonly [number, number];
  members?: Map<string, Located>;
  items?: Located[];
  /** Its content has no positions of its own (a file read by file()): deeper paths point here. */
  leaf?: boolean;
  /** A value whose type is not known (a bare reference, a for expression): it is what the place needs. */
  opaque?: boolean;
}

/** A JSON document held by a string (jsonencode, a heredoc, file(), templatefile()). */
export type JsonDocument =
  | { kind: 'value'; value: unknown; loc: Located }
  | { kind: 'invalid'; message: string; start: number; end: number }
  | { kind: 'unknown' };

export interface Evaluated {
  value: unknown;
  loc: Located;
  /** The string's content read as JSON, with positions where they are known. */
  document?: () => JsonDocument;
  /** The text a file() call read, for templates rendered from it (template_file). */
  file?: { text: string; name: string };
  /** A variable's default (`var.x`), which the module's caller may override. */
  variableDefault?: true;
}

export function leafAt(start: number, end: number, extra: Partial<Located> = {}): Located {
  return { start, end, leaf: true, ...extra };
}

/**
 * A value written in another file, at a reference in this one: each part is located at the
 * reference (a leaf: no deeper position, nothing a fix may edit), keeping what is unknown in it.
 */
export function relocated(loc: Located, start: number, end: number): Located {
  const moved = leafAt(start, end, loc.opaque ? { opaque: true } : {});
  if (loc.members) moved.members = new Map([...loc.members].map(([key, member]) => [key, relocated(member, start, end)]));
  if (loc.items) moved.items = loc.items.map((item) => relocated(item, start, end));
  return moved;
}

/** A value's location with another key range. */
export function keyed(loc: Located, key: readonly [number, number] | undefined): Located {
  return key ? { ...loc, key } : loc;
}

/** Ranges of values that a loader registered under paths of its choosing ("file paths"). */
export class LocatedSourceMap implements SourceMap {
  private readonly roots = new Map<string, Located>();

  constructor(
    private readonly source: SourceText,
    private readonly fallback?: SourceMap,
  ) {}

  private registered = 0;

  /** Registers a value under a new path of its own ("#", n), which it returns. */
  register(loc: Located): Path {
    const prefix: Path = ['#', this.registered++];
    this.roots.set(JSON.stringify(prefix), loc);
    return prefix;
  }

  locate(path: Path, target: RangeTarget): Range {
    for (let length = path.length; length >= 0; length--) {
      const root = this.roots.get(JSON.stringify(path.slice(0, length)));
      if (root) return this.walk(root, path.slice(length), target);
    }
    return this.fallback?.locate(path, target) ?? this.source.range(0, 0);
  }

  /** The node at `path` exactly (no ancestor in its place), with the registered value it is in. */
  node(path: Path): { node: Located; root: Located } | undefined {
    for (let length = path.length; length >= 0; length--) {
      const root = this.roots.get(JSON.stringify(path.slice(0, length)));
      if (!root) continue;
      let node = root;
      for (const segment of path.slice(length)) {
        if (node.leaf || node.opaque) return undefined;
        const next = typeof segment === 'number' ? (node.items?.[segment] ?? node.members?.get(String(segment))) : node.members?.get(segment);
        if (!next) return undefined;
        node = next;
      }
      return { node, root };
    }
    return undefined;
  }

  written(path: Path, target: RangeTarget): boolean {
    const found = this.node(path);
    if (!found || found.node.leaf || found.node.opaque) return false;
    // Inside the block it belongs to: a value from a variable or a local is written elsewhere.
    const { node, root } = found;
    if (node.start < root.start || node.end > root.end) return false;
    return target === 'key' ? node.key !== undefined : !node.members && !node.items;
  }

  private walk(root: Located, rest: Path, target: RangeTarget): Range {
    let node = root;
    for (const segment of rest) {
      if (node.leaf) return this.value(node);
      const next = typeof segment === 'number' ? (node.items?.[segment] ?? node.members?.get(String(segment))) : node.members?.get(segment);
      if (!next) return this.head(node);
      node = next;
    }
    return target === 'key' ? this.head(node) : this.value(node);
  }

  private value(node: Located): Range {
    return this.source.range(node.start, node.end - node.start);
  }

  private head(node: Located): Range {
    if (node.key) return this.source.range(node.key[0], node.key[1] - node.key[0]);
    return this.source.range(node.start, Math.min(1, node.end - node.start));
  }
}

/** Sets a member without ever touching the prototype (a "__proto__" key stays a plain member). */
export function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An unknown string made by the evaluator: `${Unresolved.N}`. */
export function isUnknownText(value: string): boolean {
  return /\$\{Unresolved\.\d+\}/.test(value);
}

/** A whole string that is one template reference: `${aws_iam_role.exec.arn}`. */
export function isReferenceText(value: unknown): value is string {
  return typeof value === 'string' && /^\$\{[^{}]+\}$/.test(value);
}

/** Whether a value holds something not known: an unknown string or a value of unknown type. */
export function hasUnknown(value: unknown, loc?: Located): boolean {
  if (loc?.opaque) return true;
  if (typeof value === 'string') return isUnknownText(value);
  if (Array.isArray(value)) return value.some((item, index) => hasUnknown(item, loc?.items?.[index]));
  if (value !== null && typeof value === 'object') {
    if (!isObject(value)) return true;
    return Object.entries(value).some(([key, member]) => hasUnknown(member, loc?.members?.get(key)));
  }
  return false;
}

/** What evaluating a function call or a template needs of the evaluator that meets it. */
export interface EvaluationContext {
  /** The .tf file's text. */
  readonly text: string;
  span(node: TsNode): [number, number];
  evaluate(node: TsNode, depth: number): Evaluated;
  /** A unique unknown string, `${Unresolved.N}`, shared by all evaluations of a file. */
  readonly unknown: () => string;
  /** file("…"), relative to the .tf file's directory. */
  readFile(path: unknown): { text: string; name: string } | undefined;
}
