// YAML text → value with exact positions, CloudFormation's short-form tags (!Ref, !Sub, !GetAtt,
// …) read as their long forms ({"Ref": …}, {"Fn::Sub": …}), duplicate keys reported, alias bombs
// and deep nesting refused with a position instead of a crash.

import { isMap, isPair, isScalar, isSeq, LineCounter, Pair as YamlPair, parseDocument, Scalar, YAMLMap, type Document, type Node, type Pair, type ParsedNode } from 'yaml';
import type { SourceMap } from '../engine/document';
import { SourceText } from '../engine/source-text';
import type { Path, Range, RangeTarget } from '../engine/types';
import type { DuplicateKey, JsonSyntaxError } from './json';
import { MAX_JSON_DEPTH } from './json';

export interface ParsedYaml {
  source: SourceText;
  value?: unknown;
  error?: JsonSyntaxError;
  sourceMap: SourceMap;
  duplicateKeys(): DuplicateKey[];
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

/** More aliases than this in one file is an alias bomb ("billion laughs"), not a template. */
const MAX_ALIASES = 100;

export function parseYaml(text: string): ParsedYaml {
  const source = new SourceText(text);
  // The parser recurses into flow collections: refuse absurd nesting before it overflows.
  const flowDepth = flowNestingBeyondLimit(text);
  if (flowDepth !== undefined) return failed(source, { offset: flowDepth, length: 1, message: `nesting is deeper than ${MAX_JSON_DEPTH} levels` });
  let document: Document.Parsed | undefined;
  try {
    document = parseDocument(text, {
      customTags: CUSTOM_TAGS as never,
      uniqueKeys: false,
      prettyErrors: false,
      lineCounter: new LineCounter(),
      strict: false,
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
  const depth = deepestNode(document.contents);
  if (depth.tooDeepAt !== undefined) {
    return { ...failed(source, { offset: depth.tooDeepAt, length: 1, message: `nesting is deeper than ${MAX_JSON_DEPTH} levels` }), sourceMap };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    const message = (error as Error).message;
    const text = /alias/i.test(message) ? `more than ${MAX_ALIASES} alias expansions (an alias bomb?)` : `cannot be read as YAML: ${yamlMessage(message)}`;
    return { ...failed(source, { offset: 0, length: 0, message: text }), sourceMap };
  }
  return { source, value, sourceMap, duplicateKeys: () => sourceMap.duplicateKeys() };
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

/** The depth of the node tree, iteratively: deep nesting must not overflow the stack later. */
function deepestNode(root: unknown): { tooDeepAt?: number } {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth >= MAX_JSON_DEPTH) return { tooDeepAt: (node as ParsedNode).range?.[0] ?? 0 };
      for (const item of node.items as unknown[]) {
        if (isPair(item)) stack.push({ node: item.value, depth: depth + 1 });
        else stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return {};
}

function keyText(pair: Pair): string | undefined {
  if (isScalar(pair.key)) return String(pair.key.value);
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
          const first = seen.get(key);
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
