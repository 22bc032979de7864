// --cache: results of files whose content, settings and run facts are unchanged since the last run
// are reused. The key covers everything a result depends on: the ecs-lint version, the file's
// settings and input type, its text, and (for files that use them) the IAM facts of the run.

import { createHash } from './hash';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { FileResult } from '../engine/lint';
import type { Diagnostic } from '../core/types';

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

  /**
   * Writes the entries of this run (files no longer linted drop out). Returns why the file could
   * not be written, if it could not: the run stands, only the next one is not faster.
   */
  save(): string | undefined {
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, JSON.stringify({ version: this.version, entries: this.next } satisfies CacheFile));
      renameSync(temporary, this.path);
      return undefined;
    } catch (error) {
      rmSync(temporary, { force: true });
      return `cannot write the cache file ${this.path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); this run's results are not cached`;
    }
  }
}
