// The HCL parser (Terraform's .tf files): tree-sitter's Terraform grammar (web-tree-sitter, WASM),
// and the parsed file.
//
// The parser is WASM, loaded once and asynchronously: `prepareHcl()` must have been awaited before
// `parseHcl()`. A run without .tf files never loads it.

import { readFileSync } from 'node:fs';
import type { Node as TsNode, Parser as TsParser } from 'web-tree-sitter';
import { assetPath } from '../../core/assets';
import { SourceText } from '../../core/source-text';
import { firstSyntaxError, type HclSyntaxError } from './errors';
import { parseSkipping, skippableRuns } from './long-strings';

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
