// Reads one file and lints it: a file that cannot be read, is too large, binary or not UTF-8 is a
// parse-error finding, not a crash.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fileProblem, lintText, type FileResult, type LintOptions } from '../engine/lint';
import type { LintSettings } from '../core/types';
import { decodeSource } from '../loaders/decode';
import { SourceText } from '../core/source-text';

/** Files larger than this are reported, not read: no task definition or template comes close. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** The text of a file, or the finding that says why there is none. */
export type SourceRead = { text: string } | { problem: FileResult };

export function lintFile(path: string, settings: LintSettings, options: LintOptions, maxBytes = MAX_FILE_BYTES): FileResult {
  const source = readSource(path, settings, maxBytes);
  return 'problem' in source ? source.problem : lintText(source.text, settings, options);
}

/**
 * Bytes a file is read into when it fits: one read, with no stat, for the files a run is made of.
 * Only a file that does not fit, reads as empty or fails is looked at with fstat (which tells a
 * large file from a device, a directory or a named pipe). The bytes are decoded before the next
 * read, so one buffer serves the whole run.
 */
const SHARED_BYTES = 256 * 1024;
let shared: Buffer | undefined;

export function readSource(path: string, settings: LintSettings, maxBytes = MAX_FILE_BYTES): SourceRead {
  let descriptor: number | undefined;
  try {
    // Non-blocking: opening a FIFO would otherwise wait for a writer. Regular files read as usual.
    descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const buffer = (shared ??= Buffer.allocUnsafe(SHARED_BYTES));
    let read = 0;
    try {
      for (let count = -1; count !== 0 && read < buffer.length; read += count) {
        count = readSync(descriptor, buffer, read, buffer.length - read, read);
      }
    } catch {
      // A directory (EISDIR), a pipe without data (EAGAIN), a device without positions (ESPIPE):
      // fstat below says which.
      read = -1;
    }
    if (read > 0 && read < buffer.length && read <= maxBytes) return sourceOf(buffer.subarray(0, read), settings);
    return readLarge(descriptor, settings, maxBytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' ? 'permission denied' : code === 'ELOOP' ? 'too many levels of symbolic links' : (code ?? String(error));
    return { problem: fileProblem('unreadable', { reason }, settings) };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** A file that is empty, larger than the shared buffer or not a regular file. */
function readLarge(descriptor: number, settings: LintSettings, maxBytes: number): SourceRead {
  const stats = fstatSync(descriptor);
  if (!stats.isFile()) {
    const reason = stats.isDirectory() ? 'it is a directory' : stats.isFIFO() ? 'it is a named pipe (FIFO), not a regular file' : 'not a regular file';
    return { problem: fileProblem('unreadable', { reason }, settings) };
  }
  const { size } = stats;
  if (size > maxBytes) {
    return { problem: fileProblem('too-large', { size: formatBytes(size), limit: `${formatBytes(maxBytes)} (--max-file-size)` }, settings) };
  }
  let bytes = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const count = readSync(descriptor, bytes, read, size - read, read);
    if (count === 0) break;
    read += count;
  }
  bytes = bytes.subarray(0, read);
  return sourceOf(bytes, settings);
}

/** The text of bytes read (a file, standard input), or the finding that says why there is none. */
export function sourceOf(bytes: Buffer, settings: LintSettings): SourceRead {
  const decoded = decodeSource(bytes);
  if ('problem' in decoded) {
    if (decoded.problem === 'binary') return { problem: fileProblem('binary', {}, settings) };
    // Point at the first invalid byte: the text before it is valid UTF-8.
    const before = new SourceText(bytes.subarray(0, decoded.offset).toString('utf8'));
    const at = before.position(before.text.length);
    return { problem: fileProblem('encoding', { offset: decoded.offset }, settings, { start: at, end: at }) };
  }
  return { text: decoded.text };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** A size as --max-file-size and maxFileSize write it (16MiB, 500kB, 1048576), in bytes; undefined when it is none. */
export function parseSize(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isSafeInteger(text) && text > 0 ? text : undefined;
  const match = /^(\d+(?:\.\d+)?) ?([A-Za-z]*)$/.exec(text.trim());
  const unit = match ? UNITS[match[2]!.toUpperCase()] : undefined;
  if (!match || unit === undefined) return undefined;
  const bytes = Math.floor(Number(match[1]) * unit);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}
