// HCL (Terraform's .tf files): parsed with tree-sitter's Terraform grammar (web-tree-sitter, WASM),
// and an evaluator that turns expressions into JSON-like values with positions. What is known
// statically becomes a value (literals, jsonencode, a variable's default, a local of the file);
// a reference to a resource, a data source or a variable without default becomes that reference in
// a string (`${aws_iam_role.exec.arn}`), which rules treat as unknown and the IAM evaluator matches
// only to itself; anything else (a for expression, a condition, most functions) is a unique unknown.
//
// The parser is WASM, loaded once and asynchronously: `prepareHcl()` must have been awaited before
// `parseHcl()`. A run without .tf files never loads it.

import { readFileSync } from 'node:fs';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Point as TsPoint, Range as TsRange, Node as TsNode, Parser as TsParser, Tree as TsTree } from 'web-tree-sitter';
import type { SourceMap } from './document';
import { assetPath } from '../core/assets';
import { SourceText } from '../core/source-text';
import type { Path, Range, RangeTarget } from '../core/types';
import { isObject } from '../core/values';
import { SYMBOLS } from '../iam/wildcard';
import { MAX_JSON_DEPTH } from './json';

// ---------------------------------------------------------------------------------------------
// The parser

let parser: TsParser | undefined;
let preparing: Promise<void> | undefined;
/** Whether the parser reports offsets in UTF-8 bytes (older web-tree-sitter) rather than UTF-16 units. */
let byteOffsets = false;

/** Loads the WASM runtime and the Terraform grammar; later calls return the same promise. */
export function prepareHcl(): Promise<void> {
  preparing ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    const runtime = assetPath('tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime } as never);
    // The grammar as bytes: given a path, web-tree-sitter would import() node:fs/promises itself.
    const language = await Language.load(readFileSync(assetPath('tree-sitter-terraform.wasm')));
    const instance = new Parser();
    instance.setLanguage(language);
    // Offsets are UTF-16 code units in current versions; a probe tells, so positions stay exact.
    const probe = instance.parse('a = "é"\n');
    byteOffsets = probe?.rootNode.endIndex === 9;
    probe?.delete();
    parser = instance;
  })().catch((error: unknown) => {
    preparing = undefined;
    throw error;
  });
  return preparing;
}

export function isHclReady(): boolean {
  return parser !== undefined;
}

export interface HclSyntaxError {
  start: number;
  end: number;
  message: string;
}

/** A parsed .tf file. Its tree lives in WASM memory: call `dispose()` when done. */
export interface HclFile {
  readonly text: string;
  readonly source: SourceText;
  readonly root: TsNode;
  readonly error?: HclSyntaxError;
  /** [start, end) of a node in UTF-16 offsets of `text`. */
  span(node: TsNode): [number, number];
  dispose(): void;
}

/**
 * The grammar's scanner makes a token of every character of a string: a 1 MiB string took 2 s
 * and hundreds of MB of WASM memory to parse. The middle of a long run of plain characters (no
 * quote, backslash, "$", "%" or line break) changes nothing in the tree when it is inside a
 * string, so the parser leaves it out (included ranges); offsets and node text stay those of the
 * whole text. The tree is kept when every part left out is strictly inside a string's literal
 * text and nothing is in error; otherwise the whole text is parsed.
 */
const LONG_RUN = 4096;
/** Characters kept at each end of a long run: the scanner's look-ahead (escapes, heredoc ends) sees them as they are. */
const RUN_KEPT = 256;
/** What ends a run: a quote, a backslash, "$", "%", a line break, NUL. */
const RUN_END = /["\\$%\n\r\0]/g;
/** Where a skipped part neither starts nor ends: beside white space (the scanner skips it between tokens) or inside a surrogate pair. */
const NO_START = /[\s\u0085\ud800-\udbff]/;
const NO_END = /[\s\u0085\udc00-\udfff]/;

/** Ranges of `text` the parser may skip: the middles of long runs of plain characters. */
function skippableRuns(text: string): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  RUN_END.lastIndex = 0;
  for (let runStart = 0; runStart <= text.length; ) {
    const runEnd = RUN_END.exec(text)?.index ?? text.length;
    if (runEnd - runStart >= LONG_RUN) {
      let start = runStart + RUN_KEPT;
      let end = runEnd - RUN_KEPT;
      while (start < end && NO_START.test(text[start - 1]!)) start++;
      while (end > start && NO_END.test(text[end]!)) end--;
      if (end - start >= RUN_KEPT) runs.push([start, end]);
    }
    runStart = runEnd + 1;
  }
  return runs;
}

/**
 * Parses a .tf file's text; `{ tooLarge }` (the characters the parser would read) instead when
 * that is more than `limit`.
 */
export function parseHcl(text: string, limit = Infinity): HclFile | { tooLarge: number } {
  if (!parser) throw new Error('the HCL parser is not ready: await prepareHcl() before linting .tf files');
  const skipped = byteOffsets ? [] : skippableRuns(text);
  const read = text.length - skipped.reduce((sum, [start, end]) => sum + end - start, 0);
  if (read > limit) return { tooLarge: read };
  let tree = skipped.length > 0 ? parseSkipping(parser, text, skipped) : undefined;
  if (!tree) {
    if (text.length > limit) return { tooLarge: text.length };
    tree = parser.parse(text) ?? undefined;
  }
  if (!tree) throw new Error('the HCL parser returned no tree');
  const toUtf16 = byteOffsets ? byteToUtf16(text) : (offset: number) => offset;
  const span = (node: TsNode): [number, number] => [toUtf16(node.startIndex), toUtf16(node.endIndex)];
  const root = tree.rootNode;
  const parsed = tree;
  const file: HclFile = {
    text,
    source: new SourceText(text),
    root,
    span,
    dispose: () => parsed.delete(),
  };
  if (root.hasError) {
    const error = firstSyntaxError(root, span);
    if (error) return { ...file, error };
  }
  return file;
}

/** The tree of `text` parsed without the skipped ranges, when it is the tree of the whole text. */
function parseSkipping(parser: TsParser, text: string, skipped: ReadonlyArray<[number, number]>): TsTree | undefined {
  const tree = parser.parse(text, null, { includedRanges: includedRanges(text, skipped) });
  if (!tree) return undefined;
  const inLiteral = ([start, end]: [number, number]) => {
    const node = tree.rootNode.namedDescendantForIndex(start, end);
    return node?.type === 'template_literal' && node.startIndex < start && node.endIndex > end;
  };
  if (!tree.rootNode.hasError && skipped.every(inLiteral)) return tree;
  tree.delete();
  return undefined;
}

/** The whole text but the skipped ranges, as tree-sitter's included ranges (rows and columns from line feeds). */
function includedRanges(text: string, skipped: ReadonlyArray<[number, number]>): TsRange[] {
  let row = 0;
  let lineStart = 0;
  let counted = 0;
  const point = (index: number): TsPoint => {
    for (let newline = text.indexOf('\n', counted); newline >= 0 && newline < index; newline = text.indexOf('\n', newline + 1)) {
      row++;
      lineStart = newline + 1;
    }
    counted = Math.max(counted, index);
    return { row, column: index - lineStart };
  };
  const ranges: TsRange[] = [];
  let from = 0;
  for (const [start, end] of [...skipped, [text.length, text.length] as const]) {
    ranges.push({ startIndex: from, endIndex: start, startPosition: point(from), endPosition: point(start) });
    from = end;
  }
  return ranges;
}

function byteToUtf16(text: string): (offset: number) => number {
  if (!/[^\x00-\x7f]/.test(text)) return (offset) => offset;
  const table: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) table.push(i);
    if (code >= 0x10000) i++;
  }
  return (offset) => (offset >= table.length ? text.length : table[offset]!);
}

/** The first ERROR or MISSING node that holds no other, with a message naming what is wrong. */
function firstSyntaxError(root: TsNode, span: (node: TsNode) => [number, number]): HclSyntaxError | undefined {
  let found: { node: TsNode; missing: boolean } | undefined;
  const visit = (node: TsNode): void => {
    if (found) return;
    if (node.isMissing) {
      found = { node, missing: true };
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
    if (!found && node.isError) found = { node, missing: false };
  };
  visit(root);
  if (!found) return undefined;
  const [start] = span(found.node);
  if (found.missing) {
    const rest = root.text.slice(found.node.startIndex);
    const atEnd = rest.trim() === '';
    const name = MISSING_NAMES[found.node.type] ?? (CLOSERS.has(found.node.type) ? `"${found.node.type}"` : undefined);
    if (name) return { start, end: start, message: `${atEnd ? 'unexpected end of file: ' : ''}missing ${name}` };
    // The parser's repair is no hint (it would insert "<<"): say what it found instead.
    const next = /^\s*(\S{1,20})/.exec(rest)?.[1];
    return { start, end: start, message: next ? `unexpected "${next}"` : 'unexpected end of file' };
  }
  // The tokens the parser could not place: an operator left without its operand, or the first one.
  const leaves: TsNode[] = [];
  const collect = (node: TsNode): void => {
    if (node.childCount === 0) leaves.push(node);
    else for (const child of node.children) if (child) collect(child);
  };
  collect(found.node);
  const last = leaves[leaves.length - 1];
  if (last && DANGLING.has(last.type)) {
    const [, lastEnd] = span(last);
    return { start: lastEnd, end: lastEnd, message: `a value is expected after "${last.type}"` };
  }
  const token = leaves[0] ?? found.node;
  const [tokenStart, tokenEnd] = span(token);
  const snippet = token.text.split('\n')[0] ?? '';
  const described = snippet === '' ? 'end of file' : `"${snippet.length > 40 ? `${snippet.slice(0, 39)}…` : snippet}"`;
  return { start: tokenStart, end: Math.max(tokenEnd, tokenStart + 1), message: `unexpected ${described}` };
}

/** Tokens that need something after them. */
const DANGLING = new Set(['=', ':', '+', '-', '*', '/', '%', '&&', '||', '==', '!=', '<', '>', '<=', '>=', '?', '!', ',', '.', '(', '[', '{']);

/** Tokens whose absence is worth naming. */
const CLOSERS = new Set(['}', ']', ')', '=', ':', ',']);

const MISSING_NAMES: Record<string, string> = {
  quoted_template_end: 'the closing quote (")',
  heredoc_identifier: 'the line that ends the heredoc',
  template_interpolation_end: 'the "}" that closes "${"',
  identifier: 'a name',
};

// ---------------------------------------------------------------------------------------------
// Values with positions

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
}

export function leafAt(start: number, end: number, extra: Partial<Located> = {}): Located {
  return { start, end, leaf: true, ...extra };
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

// ---------------------------------------------------------------------------------------------
// The evaluator

export type ReadFile = (path: string) => string | undefined;

export interface EvaluatorOptions {
  /** The .tf file's directory: file() paths are relative to it. */
  directory?: string;
  readFile?: ReadFile;
  /** A unique unknown string, `${Unresolved.N}`, shared by all evaluations of a file. */
  unknown: () => string;
}

/** Named children other than comments. */
export function namedChildren(node: TsNode): TsNode[] {
  return node.namedChildren.filter((child): child is TsNode => child !== null && child.type !== 'comment');
}

/** A block's type, labels and body. */
export interface HclBlock {
  node: TsNode;
  type: string;
  typeNode: TsNode;
  labels: string[];
  body: TsNode | undefined;
}

export interface HclAttribute {
  node: TsNode;
  name: string;
  nameNode: TsNode;
  expression: TsNode;
}

export function blockOf(node: TsNode): HclBlock | undefined {
  if (node.type !== 'block') return undefined;
  const children = namedChildren(node);
  const typeNode = children[0];
  if (!typeNode || typeNode.type !== 'identifier') return undefined;
  const labels: string[] = [];
  let body: TsNode | undefined;
  for (const child of children.slice(1)) {
    if (child.type === 'string_lit') labels.push(literalText(child));
    else if (child.type === 'identifier') labels.push(child.text);
    else if (child.type === 'body') body = child;
  }
  return { node, type: typeNode.text, typeNode, labels, body };
}

export function attributeOf(node: TsNode): HclAttribute | undefined {
  if (node.type !== 'attribute') return undefined;
  const children = namedChildren(node);
  const nameNode = children[0];
  const expression = children.find((child) => child.type === 'expression');
  if (!nameNode || !expression) return undefined;
  return { node, name: nameNode.text, nameNode, expression };
}

/** The attributes and blocks of a body (absent body: none). */
export function bodyItems(body: TsNode | undefined): { attributes: HclAttribute[]; blocks: HclBlock[] } {
  const attributes: HclAttribute[] = [];
  const blocks: HclBlock[] = [];
  for (const child of body ? namedChildren(body) : []) {
    const attribute = attributeOf(child);
    if (attribute) attributes.push(attribute);
    const block = blockOf(child);
    if (block) blocks.push(block);
  }
  return { attributes, blocks };
}

/** A name written twice: an argument of a body, or a key of an object constructor. */
export interface HclDuplicate {
  kind: 'argument' | 'key';
  name: string;
  /** The second name's range. */
  start: number;
  end: number;
  /** Where the first one starts. */
  first: number;
}

/**
 * Names written twice, in every body and object constructor of the file. Terraform refuses an
 * argument set twice ("Attribute redefined"); in an object constructor the last key silently wins.
 * Only literal keys (`name`, `"name"`) are compared: computed ones may differ in the end.
 */
export function duplicateNames(file: HclFile): HclDuplicate[] {
  const found: HclDuplicate[] = [];
  for (const node of file.root.descendantsOfType(['body', 'object'])) {
    // Two names at least (an object's braces are named children too).
    if (!node || node.namedChildCount < (node.type === 'body' ? 2 : 4)) continue;
    const seen = new Map<string, TsNode>();
    for (const [name, nameNode] of writtenNames(node)) {
      const first = seen.get(name);
      if (!first) seen.set(name, nameNode);
      else found.push({ kind: node.type === 'body' ? 'argument' : 'key', name, start: file.span(nameNode)[0], end: file.span(nameNode)[1], first: file.span(first)[0] });
    }
  }
  return found;
}

/** The names a body's arguments or an object's literal keys are written with, and their nodes. */
function writtenNames(node: TsNode): Array<[string, TsNode]> {
  const names: Array<[string, TsNode]> = [];
  for (const child of node.namedChildren) {
    if (child?.type === 'attribute') {
      const name = child.firstNamedChild;
      if (name?.type === 'identifier') names.push([name.text, name]);
    } else if (child?.type === 'object_elem') {
      const key = child.childForFieldName('key');
      const name = key ? literalKey(key) : undefined;
      if (key && name !== undefined) names.push([name, key]);
    }
  }
  return names;
}

/** An object key written as a name or a string without interpolation: its text. */
function literalKey(key: TsNode): string | undefined {
  const [only, ...rest] = namedChildren(key);
  if (!only || rest.length > 0) return undefined;
  if (only.type === 'variable_expr') return only.text;
  const string = only.type === 'literal_value' ? namedChildren(only)[0] : undefined;
  return string?.type === 'string_lit' ? literalText(string) : undefined;
}

/** The text of a string literal without quotes, escapes decoded. */
function literalText(node: TsNode): string {
  const raw = node.text;
  const inner = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  return decodeQuoted(inner).map((part) => part.text).join('');
}

/**
 * A part of a string's value and the source range it comes from: plain text (`each`: its
 * character i is at start + i), or an escape or a file's text (all of it at [start, end)).
 */
export interface Piece {
  text: string;
  start: number;
  end: number;
  each?: boolean;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A quoted string's escapes (\n, \", \uXXXX, $${, %%{) decoded, each piece with its offsets in `raw` plus `base`. */
function decodeQuoted(raw: string, base = 0): Piece[] {
  return decodeTemplate(raw, base, /[\\$%]/g);
}

/** Heredoc text: only $${ and %%{ are escapes. */
function decodeHeredoc(raw: string, base: number): Piece[] {
  return decodeTemplate(raw, base, /[$%]/g);
}

/** Template text as runs of plain text and the escapes between them (`special`: where escapes may start). */
function decodeTemplate(raw: string, base: number, special: RegExp): Piece[] {
  const pieces: Piece[] = [];
  let plain = 0;
  for (let match = special.exec(raw); match; match = special.exec(raw)) {
    const i = match.index;
    const escape = escapeAt(raw, i);
    if (!escape) continue;
    if (i > plain) pieces.push({ text: raw.slice(plain, i), start: base + plain, end: base + i, each: true });
    pieces.push({ text: escape.text, start: base + i, end: base + i + escape.length });
    plain = special.lastIndex = i + escape.length;
  }
  if (raw.length > plain) pieces.push({ text: raw.slice(plain), start: base + plain, end: base + raw.length, each: true });
  return pieces;
}

/** The escape that starts at `i`, if one does: its value and its length in the source. */
function escapeAt(raw: string, i: number): { text: string; length: number } | undefined {
  const c = raw[i]!;
  if (c === '$' || c === '%') return raw[i + 1] === c && raw[i + 2] === '{' ? { text: c, length: 2 } : undefined;
  const next = raw[i + 1];
  if (next === undefined) return undefined;
  if (next in ESCAPES) return { text: ESCAPES[next]!, length: 2 };
  const digits = next === 'u' ? 4 : next === 'U' ? 8 : 0;
  const hex = raw.slice(i + 2, i + 2 + digits);
  if (digits === 0 || hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const code = parseInt(hex, 16);
  return { text: code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd', length: 2 + digits };
}

/** A part of a template: literal text, or an interpolation or directive to fill in. */
type TemplatePart =
  | { kind: 'text'; pieces: Piece[] }
  | { kind: 'hole'; start: number; end: number; value: Evaluated | undefined; text: string; directive: boolean };

const JSON_HOLE = '@@ecs-lint-hole@@';

/**
 * JSON text whose characters each come from a known place in the file (the decoded content of a
 * JSON string literal), read with those places as positions.
 */
export function jsonFromPieces(pieces: Piece[], unknown: () => string): JsonDocument {
  return templateDocument([{ kind: 'text', pieces }], unknown);
}

/** Renders template parts as the text Terraform would produce, with positions, and reads it as JSON. */
function templateDocument(parts: TemplatePart[], unknown: () => string): JsonDocument {
  if (parts.some((part) => part.kind === 'hole' && part.directive)) return { kind: 'unknown' };
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const holes: Array<{ start: number; end: number }> = [];
  let inString = false;
  let escaped = false;
  let clean = true;
  /** Adds text whose characters are all at [start, end), or each at start + i (`each`). */
  const append = (chunk: string, start: number, end: number, track: boolean, each = false): void => {
    for (let i = 0; i < chunk.length; i++) {
      starts.push(each ? start + i : start);
      ends.push(each ? start + i + 1 : end);
      if (!track) continue;
      const c = chunk[i];
      if (escaped) escaped = false;
      else if (inString && c === '\\') escaped = true;
      else if (c === '"') inString = !inString;
    }
    text += chunk;
  };
  for (const part of parts) {
    if (part.kind === 'text') {
      for (const piece of part.pieces) append(piece.text, piece.start, piece.end, true, piece.each);
      continue;
    }
    const value = part.value?.value;
    const scalar = typeof value === 'number' || typeof value === 'boolean';
    if (inString) {
      // Inside a JSON string: the value's text, or the reference it names (unknown to rules),
      // whose own quotes (var.names["web"]) are the expression's, not the JSON's.
      const reference = typeof value === 'string' && value.includes('${');
      const chunk = reference ? JSON.stringify(value).slice(1, -1) : typeof value === 'string' || scalar ? String(value) : unknown();
      append(chunk, part.start, part.end, !reference);
    } else if (scalar || (typeof value === 'string' && !value.includes('${') && !part.value?.loc.opaque)) {
      // Outside a string the text is JSON itself: a number, or what jsonencode made.
      append(String(value), part.start, part.end, true);
    } else {
      clean = false;
      holes.push({ start: part.start, end: part.end });
      append(`"${JSON_HOLE}${holes.length - 1}"`, part.start, part.end, false);
    }
  }
  const tooDeep = nestingBeyondLimit(text);
  if (tooDeep !== undefined) return { kind: 'invalid', message: `nesting is deeper than ${MAX_JSON_DEPTH} levels`, start: starts[tooDeep] ?? 0, end: ends[tooDeep] ?? 0 };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (!tree || errors.length > 0) {
    if (!clean) return { kind: 'unknown' };
    const first = errors[0];
    if (first && (first.error === 3 || first.error === 4) && (text[first.offset] === '}' || text[first.offset] === ']')) {
      const comma = /,\s*$/.exec(text.slice(0, first.offset));
      if (comma) {
        return { kind: 'invalid', message: `a comma before "${text[first.offset]}" is not allowed in JSON; remove it`, start: starts[comma.index] ?? 0, end: ends[comma.index] ?? 0 };
      }
    }
    const offset = first ? Math.min(first.offset, Math.max(0, text.length - 1)) : 0;
    const message = text.trim() === '' ? 'the string is empty' : (first && JSON_ERRORS[first.error]) || 'invalid JSON';
    if (text.length === 0) return { kind: 'invalid', message, start: 0, end: 0 };
    return { kind: 'invalid', message: first && first.offset >= text.length ? `unexpected end of the string: ${message}` : message, start: starts[offset] ?? 0, end: ends[offset] ?? 0 };
  }
  const at = (node: JsonNode): { start: number; end: number } => {
    const last = Math.max(node.offset, node.offset + node.length - 1);
    return { start: starts[node.offset] ?? 0, end: ends[last] ?? 0 };
  };
  return { kind: 'value', ...fromJsonTree(tree, at, unknown) };
}

/** The offset where brackets outside strings nest deeper than the JSON loader allows, if they do. */
export function nestingBeyondLimit(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === ']' || c === '}') depth--;
  }
  return undefined;
}

const JSON_ERRORS: Record<number, string> = {
  1: 'unexpected character',
  2: 'invalid number',
  3: 'a property name in double quotes is expected',
  4: 'a value is expected',
  5: 'a colon is expected after the property name',
  6: 'a comma is expected',
  7: 'a closing "}" is expected',
  8: 'a closing "]" is expected',
  9: 'the end of the JSON text is expected after the top-level value',
  10: 'comments are not allowed in JSON',
  12: 'a string is not closed',
  14: 'invalid unicode escape sequence',
  15: 'invalid escape character in a string',
  16: 'invalid character in a string (control characters must be escaped)',
};

/** A jsonc-parser tree as a value with positions; template holes become unknowns. */
function fromJsonTree(root: JsonNode, at: (node: JsonNode) => { start: number; end: number }, unknown: () => string): { value: unknown; loc: Located } {
  const convert = (node: JsonNode): { value: unknown; loc: Located } => {
    const { start, end } = at(node);
    switch (node.type) {
      case 'object': {
        const value: Record<string, unknown> = {};
        const members = new Map<string, Located>();
        for (const property of node.children ?? []) {
          const [keyNode, valueNode] = property.children ?? [];
          if (!keyNode || !valueNode) continue;
          const key = String(keyNode.value);
          if (key.startsWith(`${JSON_HOLE}`)) continue;
          const child = convert(valueNode);
          const keyAt = at(keyNode);
          define(value, key, child.value);
          members.set(key, { ...child.loc, key: [keyAt.start, keyAt.end] });
        }
        return { value, loc: { start, end, members } };
      }
      case 'array': {
        const items = (node.children ?? []).map(convert);
        return { value: items.map((item) => item.value), loc: { start, end, items: items.map((item) => item.loc) } };
      }
      case 'string':
        if (typeof node.value === 'string' && node.value.startsWith(JSON_HOLE)) return { value: unknown(), loc: { start, end, opaque: true } };
        return { value: node.value, loc: { start, end } };
      default:
        return { value: node.value, loc: { start, end } };
    }
  };
  return convert(root);
}

/** Sets a member without ever touching the prototype (a "__proto__" key stays a plain member). */
export function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An unknown string made by the evaluator: `${Unresolved.N}`. */
function isUnknownText(value: string): boolean {
  return /\$\{Unresolved\.\d+\}/.test(value);
}

/** A whole string that is one template reference: `${aws_iam_role.exec.arn}`. */
export function isReferenceText(value: unknown): value is string {
  return typeof value === 'string' && /^\$\{[^{}]+\}$/.test(value);
}

/** Functions whose result is a string whose value is not computed here. */
const STRING_FUNCTIONS = new Set([
  'format', 'formatlist', 'replace', 'regex', 'substr', 'trim', 'trimprefix', 'trimsuffix', 'trimspace', 'title', 'chomp', 'indent',
  'base64encode', 'base64decode', 'base64gzip', 'urlencode', 'sha1', 'sha256', 'sha512', 'md5', 'uuid', 'uuidv5', 'timestamp',
  'formatdate', 'abspath', 'dirname', 'basename', 'pathexpand', 'cidrhost', 'cidrnetmask', 'yamlencode', 'filebase64', 'filemd5',
  'filesha1', 'filesha256', 'bcrypt', 'strrev', 'textencodebase64', 'textdecodebase64',
]);

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
  private readonly variables = new Map<string, TsNode>();
  private readonly locals = new Map<string, TsNode>();
  private readonly localValues = new Map<string, Evaluated>();
  private readonly evaluating = new Set<string>();
  private readonly templateFiles = new Map<string, HclBlock>();
  /** Data sources of PSEUDO_DATA read through another provider than the module's default one. */
  private readonly otherProviders = new Set<string>();

  constructor(
    private readonly file: HclFile,
    private readonly options: EvaluatorOptions,
  ) {
    for (const block of bodyItems(namedChildren(file.root).find((node) => node.type === 'body')).blocks) {
      if (block.type === 'variable' && block.labels[0]) {
        const fallback = bodyItems(block.body).attributes.find((attribute) => attribute.name === 'default');
        if (fallback) this.variables.set(block.labels[0], fallback.expression);
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
        return this.template(node, 'quoted', depth);
      case 'heredoc_template':
        return this.template(node, 'heredoc', depth);
      case 'tuple': {
        const items = namedChildren(node)
          .filter((child) => child.type === 'expression')
          .map((child) => this.evaluate(child, depth + 1));
        return { value: items.map((item) => item.value), loc: { start, end, items: items.map((item) => item.loc) } };
      }
      case 'object':
        return this.object(node, depth);
      case 'function_call':
        return this.call(node, depth);
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
      const fallback = this.variableDefault(attribute, depth);
      if (fallback === undefined) return reference();
      // A module's default is what it means unless overridden; positions stay at the reference.
      const known = this.applySteps({ value: fallback.value, loc: leafAt(start, end) }, steps.slice(1), whole, depth);
      return known ? { ...known, loc: leafAt(start, end) } : reference();
    }
    if (name === 'local' && attribute !== undefined) {
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

  private call(node: TsNode, depth: number): Evaluated {
    const [start, end] = this.span(node);
    const children = namedChildren(node);
    const name = children[0]?.text ?? '';
    const argumentsNode = children.find((child) => child.type === 'function_arguments');
    const argumentNodes = argumentsNode ? namedChildren(argumentsNode).filter((child) => child.type === 'expression') : [];
    const expanded = argumentsNode ? argumentsNode.children.some((child) => child?.type === '...') : false;
    const args = () => argumentNodes.map((argument) => this.evaluate(argument, depth + 1));
    const unknown = (opaque = true): Evaluated => ({ value: this.options.unknown(), loc: { start, end, ...(opaque ? { opaque: true } : {}) } });
    if (expanded) return unknown();
    switch (name) {
      case 'jsonencode': {
        const [argument] = args();
        if (!argument) return unknown();
        const document = (): JsonDocument => ({ kind: 'value', value: argument.value, loc: argument.loc });
        const text = hasUnknown(argument.value, argument.loc) ? this.options.unknown() : JSON.stringify(argument.value);
        return { value: text, loc: { start, end }, document };
      }
      case 'jsondecode': {
        const [argument] = args();
        if (!argument) return unknown();
        const document = argument.document?.();
        if (document?.kind === 'value') return { value: document.value, loc: document.loc };
        return unknown();
      }
      case 'file': {
        const [argument] = args();
        const read = argument ? this.readFile(argument.value) : undefined;
        if (!read) return unknown(false);
        const loc = leafAt(start, end);
        return { value: read.text, loc, file: read, document: () => embedded(templateDocument([{ kind: 'text', pieces: uniformPieces(read.text, start, end) }], this.options.unknown)) };
      }
      case 'templatefile': {
        const [path, variables] = args();
        const read = path ? this.readFile(path.value) : undefined;
        if (!read) return unknown(false);
        const rendered = (): JsonDocument => embedded(templateDocument(renderTemplate(read.text, variables?.value, start, end), this.options.unknown));
        return { value: this.options.unknown(), loc: leafAt(start, end), document: rendered };
      }
      case 'concat': {
        const lists = args();
        if (!lists.every((list) => Array.isArray(list.value))) return unknown();
        return {
          value: lists.flatMap((list) => list.value as unknown[]),
          loc: { start, end, items: lists.flatMap((list) => (list.value as unknown[]).map((_, index) => list.loc.items?.[index] ?? leafAt(list.loc.start, list.loc.end))) },
        };
      }
      case 'merge': {
        const maps = args();
        if (!maps.every((map) => isObject(map.value) && !map.loc.opaque)) return unknown();
        const value: Record<string, unknown> = {};
        const members = new Map<string, Located>();
        for (const map of maps) {
          for (const [key, member] of Object.entries(map.value as Record<string, unknown>)) {
            define(value, key, member);
            members.set(key, map.loc.members?.get(key) ?? leafAt(map.loc.start, map.loc.end));
          }
        }
        return { value, loc: { start, end, members } };
      }
      case 'tolist':
      case 'toset':
      case 'tomap':
      case 'try':
      case 'sensitive':
      case 'nonsensitive': {
        const [argument] = args();
        if (!argument || (name === 'try' && hasUnknown(argument.value, argument.loc))) return unknown();
        return argument;
      }
      case 'tostring': {
        const [argument] = args();
        if (argument && (typeof argument.value === 'number' || typeof argument.value === 'boolean')) return { value: String(argument.value), loc: argument.loc };
        if (argument && typeof argument.value === 'string') return { ...argument, loc: { ...argument.loc, opaque: false } };
        return unknown(false);
      }
      case 'tonumber': {
        const [argument] = args();
        const value = argument?.value;
        if (typeof value === 'number') return argument!;
        if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return { value: Number(value), loc: argument!.loc };
        return unknown();
      }
      case 'join': {
        const [separator, list] = args();
        if (typeof separator?.value === 'string' && Array.isArray(list?.value) && list.value.every((item) => typeof item === 'string' || typeof item === 'number')) {
          return { value: list.value.join(separator.value), loc: { start, end } };
        }
        return unknown(false);
      }
      case 'lower':
      case 'upper': {
        const [argument] = args();
        if (typeof argument?.value === 'string' && !argument.value.includes('${')) {
          return { value: name === 'lower' ? argument.value.toLowerCase() : argument.value.toUpperCase(), loc: { start, end } };
        }
        return unknown(false);
      }
      default:
        return unknown(!STRING_FUNCTIONS.has(name));
    }
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

  /** A quoted string or heredoc: text with interpolations filled in where known. */
  private template(node: TsNode, form: 'quoted' | 'heredoc', depth: number): Evaluated {
    const [start, end] = this.span(node);
    const children = node.children.filter((child): child is TsNode => child !== null);
    const holes = children.filter((child) => child.type === 'template_interpolation' || child.type === 'template_directive');
    let contentStart: number;
    let contentEnd: number;
    let indent = 0;
    const text = this.file.text;
    if (form === 'quoted') {
      const open = children.find((child) => child.type === 'quoted_template_start');
      const close = children.find((child) => child.type === 'quoted_template_end');
      contentStart = open ? this.span(open)[1] : start;
      contentEnd = close ? this.span(close)[0] : end;
      // "${x}" alone is x itself, whatever its type.
      if (holes.length === 1 && holes[0]!.type === 'template_interpolation' && this.span(holes[0]!)[0] === contentStart && this.span(holes[0]!)[1] === contentEnd) {
        const inner = namedChildren(holes[0]!).find((child) => child.type === 'expression');
        if (inner) {
          const value = this.evaluate(inner, depth + 1);
          return { ...value, loc: value.loc.leaf || value.loc.start !== this.span(inner)[0] ? value.loc : { ...value.loc, start, end } };
        }
      }
    } else {
      const identifiers = children.filter((child) => child.type === 'heredoc_identifier');
      const opening = identifiers[0];
      const closing = identifiers[identifiers.length - 1];
      if (!opening || !closing || opening === closing) return { value: this.options.unknown(), loc: { start, end } };
      const afterOpening = text.indexOf('\n', this.span(opening)[1]);
      contentStart = afterOpening < 0 ? this.span(opening)[1] : afterOpening + 1;
      contentEnd = text.lastIndexOf('\n', this.span(closing)[0] - 1) + 1;
      if (contentEnd < contentStart) contentEnd = contentStart;
      const strip = children.some((child) => child.type === 'heredoc_start' && child.text.includes('-'));
      if (strip) indent = smallestIndent(text.slice(contentStart, contentEnd));
    }
    const parts: TemplatePart[] = [];
    let cursor = contentStart;
    const literal = (from: number, to: number) => {
      if (to <= from) return;
      const raw = text.slice(from, to);
      let pieces = form === 'quoted' ? decodeQuoted(raw, from) : decodeHeredoc(raw, from);
      if (indent > 0) pieces = stripIndent(pieces, indent, from === contentStart || text[from - 1] === '\n');
      parts.push({ kind: 'text', pieces });
    };
    for (const hole of holes) {
      const [holeStart, holeEnd] = this.span(hole);
      literal(cursor, holeStart);
      const directive = hole.type === 'template_directive';
      const inner = directive ? undefined : namedChildren(hole).find((child) => child.type === 'expression');
      parts.push({ kind: 'hole', start: holeStart, end: holeEnd, value: inner ? this.evaluate(inner, depth + 1) : undefined, text: hole.text, directive });
      cursor = holeEnd;
    }
    literal(cursor, contentEnd);
    // The string's own value: interpolations as their values, or as the reference they name.
    let value = '';
    let directive = false;
    for (const part of parts) {
      if (part.kind === 'text') value += part.pieces.map((piece) => piece.text).join('');
      else if (part.directive) directive = true;
      else {
        const inner = part.value?.value;
        value += typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean' ? String(inner) : this.options.unknown();
      }
    }
    const document = () => templateDocument(parts, this.options.unknown);
    return { value: directive ? this.options.unknown() : value, loc: { start, end }, document };
  }
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

/** A document read from another file: every position inside it is the call's (leaf). */
function embedded(document: JsonDocument): JsonDocument {
  return document.kind === 'value' ? { ...document, loc: { ...document.loc, leaf: true } } : document;
}

function uniformPieces(text: string, start: number, end: number): Piece[] {
  return [{ text, start, end }];
}

/** The smallest indentation of the lines of a `<<-` heredoc that have content. */
function smallestIndent(content: string): number {
  let smallest = Infinity;
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)![0].length;
    smallest = Math.min(smallest, indent);
  }
  return smallest === Infinity ? 0 : smallest;
}

/** Removes up to `indent` spaces or tabs from the start of each line of a `<<-` heredoc's text. */
function stripIndent(pieces: Piece[], indent: number, startsLine: boolean): Piece[] {
  const result: Piece[] = [];
  let atLineStart = startsLine;
  for (const piece of pieces) {
    if (!piece.each) {
      result.push(piece);
      atLineStart = false;
      continue;
    }
    for (let from = 0; from < piece.text.length; ) {
      const newline = piece.text.indexOf('\n', from);
      const to = newline < 0 ? piece.text.length : newline + 1;
      let first = from;
      if (atLineStart) while (first < to && first - from < indent && (piece.text[first] === ' ' || piece.text[first] === '\t')) first++;
      if (to > first) result.push({ text: piece.text.slice(first, to), start: piece.start + first, end: piece.start + to, each: true });
      atLineStart = newline >= 0;
      from = to;
    }
  }
  return result;
}

/**
 * A template file (templatefile, template_file) as parts: `${name}` of a variable given a known
 * value becomes that value; other interpolations and directives are holes. Every position is the
 * call's: the file's own lines are not in the .tf file.
 */
function renderTemplate(text: string, variables: unknown, start: number, end: number): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  const flush = () => {
    if (literal) parts.push({ kind: 'text', pieces: [{ text: literal, start, end }] });
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      literal += c;
      i++;
      continue;
    }
    if ((c === '$' || c === '%') && text[i + 1] === '{') {
      const close = closingBrace(text, i + 2);
      if (close < 0) {
        literal += text.slice(i);
        break;
      }
      flush();
      const expression = text.slice(i + 2, close).replace(/^~|~$/g, '').trim();
      const directive = c === '%';
      // A variable given a known value is that value; a variable given a reference, or not given,
      // is named as a reference; anything else is unknown (inside a JSON string an unknown string,
      // outside a value of any type).
      let value: Evaluated | undefined;
      if (!directive && /^[A-Za-z_][\w-]*$/.test(expression)) {
        const given = isObject(variables) && expression in variables ? variables[expression] : undefined;
        const known = typeof given === 'string' || typeof given === 'number' || typeof given === 'boolean';
        value = { value: known ? given : `\${${expression}}`, loc: leafAt(start, end, known ? {} : { opaque: true }) };
      }
      parts.push({ kind: 'hole', start, end, value, text: text.slice(i, close + 1), directive });
      i = close;
      continue;
    }
    literal += c;
  }
  flush();
  return parts;
}

/** The offset of the `}` that closes an interpolation whose content starts at `from` (-1: none). */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let quote = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
