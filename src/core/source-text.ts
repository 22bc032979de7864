// Offsets in a source text to 1-based line/column positions, with a line index built on first use.

import type { Position, Range } from './types';

export class SourceText {
  private lineStarts: number[] | undefined;

  constructor(readonly text: string) {}

  /** Start offsets of every line; `\r\n`, `\n` and a lone `\r` each end a line, as in editors. */
  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
    return starts;
  }

  position(offset: number): Position {
    const starts = this.starts();
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    // Between the CR and the LF of a line end is still the end of that line.
    if (clamped > 0 && this.text.charCodeAt(clamped) === 10 && this.text.charCodeAt(clamped - 1) === 13) clamped--;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (starts[low] ?? 0) + 1 };
  }

  range(offset: number, length: number): Range {
    return { start: this.position(offset), end: this.position(offset + Math.max(0, length)) };
  }

  /** The offset of a 1-based position (used by suppression comments and tests). */
  offset(position: Position): number {
    const starts = this.starts();
    const start = starts[Math.min(Math.max(position.line - 1, 0), starts.length - 1)] ?? 0;
    return Math.min(start + position.column - 1, this.text.length);
  }

  get lineCount(): number {
    return this.starts().length;
  }
}

/** A zero-width range at the start of a file, for diagnostics without a better place. */
export const FILE_START: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
