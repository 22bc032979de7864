// Long strings: the middles of long runs of plain characters inside strings are left out of what
// the parser reads, when the tree stays the one of the whole text.

import type { Point as TsPoint, Range as TsRange, Parser as TsParser, Tree as TsTree } from 'web-tree-sitter';

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
export function skippableRuns(text: string): Array<[number, number]> {
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

/** The tree of `text` parsed without the skipped ranges, when it is the tree of the whole text. */
export function parseSkipping(parser: TsParser, text: string, skipped: ReadonlyArray<[number, number]>): TsTree | undefined {
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
