// Templates: quoted strings and heredocs evaluated with their interpolations, and template files
// (templatefile, template_file) rendered with their variables.

import type { Node as TsNode } from 'web-tree-sitter';
import { isObject } from '../../core/values';
import { namedChildren } from './blocks';
import { templateDocument, type TemplatePart } from './documents';
import { leafAt, type EvaluationContext, type Evaluated } from './located';
import { decodeHeredoc, decodeQuoted, type Piece } from './strings';

/** A quoted string or heredoc: text with interpolations filled in where known. */
export function evaluateTemplate(node: TsNode, form: 'quoted' | 'heredoc', depth: number, context: EvaluationContext): Evaluated {
  const [start, end] = context.span(node);
  const children = node.children.filter((child): child is TsNode => child !== null);
  const holes = children.filter((child) => child.type === 'template_interpolation' || child.type === 'template_directive');
  let contentStart: number;
  let contentEnd: number;
  let indent = 0;
  const text = context.text;
  if (form === 'quoted') {
    const open = children.find((child) => child.type === 'quoted_template_start');
    const close = children.find((child) => child.type === 'quoted_template_end');
    contentStart = open ? context.span(open)[1] : start;
    contentEnd = close ? context.span(close)[0] : end;
    // "${x}" alone is x itself, whatever its type.
    if (holes.length === 1 && holes[0]!.type === 'template_interpolation' && context.span(holes[0]!)[0] === contentStart && context.span(holes[0]!)[1] === contentEnd) {
      const inner = namedChildren(holes[0]!).find((child) => child.type === 'expression');
      if (inner) {
        const value = context.evaluate(inner, depth + 1);
        return { ...value, loc: value.loc.leaf || value.loc.start !== context.span(inner)[0] ? value.loc : { ...value.loc, start, end } };
      }
    }
  } else {
    const identifiers = children.filter((child) => child.type === 'heredoc_identifier');
    const opening = identifiers[0];
    const closing = identifiers[identifiers.length - 1];
    if (!opening || !closing || opening === closing) return { value: context.unknown(), loc: { start, end } };
    const afterOpening = text.indexOf('\n', context.span(opening)[1]);
    contentStart = afterOpening < 0 ? context.span(opening)[1] : afterOpening + 1;
    contentEnd = text.lastIndexOf('\n', context.span(closing)[0] - 1) + 1;
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
    const [holeStart, holeEnd] = context.span(hole);
    literal(cursor, holeStart);
    const directive = hole.type === 'template_directive';
    const inner = directive ? undefined : namedChildren(hole).find((child) => child.type === 'expression');
    parts.push({ kind: 'hole', start: holeStart, end: holeEnd, value: inner ? context.evaluate(inner, depth + 1) : undefined, text: hole.text, directive });
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
      value += typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean' ? String(inner) : context.unknown();
    }
  }
  const document = () => templateDocument(parts, context.unknown);
  return { value: directive ? context.unknown() : value, loc: { start, end }, document };
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
export function renderTemplate(text: string, variables: unknown, start: number, end: number): TemplatePart[] {
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
