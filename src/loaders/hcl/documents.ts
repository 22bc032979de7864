// JSON documents held by strings (jsonencode, a heredoc, file(), templatefile()): template parts
// rendered as the text Terraform would produce and read as JSON, with positions.

import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { MAX_JSON_DEPTH } from '../json';
import { define, type Evaluated, type JsonDocument, type Located } from './located';
import type { Piece } from './strings';

/** A part of a template: literal text, or an interpolation or directive to fill in. */
export type TemplatePart =
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
export function templateDocument(parts: TemplatePart[], unknown: () => string): JsonDocument {
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

/** A document read from another file: every position inside it is the call's (leaf). */
export function embedded(document: JsonDocument): JsonDocument {
  return document.kind === 'value' ? { ...document, loc: { ...document.loc, leaf: true } } : document;
}
