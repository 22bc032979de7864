// SHA-256 for --cache, from node:crypto loaded on first use: a run without --cache never loads it.

import { createRequire } from 'node:module';
import type { Hash } from 'node:crypto';

let crypto: typeof import('node:crypto') | undefined;

export function createHash(algorithm: 'sha256'): Hash {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.createHash(algorithm);
}
