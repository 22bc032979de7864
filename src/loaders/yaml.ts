// YAML text → value with exact positions, CloudFormation's short-form tags (!Ref, !Sub, !GetAtt,
// …) read as their long forms ({"Ref": …}, {"Fn::Sub": …}), duplicate keys reported, alias bombs,
// undefined aliases, list or map keys, merge keys in templates and deep nesting refused with a
// position instead of a crash.

import { Composer, CST, isAlias, isCollection, isMap, isScalar, isSeq, Pair as YamlPair, Parser, Scalar, YAMLMap, YAMLParseError, type Alias, type Document, type DocumentOptions, type Node, type Pair, type ParseOptions, type ParsedNode, type SchemaOptions } from 'yaml';
import type { DocumentEditor, SourceMap } from './document';
import { SourceText } from '../core/source-text';
import type { Path, Range, RangeTarget, TextEdit } from '../core/types';
import type { DuplicateKey, JsonSyntaxError } from './json';
import { MAX_JSON_DEPTH } from './json';
import { isCloudFormationTemplate } from './cloudformation';

export interface ParsedYaml {
  source: SourceText;
  value?: unknown;
  error?: JsonSyntaxError;
  sourceMap: SourceMap;
  duplicateKeys(): DuplicateKey[];
  /** The `<<` keys of a CloudFormation template, which CloudFormation itself does not accept. */
  templateMergeKeys?(): Range[];
  /** Structural edits for fixes. */
  editor?: DocumentEditor;
}

type TagResolve = (value: unknown) => unknown;

/** CloudFormation's short forms: tag → the long form's key, for the node kinds each accepts. */
const SHORT_FORMS: Array<[string, string, Array<'scalar' | 'seq' | 'map'>]> = [
  ['!Ref', 'Ref', ['scalar']],
  ['!Condition', 'Condition', ['scalar']],
  ['!GetAtt', 'Fn::GetAtt', ['scalar', 'seq']],
  ['!Sub', 'Fn::Sub', ['scalar', 'seq']],
  ['!Join', 'Fn::Join', ['seq']],
  ['!Select', 'Fn::Select', ['seq']],
  ['!Split', 'Fn::Split', ['seq']],
  ['!If', 'Fn::If', ['seq']],
  ['!Equals', 'Fn::Equals', ['seq']],
  ['!And', 'Fn::And', ['seq']],
  ['!Or', 'Fn::Or', ['seq']],
  ['!Not', 'Fn::Not', ['seq']],
  ['!ImportValue', 'Fn::ImportValue', ['scalar', 'map']],
  ['!FindInMap', 'Fn::FindInMap', ['seq']],
  ['!GetAZs', 'Fn::GetAZs', ['scalar', 'map']],
  ['!Base64', 'Fn::Base64', ['scalar', 'map']],
  ['!Cidr', 'Fn::Cidr', ['seq']],
  ['!Transform', 'Fn::Transform', ['map']],
  ['!ToJsonString', 'Fn::ToJsonString', ['map', 'seq']],
  ['!Length', 'Fn::Length', ['seq', 'scalar', 'map']],
];

const CUSTOM_TAGS = SHORT_FORMS.flatMap(([tag, key, kinds]) =>
  kinds.map((kind) => {
    if (kind !== 'scalar') {
      // The long form's map around the tagged collection itself, so positions inside stay known.
      const resolve: TagResolve = (collection) => {
        const map = new YAMLMap();
        map.items.push(new YamlPair(new Scalar(key), collection));
        (map as ParsedNode).range = (collection as ParsedNode).range;
        return map;
      };
      return { tag, collection: kind, resolve };
    }
    const resolve: TagResolve = (value) => {
      const plain = value && typeof value === 'object' && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value;
      // !GetAtt Resource.Attribute is the list form's shorthand.
      if (key === 'Fn::GetAtt' && typeof plain === 'string') {
        const dot = plain.indexOf('.');
        return { [key]: dot < 0 ? [plain] : [plain.slice(0, dot), plain.slice(dot + 1)] };
      }
      return { [key]: plain };
    };
    return { tag, resolve };
  }),
);

/**
 * More alias expansions than this in one file is an alias bomb ("billion laughs"), not a template.
 * An alias counts as often as the file written out without aliases would repeat it.
 */
const MAX_ALIASES = 100;

export function parseYaml(text: string): ParsedYaml {
  const source = new SourceText(text);
  // The parser recurses into flow collections: refuse absurd nesting before it overflows.
  const flowDepth = flowNestingBeyondLimit(text);
  if (flowDepth !== undefined) return failed(source, { offset: flowDepth, length: 1, message: `nesting is deeper than ${MAX_JSON_DEPTH} levels` });
  let document: Document.Parsed | undefined;
  try {
    document = parseOneDocument(text, {
      customTags: CUSTOM_TAGS as never,
      uniqueKeys: false,
      prettyErrors: false,
      strict: false,
      // Never a process warning: yaml's warnings quote the file's content.
      logLevel: 'error',
    });
  } catch (error) {
    return failed(source, { offset: 0, length: 0, message: `cannot be read as YAML: ${(error as Error).message}` });
  }
  const sourceMap = new YamlSourceMap(source, document);
  const first = document.errors[0];
  if (first) {
    const [start, end] = first.pos;
    return { ...failed(source, { offset: start, length: Math.max(1, end - start), message: yamlMessage(first.message) }), sourceMap };
  }
  let value: unknown;
  let mergeKeys: Node[] = [];
  try {
    const converted = toValue(document.contents);
    value = converted.value;
    mergeKeys = converted.mergeKeys;
  } catch (error) {
    if (!(error instanceof YamlProblem)) throw error;
    return { ...failed(source, error.error), sourceMap };
  }
  // CloudFormation reads YAML 1.1 without hash merges (and aliases): see the AWS CloudFormation User
  // Guide, "Template formats". `sam` and `aws cloudformation package` expand them first, so the
  // merged template is linted and each merge key is a warning, not a refusal.
  const templateMergeKeys = (): Range[] =>
    isCloudFormationTemplate(value) ? mergeKeys.flatMap((node) => (node.range ? [source.range(node.range[0], node.range[1] - node.range[0])] : [])) : [];
  return { source, value, sourceMap, duplicateKeys: () => sourceMap.duplicateKeys(), templateMergeKeys, editor: new YamlEditor(source, document) };
}

/** yaml's parseDocument, with double-quoted strings read as quickly as single-quoted ones. */
function parseOneDocument(text: string, options: ParseOptions & DocumentOptions & SchemaOptions): Document.Parsed {
  const tokens = [...new Parser().parse(text)];
  // Every scalar, without recursion (CST.visit recurses: block nesting can be 100,000 deep here).
  const stack = tokens.map((token) => (token.type === 'document' ? token.value : undefined));
  while (stack.length > 0) {
    const token = stack.pop();
    if (token && 'items' in token) for (const item of token.items) stack.push(item.key ?? undefined, item.value);
    else quickQuoted(token);
  }
  let document: Document.Parsed | undefined;
  for (const next of new Composer(options).compose(tokens, true, text.length)) {
    if (document) {
      document.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'more than one YAML document ("---"); keep one template or task definition per file'));
      break;
    }
    document = next;
  }
  // compose(…, true) always ends with a document, an empty one for an empty text.
  return document!;
}

/**
 * yaml decodes a double-quoted string one character at a time: a string of 1 MiB costs a second
 * (garbage collection). Without escapes, line breaks or single quotes it means the same
 * single-quoted, which yaml decodes at once: read it so. The length is the same, so are positions.
 */
function quickQuoted(token: CST.Token | undefined): void {
  if (token?.type !== 'double-quoted-scalar' || !/^"[^"\\\r\n']*"$/.test(token.source)) return;
  Object.assign(token, { type: 'single-quoted-scalar', source: `'${token.source.slice(1, -1)}'` });
}

/** What makes a YAML file unreadable, where it is. */
class YamlProblem extends Error {
  constructor(readonly error: JsonSyntaxError) {
    super(error.message);
  }
}

/** A problem with a node: over its whole range, or its first character only. */
function problemAt(node: unknown, message: string, whole = true): YamlProblem {
  const [start, end] = (node as ParsedNode | null | undefined)?.range ?? [0, 0];
  return new YamlProblem({ offset: start, length: whole ? Math.max(1, end - start) : 1, message });
}

/**
 * The document as plain JSON-like values: done here, not by yaml's toJS, so that every problem has
 * its node's position (an undefined alias, too many alias expansions, nesting too deep, a list or map
 * as a key), and so that nothing is printed (toJS warns with the key's text for a collection key).
 * An alias's value is shared, not copied, as toJS does. Recursion is bounded by MAX_JSON_DEPTH.
 */
function toValue(root: unknown): { value: unknown; mergeKeys: Node[] } {
  /** By name, the latest anchor in document order: what an alias refers to. */
  const anchors = new Map<string, Anchor>();
  const mergeKeys: Node[] = [];
  let expansions = 0;
  let deepest = 0;

  const convert = (node: unknown, depth: number): unknown => {
    deepest = Math.max(deepest, depth);
    if (isAlias(node)) return alias(node, depth);
    const name = (node as Node | null)?.anchor;
    if (!name) return plain(node, depth);
    const anchor: Anchor = { value: undefined, expansions: 0, height: 0, done: false };
    anchors.set(name, anchor);
    const [expansionsBefore, deepestBefore] = [expansions, deepest];
    deepest = depth;
    anchor.value = plain(node, depth);
    Object.assign(anchor, { expansions: expansions - expansionsBefore, height: deepest - depth, done: true });
    deepest = Math.max(deepest, deepestBefore);
    return anchor.value;
  };

  const alias = (node: Alias, depth: number): unknown => {
    const anchor = anchors.get(node.source);
    const name = node.source.length > 40 ? `${node.source.slice(0, 39)}…` : node.source;
    if (!anchor) throw problemAt(node, `the alias *${name} refers to no anchor; define &${name} before it, or write the value out`);
    if (!anchor.done) throw problemAt(node, `the alias *${name} is inside the value it refers to (a loop); write the value out`);
    expansions += 1 + anchor.expansions;
    if (expansions > MAX_ALIASES) throw problemAt(node, `more than ${MAX_ALIASES} alias expansions (an alias bomb?)`);
    if (depth + anchor.height > MAX_JSON_DEPTH) throw problemAt(node, `nesting is deeper than ${MAX_JSON_DEPTH} levels once this alias is expanded`);
    deepest = Math.max(deepest, depth + anchor.height);
    return anchor.value;
  };

  const plain = (node: unknown, depth: number): unknown => {
    if (isScalar(node)) return typeof node.value === 'bigint' ? Number(node.value) : node.value;
    if (!isCollection(node)) return null;
    if (depth >= MAX_JSON_DEPTH) throw problemAt(node, `nesting is deeper than ${MAX_JSON_DEPTH} levels`, false);
    if (isSeq(node)) return node.items.map((item) => convert(item, depth + 1));
    const object: Record<string, unknown> = {};
    for (const pair of (node as YAMLMap).items) {
      if (isMergeKey(pair.key)) {
        mergeKeys.push(pair.key);
        merge(object, pair, depth + 1);
        continue;
      }
      // CloudFormation, the ECS API and JSON have text keys only.
      const key = isCollection(pair.key) ? undefined : convert(pair.key, depth + 1);
      if (isCollection(pair.key) || (key !== null && typeof key === 'object')) {
        throw problemAt(pair.key, 'a key must be plain text: CloudFormation and ECS accept no list, map or tag as a key; write the key as text');
      }
      setMember(object, key === null ? '' : String(key), convert(pair.value, depth + 1));
    }
    return object;
  };

  /** `<<: *base` or `<<: [*a, *b]`: the members of the maps that this map does not set itself. */
  const merge = (object: Record<string, unknown>, pair: Pair, depth: number): void => {
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    const merged = sources.map((source) => [source, convert(source, depth + 1)] as const);
    for (const [source, value] of merged) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw problemAt(source ?? pair.key, 'a merge key (<<) takes a map or a list of maps; write the members out instead');
      }
      for (const [key, member] of Object.entries(value)) if (!Object.hasOwn(object, key)) setMember(object, key, member);
    }
  };

  return { value: convert(root, 0), mergeKeys };
}

/** An anchored node's value, and what each alias to it adds: alias expansions and depth. */
interface Anchor {
  value: unknown;
  expansions: number;
  height: number;
  /** False while the node itself is converted: an alias inside it would be a loop. */
  done: boolean;
}

/** `<<` as YAML 1.1 reads it: a plain, untagged key (a quoted "<<" is text). */
function isMergeKey(key: unknown): key is Scalar {
  return isScalar(key) && key.value === '<<' && key.type === Scalar.PLAIN && !key.tag;
}

/** An own member, even for "__proto__" or "constructor". */
function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The offset where [ and { outside quotes nest deeper than the limit, if they do. */
function flowNestingBeyondLimit(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      // A quote starts a quoted scalar only at the start of one; inside plain text it is a character.
      const before = text[i - 1];
      if (before === undefined || /[\s,[{:]/.test(before)) quote = c;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    }
  }
  return undefined;
}

function failed(source: SourceText, error: JsonSyntaxError): ParsedYaml {
  return { source, error, sourceMap: { locate: () => source.range(error.offset, error.length) }, duplicateKeys: () => [] };
}

/** yaml's message without its code and excerpt: "Implicit keys need to be on a single line". */
function yamlMessage(message: string): string {
  if (/call stack/i.test(message)) return `nesting is too deep`;
  const first = message.split('\n')[0] ?? message;
  return first.replace(/\s+at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

function keyText(pair: Pair): string | undefined {
  // As the value has it: a null key (`~: x`) is "".
  if (isScalar(pair.key)) return pair.key.value === null ? '' : String(pair.key.value);
  return undefined;
}

export class YamlSourceMap implements SourceMap {
  constructor(
    private readonly source: SourceText,
    private readonly document: Document.Parsed,
  ) {}

  private range(node: Node | null | undefined): Range | undefined {
    const range = (node as ParsedNode | null | undefined)?.range;
    return range ? this.source.range(range[0], range[1] - range[0]) : undefined;
  }

  locate(path: Path, target: RangeTarget): Range {
    let node: unknown = this.document.contents;
    let pair: Pair | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        let found: Pair | undefined;
        for (const item of node.items) if (keyText(item) === String(segment)) found = item;
        // A member that a merge key (`<<: *base`) brings: where it is merged.
        const merge = found ? undefined : node.items.find((item) => isMergeKey(item.key));
        if (merge) return this.range(merge.value as Node) ?? this.head(node, pair);
        if (!found) return this.head(node, pair);
        pair = found;
        node = found.value;
        // A key without a value (`Image:`) has nothing to point at but its key.
        if (node === null || node === undefined) return this.range(found.key as Node) ?? this.source.range(0, 0);
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        pair = undefined;
        node = node.items[segment];
      } else {
        // A scalar, or an intrinsic function in short form: as deep as positions go.
        break;
      }
    }
    if (target === 'key') return this.head(node, pair);
    return this.range(node as Node) ?? this.source.range(0, 0);
  }

  written(path: Path, target: RangeTarget): boolean {
    let node: unknown = this.document.contents;
    let pair: Pair | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        pair = node.items.find((item) => keyText(item) === String(segment));
        if (!pair) return false;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        pair = undefined;
        node = node.items[segment];
      } else return false;
    }
    if (target === 'key') return pair !== undefined && isScalar(pair.key) && !pair.key.tag;
    // A scalar as written: no alias, no tag (a short-form function such as !Sub).
    return isScalar(node) && !node.tag;
  }

  private head(node: unknown, pair: Pair | undefined): Range {
    if (pair) return this.range(pair.key as Node) ?? this.source.range(0, 0);
    const range = (node as ParsedNode | undefined)?.range;
    return range ? this.source.range(range[0], Math.min(1, range[1] - range[0])) : this.source.range(0, 0);
  }

  duplicateKeys(): DuplicateKey[] {
    const found: DuplicateKey[] = [];
    const stack: Array<{ node: unknown; path: Path }> = [{ node: this.document.contents, path: [] }];
    while (stack.length > 0) {
      const { node, path } = stack.pop()!;
      if (isMap(node)) {
        const seen = new Map<string, Pair>();
        for (const item of node.items) {
          const key = keyText(item);
          if (key === undefined) continue;
          const first = isMergeKey(item.key) ? undefined : seen.get(key);
          if (first) {
            const range = this.range(item.key as Node);
            const firstRange = this.range(first.key as Node);
            if (range && firstRange) found.push({ key, objectPath: path, range, firstRange });
          } else {
            seen.set(key, item);
          }
          stack.push({ node: item.value, path: [...path, key] });
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, index) => stack.push({ node: item, path: [...path, index] }));
      }
    }
    return found.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  }
}

/**
 * Structural edits for fixes in YAML, by whole lines of block mappings and sequences, so that
 * comments, anchors and quoting elsewhere stay as they are. Where the layout is not one of those (a
 * flow mapping, a member sharing its line), no edit is offered.
 */
export class YamlEditor implements DocumentEditor {
  constructor(
    private readonly source: SourceText,
    private readonly document: Document.Parsed,
  ) {}

  remove(path: Path): TextEdit | undefined {
    const parent = this.nodeAt(path.slice(0, -1));
    const last = path[path.length - 1];
    let start: number | undefined;
    let end: number | undefined;
    if (isMap(parent) && !parent.flow) {
      const pair = parent.items.find((item) => keyText(item) === String(last));
      const key = (pair?.key as ParsedNode | undefined)?.range;
      const value = (pair?.value as ParsedNode | null | undefined)?.range;
      if (!key) return undefined;
      start = key[0];
      end = value ? value[1] : key[1];
    } else if (isSeq(parent) && !parent.flow && typeof last === 'number') {
      const item = parent.items[last] as ParsedNode | undefined;
      if (!item?.range) return undefined;
      // The element's dash is before its value.
      start = this.text.lastIndexOf('-', item.range[0]);
      end = item.range[1];
    }
    if (start === undefined || end === undefined || start < 0) return undefined;
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    // Only a member that starts its line (after its indentation) is removed with its lines.
    if (this.text.slice(lineStart, start).trim() !== '') return undefined;
    return { range: [lineStart, this.lineEndAfter(end)], text: '' };
  }

  insert(path: Path, key: string, value: string | number | boolean, position: 'first' | 'last'): TextEdit | undefined {
    const node = this.nodeAt(path);
    if (!isMap(node) || node.flow || node.items.length === 0) return undefined;
    const pair = position === 'first' ? node.items[0]! : node.items[node.items.length - 1]!;
    const keyRange = (pair.key as ParsedNode | undefined)?.range;
    if (!keyRange) return undefined;
    const lineStart = this.text.lastIndexOf('\n', keyRange[0] - 1) + 1;
    const indent = this.text.slice(lineStart, keyRange[0]);
    // A mapping that starts after a list's dash ("- Effect: Allow") is not edited by lines.
    if (indent.trim() !== '') return undefined;
    const eol = this.text.includes('\r\n') ? '\r\n' : '\n';
    const line = `${indent}${key}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
    if (position === 'first') return { range: [lineStart, lineStart], text: `${line}${eol}` };
    const valueEnd = (pair.value as ParsedNode | null | undefined)?.range?.[1] ?? keyRange[1];
    const at = this.lineEndAfter(valueEnd);
    return { range: [at, at], text: at === this.text.length && !this.text.endsWith('\n') ? `${eol}${line}` : `${line}${eol}` };
  }

  keyOf(path: Path, member: string): string {
    // A template's resources name the API's members in PascalCase.
    return path[0] === 'Resources' && isMap(this.document.contents) ? member.charAt(0).toUpperCase() + member.slice(1) : member;
  }

  private get text(): string {
    return this.source.text;
  }

  /** Where the line holding `offset` ends (after a comment, a trailing space and its line break). */
  private lineEndAfter(offset: number): number {
    // A node's range may end at the start of the next line already.
    const before = this.text.slice(0, offset);
    if (offset > 0 && before.endsWith('\n')) return offset;
    const newline = this.text.indexOf('\n', offset);
    return newline < 0 ? this.text.length : newline + 1;
  }

  private nodeAt(path: Path): unknown {
    let node: unknown = this.document.contents;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => keyText(item) === String(segment));
        if (!pair) return undefined;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else return undefined;
    }
    return node as Node | undefined;
  }
}
