// Files to lint from the command line's files, directories and globs.

import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type FastGlob from 'fast-glob';

/** Extensions a directory expands to. */
export const CANDIDATE_EXTENSIONS = ['json', 'yaml', 'yml', 'template', 'tf'];
/** Also `.terraform/`: the modules and providers `terraform init` downloads are not the project's. */
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**', '**/.terraform/**'];

export interface FileEntry {
  /** The path shown in reports: as given, or the directory as given joined with the relative path. */
  displayPath: string;
  absolutePath: string;
  /** Named on the command line (not found by expanding a directory or a glob). */
  explicit: boolean;
}

export interface Discovery {
  files: FileEntry[];
  /** Patterns that name no existing file or directory and match nothing. */
  unmatched: string[];
}

export interface DiscoverOptions {
  cwd: string;
  /** Globs of files not to lint, relative to `ignoreBase` (the config file's directory). */
  ignore: readonly string[];
  ignoreBase: string;
}

/** Loaded only when a directory or glob needs expanding: a plain file path needs no glob machinery. */
let fastGlob: typeof FastGlob | undefined;
async function glob(): Promise<typeof FastGlob> {
  fastGlob ??= (await import('fast-glob')).default;
  return fastGlob;
}

export async function discoverFiles(patterns: readonly string[], options: DiscoverOptions): Promise<Discovery> {
  const { cwd } = options;
  const isIgnored = await ignoreMatcher(options);
  const files: FileEntry[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  const add = (entry: FileEntry): void => {
    if (seen.has(entry.absolutePath) || isIgnored(entry.absolutePath)) return;
    seen.add(entry.absolutePath);
    files.push(entry);
  };

  for (const pattern of patterns.length > 0 ? patterns : ['.']) {
    const absolute = resolve(cwd, pattern);
    const stats = statOrUndefined(absolute);
    if (stats?.isFile()) {
      add({ displayPath: pattern, absolutePath: absolute, explicit: true });
      continue;
    }
    if (stats?.isDirectory()) {
      const found = (await glob()).sync(`**/*.{${CANDIDATE_EXTENSIONS.join(',')}}`, {
        cwd: absolute,
        ignore: ALWAYS_IGNORED,
        dot: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        suppressErrors: true,
      });
      for (const file of found.sort()) {
        add({ displayPath: displayJoin(pattern, file), absolutePath: join(absolute, file), explicit: false });
      }
      continue;
    }
    const fg = await glob();
    if (fg.isDynamicPattern(pattern)) {
      const found = fg.sync(pattern.replace(/\\/g, '/'), {
        cwd,
        ignore: ALWAYS_IGNORED,
        dot: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        suppressErrors: true,
      });
      for (const file of found.sort()) add({ displayPath: file, absolutePath: resolve(cwd, file), explicit: false });
      if (found.length === 0) unmatched.push(pattern);
      continue;
    }
    unmatched.push(pattern);
  }
  return { files, unmatched };
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function displayJoin(directory: string, file: string): string {
  if (directory === '.' || directory === './') return file;
  return `${directory.replace(/[\\/]+$/, '')}/${file}`;
}

function ignoreMatcher(options: DiscoverOptions): Promise<(absolutePath: string) => boolean> {
  return globMatcher(options.ignore, options.ignoreBase);
}

/** A test of absolute paths against globs relative to `base` (the config file's directory). */
export async function globMatcher(globs: readonly string[], base: string): Promise<(absolutePath: string) => boolean> {
  if (globs.length === 0) return () => false;
  const { default: picomatch } = await import('picomatch');
  const match = picomatch([...globs], { dot: true });
  return (absolutePath) => {
    const path = relative(base, absolutePath).replace(/\\/g, '/');
    if (path.startsWith('..') || isAbsolute(path)) return false;
    return match(path);
  };
}
