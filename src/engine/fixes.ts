// Fixes: a rule's change of the model (ModelEdit) as an edit of the text the user wrote. A value,
// part of a string or a key is replaced where the text holds it as written (quoted or plain); a
// member is removed or added by the format's editor. What the text does not hold as written (a
// value built by !Sub, a variable, an alias) gets no fix. The edits of one fix are made into one,
// as ESLint's fixes are: a range and its new text.

import type { SourceText } from '../core/source-text';
import type { Path, TextEdit } from '../core/types';
import type { LintDocument } from '../loaders/document';
import type { ModelEdit } from '../rules/types';
import { rangeWithin } from './string-range';

export interface FixContext {
  document: LintDocument;
  source: SourceText;
  toFilePath: (path: Path) => Path;
}

/** The text edit of a fix, or undefined when one of its changes cannot be made in this text. */
export function textEditOf(fix: ModelEdit | readonly ModelEdit[], context: FixContext): TextEdit | undefined {
  const edits: TextEdit[] = [];
  for (const edit of Array.isArray(fix) ? (fix as readonly ModelEdit[]) : [fix as ModelEdit]) {
    const text = editOf(edit, context);
    if (!text) return undefined;
    edits.push(text);
  }
  return merged(edits);
}

function editOf(edit: ModelEdit, { document, source, toFilePath }: FixContext): TextEdit | undefined {
  const path = (edit.unit?.filePath ?? toFilePath)(edit.path);
  // Where the model has a path the file does not (a member a template's function made), the source
  // map gives an ancestor's place: nothing is edited there.
  const last = edit.path[edit.path.length - 1];
  if (last !== undefined && String(path[path.length - 1]).toLowerCase() !== String(last).toLowerCase()) return undefined;
  // Only what the file writes there, as it is (not a function's result or a variable's value).
  const written = document.sourceMap.written?.bind(document.sourceMap);
  const value = edit.op === 'replace' || edit.op === 'replace-within';
  // (A list's element, and the file's root object, have no key: the editor finds them or not.)
  const keyed = path.length > 0 && typeof path[path.length - 1] !== 'number';
  if (written && (value || keyed) && !written(path, value ? 'value' : 'key')) return undefined;
  switch (edit.op) {
    case 'replace-within': {
      const range = document.sourceMap.locate(path, 'value');
      const whole = literalAt(source, range, edit.value);
      const inside = rangeWithin(source, range, edit.value, edit.start, edit.end);
      // A plain YAML scalar takes letters, digits and a few marks anywhere; a colon or a hash may
      // start a mapping or a comment: then the whole value, double-quoted.
      const plainSafe = whole !== 'plain' || /^[\w./?*@=+-]*$/.test(edit.text);
      if (inside && plainSafe && safeInString(edit.text)) return { range: [source.offset(inside.start), source.offset(inside.end)], text: edit.text };
      if (whole === 'plain') {
        const value = edit.value.slice(0, edit.start) + edit.text + edit.value.slice(edit.end);
        return { range: offsets(source, range), text: JSON.stringify(value) };
      }
      return undefined;
    }
    case 'replace': {
      const range = document.sourceMap.locate(path, 'value');
      if (!literalAt(source, range, edit.from)) return undefined;
      if (typeof edit.value === 'string' && !safeInString(edit.value)) return undefined;
      return { range: offsets(source, range), text: typeof edit.value === 'string' ? JSON.stringify(edit.value) : String(edit.value) };
    }
    case 'rename-key': {
      const range = document.sourceMap.locate(path, 'key');
      const written = literalAt(source, range, edit.from);
      if (!written || !/^[A-Za-z_][\w-]*$/.test(edit.key)) return undefined;
      const [start, end] = offsets(source, range);
      // Only the name: its quotes stay as they are.
      return written === 'plain' ? { range: [start, end], text: edit.key } : { range: [start + 1, end - 1], text: edit.key };
    }
    case 'remove':
      return document.editor?.remove(path);
    case 'insert': {
      const key = document.editor?.keyOf?.(path, edit.key) ?? edit.key;
      return document.editor?.insert(path, key, edit.value, edit.position);
    }
    default:
      return undefined;
  }
}

/** How the text at `range` writes `value`: quoted, plain, or not as it is (undefined). */
function literalAt(source: SourceText, range: import('../core/types').Range, value: string | number | boolean): 'quoted' | 'plain' | undefined {
  const [start, end] = offsets(source, range);
  const raw = source.text.slice(start, end);
  if (typeof value !== 'string') return raw === String(value) ? 'plain' : undefined;
  if (raw === JSON.stringify(value) || raw === `'${value.replace(/'/g, "''")}'`) return 'quoted';
  return raw === value && value !== '' ? 'plain' : undefined;
}

function offsets(source: SourceText, range: import('../core/types').Range): [number, number] {
  return [source.offset(range.start), source.offset(range.end)];
}

/** Text that means itself in a JSON, YAML or HCL string: no quote, escape or template marker. */
function safeInString(text: string): boolean {
  return !/["'\\\n\r\t]|\$\{|%\{/.test(text);
}

/**
 * Several edits as one, when each ends where the next starts. Edits with text between them are not
 * made into one: the fix would carry that text of the file, which may hold a secret.
 */
function merged(edits: TextEdit[]): TextEdit | undefined {
  if (edits.length === 1) return edits[0];
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0]);
  for (let index = 1; index < sorted.length; index++) if (sorted[index]!.range[0] !== sorted[index - 1]!.range[1]) return undefined;
  return { range: [sorted[0]!.range[0], sorted[sorted.length - 1]!.range[1]], text: sorted.map((edit) => edit.text).join('') };
}

/** A text with fixes applied: those that do not overlap an earlier one, in order. */
export function applyFixes(text: string, fixes: readonly TextEdit[]): { output: string; applied: TextEdit[] } {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const applied: TextEdit[] = [];
  let output = '';
  let at = 0;
  for (const fix of sorted) {
    if (fix.range[0] < at) continue;
    output += text.slice(at, fix.range[0]) + fix.text;
    at = fix.range[1];
    applied.push(fix);
  }
  return { output: output + text.slice(at), applied };
}
