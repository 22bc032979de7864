// String literals: their escapes decoded, each piece of the value with the source range it comes from.

import type { Node as TsNode } from 'web-tree-sitter';

/** The text of a string literal without quotes, escapes decoded. */
export function literalText(node: TsNode): string {
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
export function decodeQuoted(raw: string, base = 0): Piece[] {
  return decodeTemplate(raw, base, /[\\$%]/g);
}

/** Heredoc text: only $${ and %%{ are escapes. */
export function decodeHeredoc(raw: string, base: number): Piece[] {
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
