// Syntax errors of a .tf file: the first place the parser could not read, with a message that
// names what is missing or unexpected there.

import type { Node as TsNode } from 'web-tree-sitter';

export interface HclSyntaxError {
  start: number;
  end: number;
  message: string;
}

/** The first ERROR or MISSING node that holds no other, with a message naming what is wrong. */
export function firstSyntaxError(root: TsNode, span: (node: TsNode) => [number, number]): HclSyntaxError | undefined {
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
