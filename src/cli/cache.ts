// --cache: results of files whose content, settings and run facts are unchanged since the last run
// are reused. The key covers everything a result depends on: the ecs-lint version, the file's
// settings and input type, its text, and (for files that use them) the IAM facts of the run.

import { createHash } from './hash';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { FileResult } from '../engine/lint';
import type { Diagnostic } from '../engine/types';

interface Entry {
  key: string;
  recognized: boolean;
  diagnostics: Diagnostic[];
}

interface CacheFile {
  version: string;
  entries: Record<string, Entry>;
}

export class LintCache {
  private readonly entries: Record<string, Entry>;
  private readonly next: Record<string, Entry> = {};

  constructor(
    private readonly path: string,
    private readonly version: string,
  ) {
    let loaded: CacheFile | undefined;
    try {
      loaded = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    } catch {
      loaded = undefined;
    }
    // Another version of ecs-lint may judge differently: its results are not reused.
    this.entries = loaded && loaded.version === version && typeof loaded.entries === 'object' ? loaded.entries : {};
  }

  static key(parts: readonly string[]): string {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part).update('\0');
    return hash.digest('hex');
  }

  /** The cached result of a file, when its key is unchanged. */
  get(file: string, key: string): FileResult | undefined {
    const entry = this.entries[file];
    if (!entry || entry.key !== key) return undefined;
    this.next[file] = entry;
    return { diagnostics: entry.diagnostics, recognized: entry.recognized, internalErrors: [] };
  }

  set(file: string, key: string, result: FileResult): void {
    // A result with an internal error is not a result: lint the file again next time.
    if (result.internalErrors.length > 0) return;
    this.next[file] = { key, recognized: result.recognized, diagnostics: result.diagnostics };
  }

  /** Writes the entries of this run (files no longer linted drop out). */
  save(): void {
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: this.version, entries: this.next } satisfies CacheFile));
    renameSync(temporary, this.path);
  }
}
