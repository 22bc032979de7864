// The range of part of a string value in the file: where the value's characters are in its quoted
// (or plain) text, escapes counted as they are written.

import { SourceText } from '../core/source-text';
import type { Range } from '../core/types';

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/', "'": "'" };

/**
 * The range of characters [start, end) of `value` inside `range`, the range of the whole value.
 * Undefined when the text there is not `value` written on one line as a JSON, YAML or HCL string
 * literal (quoted or plain, with backslash escapes or YAML's doubled single quote).
 */
export function rangeWithin(source: SourceText, range: Range, value: string, start: number, end: number): Range | undefined {
  if (range.start.line !== range.end.line || start < 0 || end > value.length || start > end) return undefined;
  const from = source.offset(range.start);
  const to = source.offset(range.end);
  let raw = source.text.slice(from, to);
  let base = from;
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.length >= 2 && raw[raw.length - 1] === quote) {
    raw = raw.slice(1, -1);
    base++;
  }
  // offsets[k]: where the k-th character of the value starts in raw; offsets[value.length]: the end.
  const offsets: number[] = [];
  let decoded = '';
  for (let i = 0; i < raw.length; ) {
    offsets.push(i);
    const c = raw[i]!;
    if (c === '\\' && quote !== "'") {
      const next = raw[i + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
        decoded += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (next !== undefined && Object.hasOwn(SIMPLE_ESCAPES, next)) {
        decoded += SIMPLE_ESCAPES[next];
        i += 2;
      } else return undefined;
    } else if (c === "'" && quote === "'" && raw[i + 1] === "'") {
      decoded += "'";
      i += 2;
    } else {
      decoded += c;
      i++;
    }
  }
  offsets.push(raw.length);
  if (decoded !== value) return undefined;
  return source.range(base + offsets[start]!, offsets[end]! - offsets[start]!);
}
