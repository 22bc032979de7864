// JSON text → value, with exact positions of parse errors, duplicate keys and (on demand) every node.
// A clean file costs one scan and JSON.parse; the position-keeping parse runs only when a finding
// needs a range.

import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { SourceMap } from './document';
import { SourceText } from '../core/source-text';
import type { Path, Range, RangeTarget } from '../core/types';

/** Deeper nesting than any real task definition or template; also keeps recursion safe. */
export const MAX_JSON_DEPTH = 256;

export interface JsonSyntaxError {
  offset: number;
  length: number;
  message: string;
}

export interface DuplicateKey {
  key: string;
  /** Path of the object that holds the key twice. */
  objectPath: Path;
  range: Range;
  firstRange: Range;
}

export interface ParsedJson {
  source: SourceText;
  value?: unknown;
  error?: JsonSyntaxError;
  sourceMap: JsonSourceMap;
  duplicateKeys(): DuplicateKey[];
}

const BOM = 0xfeff;

// jsonc-parser's ParseErrorCode values (a const enum, so not importable under isolatedModules).
const PARSE_ERROR_MESSAGES: Record<number, string> = {
  1: 'unexpected character',
  2: 'invalid number',
  3: 'a property name in double quotes is expected',
  4: 'a value is expected',
  5: 'a colon is expected after the property name',
  6: 'a comma is expected',
  7: 'a closing "}" is expected',
  8: 'a closing "]" is expected',
  9: 'the end of the file is expected after the top-level value',
  10: 'comments are not allowed in JSON',
  11: 'a comment is not closed',
  12: 'a string is not closed before the end of the line or file',
  13: 'a number is cut short',
  14: 'invalid unicode escape sequence',
  15: 'invalid escape character in a string',
  16: 'invalid character in a string (control characters must be escaped)',
};

export function parseJson(raw: string): ParsedJson {
  // A BOM is not part of the text: strip it so columns on line 1 match what editors show.
  const text = raw.charCodeAt(0) === BOM ? raw.slice(1) : raw;
  const source = new SourceText(text);
  const sourceMap = new JsonSourceMap(source);
  const scan = scanStructure(text);

  if (scan.tooDeepAt !== undefined) {
    return {
      source,
      sourceMap,
      error: {
        offset: scan.tooDeepAt,
        length: 1,
        message: `nesting is deeper than ${MAX_JSON_DEPTH} levels`,
      },
      duplicateKeys: () => [],
    };
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { source, sourceMap, error: locateSyntaxError(text, error), duplicateKeys: () => [] };
  }

  // Every object member has exactly one colon outside strings: fewer members than colons means
  // some key occurs twice and JSON.parse silently kept the last value.
  const hasDuplicates = countMembers(value) !== scan.colons;
  return {
    source,
    sourceMap,
    value,
    duplicateKeys: () => (hasDuplicates ? sourceMap.duplicateKeys() : []),
  };
}

interface StructureScan {
  colons: number;
  tooDeepAt?: number;
}

/** One pass over the text outside strings: counts colons and finds nesting beyond the limit. */
function scanStructure(text: string): StructureScan {
  let colons = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i = endOfString(text, i);
    } else if (c === 58 /* : */) {
      colons++;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > MAX_JSON_DEPTH) return { colons, tooDeepAt: i };
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return { colons };
}

/** Offset of the closing quote of the string opening at `start` (or the end of the text). */
function endOfString(text: string, start: number): number {
  let i = start;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return text.length;
    let backslashes = 0;
    for (let j = i - 1; text.charCodeAt(j) === 92; j--) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
}

function countMembers(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) if (item !== null && typeof item === 'object') stack.push(item);
    } else if (node !== null && typeof node === 'object') {
      for (const key in node) {
        if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
        count++;
        const child = (node as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') stack.push(child);
      }
    }
  }
  return count;
}

function locateSyntaxError(text: string, error: unknown): JsonSyntaxError {
  if (text.trim() === '') return { offset: 0, length: 0, message: 'the file is empty' };
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first) {
    const trailingComma = trailingCommaBefore(text, first.offset);
    if (trailingComma !== undefined && (first.error === 3 || first.error === 4)) {
      return { offset: trailingComma, length: 1, message: `a comma before "${text[first.offset]}" is not allowed in JSON; remove it` };
    }
    const message = PARSE_ERROR_MESSAGES[first.error] ?? 'invalid JSON';
    const atEnd = first.offset >= text.length;
    return {
      offset: first.offset,
      length: Math.max(first.length, atEnd ? 0 : 1),
      message: atEnd ? `unexpected end of file: ${message}` : message,
    };
  }
  // JSON.parse is stricter than the position-keeping parser in a few corners (e.g. lone
  // surrogates): fall back to the position V8 names in its message.
  const detail = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(detail);
  return { offset: match ? Number(match[1]) : 0, length: 1, message: 'invalid JSON' };
}

/** The offset of a comma that directly precedes the closing bracket at `offset`, if any. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  const closing = text[offset];
  if (closing !== '}' && closing !== ']') return undefined;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return text[i] === ',' ? i : undefined;
}

/** Ranges of a JSON text's nodes; the tree is built on the first request. */
export class JsonSourceMap implements SourceMap {
  private root: Node | undefined;
  private built = false;

  constructor(private readonly source: SourceText) {}

  private tree(): Node | undefined {
    if (!this.built) {
      this.built = true;
      this.root = parseTree(this.source.text, [], { disallowComments: true, allowTrailingComma: false });
    }
    return this.root;
  }

  locate(path: Path, target: RangeTarget): Range {
    let node = this.tree();
    if (!node) return this.source.range(0, 0);
    for (let i = 0; i < path.length; i++) {
      const next = childAt(node, path[i]!);
      if (!next) return this.headRange(node);
      node = next;
    }
    if (target === 'key') return this.headRange(node);
    return this.source.range(node.offset, node.length);
  }

  written(path: Path, target: RangeTarget): boolean {
    let node = this.tree();
    for (const segment of path) {
      node = node && childAt(node, segment);
      if (!node) return false;
    }
    if (!node) return false;
    return target === 'key' ? node.parent?.type === 'property' : node.type === 'string' || node.type === 'number' || node.type === 'boolean';
  }

  /** The key of a member, or for an array element or the root its first character. */
  private headRange(node: Node): Range {
    const parent = node.parent;
    if (parent?.type === 'property' && parent.children?.[0]) {
      const key = parent.children[0];
      return this.source.range(key.offset, key.length);
    }
    return this.source.range(node.offset, Math.min(node.length, 1));
  }

  duplicateKeys(): DuplicateKey[] {
    const root = this.tree();
    const found: DuplicateKey[] = [];
    if (!root) return found;
    const walk = (node: Node, path: Path): void => {
      if (node.type === 'object') {
        const seen = new Map<string, Node>();
        for (const property of node.children ?? []) {
          const keyNode = property.children?.[0];
          const valueNode = property.children?.[1];
          if (!keyNode) continue;
          const key = String(keyNode.value);
          const first = seen.get(key);
          if (first) {
            found.push({
              key,
              objectPath: path,
              range: this.source.range(keyNode.offset, keyNode.length),
              firstRange: this.source.range(first.offset, first.length),
            });
          } else {
            seen.set(key, keyNode);
          }
          if (valueNode) walk(valueNode, [...path, key]);
        }
      } else if (node.type === 'array') {
        (node.children ?? []).forEach((child, index) => walk(child, [...path, index]));
      }
    };
    walk(root, []);
    return found;
  }
}

function childAt(node: Node, segment: string | number): Node | undefined {
  if (node.type === 'array' && typeof segment === 'number') return node.children?.[segment];
  if (node.type !== 'object') return undefined;
  // The last of duplicate keys wins, as in JSON.parse.
  let match: Node | undefined;
  for (const property of node.children ?? []) {
    if (property.children?.[0]?.value === String(segment)) match = property.children[1];
  }
  return match;
}
