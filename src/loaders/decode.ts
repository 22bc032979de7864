// Bytes → text: UTF-8 (with or without BOM) and UTF-16 with BOM; binary and invalid UTF-8 are
// reported instead of being linted as garbage.

import { isUtf8 } from 'node:buffer';

export type Decoded =
  | { text: string }
  | { problem: 'binary' }
  | { problem: 'encoding'; offset: number };

export function decodeSource(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  if (bytes.indexOf(0) >= 0) return { problem: 'binary' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (!isUtf8(body)) return { problem: 'encoding', offset: firstInvalidUtf8(bytes) };
  return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') };
}

/**
 * Text → bytes in the encoding `original` was written in (a fixed file keeps its BOM and UTF-16).
 */
export function encodeLike(text: string, original: Uint8Array): Uint8Array {
  const utf16 = original[0] === 0xff && original[1] === 0xfe ? 'le' : original[0] === 0xfe && original[1] === 0xff ? 'be' : undefined;
  if (utf16) {
    const bytes = Buffer.from(`\ufeff${text}`, 'utf16le');
    if (utf16 === 'be') bytes.swap16();
    return bytes;
  }
  const bom = original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf;
  return Buffer.from(bom ? `\ufeff${text}` : text, 'utf8');
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let length: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    let codePoint = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return bytes.length;
}
