// Files to lint from the command line's files, directories and globs (what each file's
// configuration ignores is left out by the caller, which knows the configurations).

import { lstatSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type FastGlob from 'fast-glob';

/** Also `.terraform/`: the modules and providers `terraform init` downloads are not the project's. */
const IGNORED_DIRECTORIES = ['node_modules', '.git', '.terraform'];
const ALWAYS_IGNORED = IGNORED_DIRECTORIES.map((name) => `**/${name}/**`);
/** The files a directory expands to: .json, .yaml, .yml, .template and .tf. */
const CANDIDATE_NAME = /\.(?:json|yaml|yml|template|tf)$/;

export interface FileEntry {
  /** The path shown in reports: as given, or the directory as given joined with the relative path. */
  displayPath: string;
  absolutePath: string;
  /** Named on the command line (not found by expanding a directory or a glob). */
  explicit: boolean;
  /**
   * Read for its facts only, not linted or reported: a .tf file of the module (directory) of a .tf
   * file the run lints, which the command line did not name (pre-commit passes staged files alone).
   */
  factsOnly?: boolean;
}

export interface Discovery {
  files: FileEntry[];
  /** Patterns that name no existing file or directory and match nothing. */
  unmatched: string[];
}

export interface DiscoverOptions {
  cwd: string;
}

/** Loaded only when a directory or glob needs expanding: a plain file path needs no glob machinery. */
let fastGlob: typeof FastGlob | undefined;
async function glob(): Promise<typeof FastGlob> {
  fastGlob ??= (await import('fast-glob')).default;
  return fastGlob;
}

export async function discoverFiles(patterns: readonly string[], options: DiscoverOptions): Promise<Discovery> {
  const { cwd } = options;
  const files: FileEntry[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  const add = (entry: FileEntry): void => {
    if (seen.has(entry.absolutePath)) return;
    seen.add(entry.absolutePath);
    files.push(entry);
  };

  for (const pattern of patterns.length > 0 ? patterns : ['.']) {
    const absolute = resolve(cwd, pattern);
    const stats = statOf(absolute);
    if (stats === 'missing') {
      const fg = await glob();
      if (fg.isDynamicPattern(pattern)) {
        const found = expand(fg, pattern.replace(/\\/g, '/'), cwd);
        for (const file of found) add({ displayPath: file, absolutePath: resolve(cwd, file), explicit: false });
        if (found.length === 0) unmatched.push(pattern);
        continue;
      }
      unmatched.push(pattern);
    } else if (stats !== 'unreadable' && stats.isDirectory()) {
      for (const file of walkDirectory(absolute)) {
        add({ displayPath: displayJoin(pattern, file), absolutePath: join(absolute, file), explicit: false });
      }
    } else {
      // A file, or a path that exists but cannot be examined (a symlink loop, no permission) or is
      // not a regular file (a FIFO): reading it reports what is wrong, without blocking.
      add({ displayPath: pattern, absolutePath: absolute, explicit: true });
    }
  }
  return { files, unmatched };
}

const TERRAFORM_FILE = /\.tf$/i;

/**
 * The .tf files beside a .tf file (its module: Terraform reads every .tf file of a directory as one
 * configuration), sorted, without the file itself.
 */
export function moduleFiles(absolutePath: string): string[] {
  return terraformFiles(dirname(absolutePath)).filter((path) => path !== absolutePath);
}

/** The .tf files of a directory (a module), sorted. */
export function terraformFiles(directory: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (!TERRAFORM_FILE.test(entry.name)) continue;
    const path = join(directory, entry.name);
    const kind = kindOf(entry, path);
    if (kind === 'file') files.push(path);
    else if (kind === 'link') {
      const target = statOf(path);
      if (target !== 'missing' && target !== 'unreadable' && target.isFile()) files.push(path);
    }
  }
  return files.sort();
}

/**
 * The files with the rest of the modules of their .tf files added as facts-only entries (after the
 * first file of each module), so that a .tf file named alone is linted as `ecs-lint <its directory>`
 * lints it. Files the config ignores stay out, as they do from a directory's run.
 */
export function withModuleFiles(files: FileEntry[], isIgnored: (absolutePath: string) => boolean): FileEntry[] {
  if (!files.some((file) => TERRAFORM_FILE.test(file.absolutePath))) return files;
  const present = new Set(files.map((file) => file.absolutePath));
  const result: FileEntry[] = [];
  const done = new Set<string>();
  for (const file of files) {
    result.push(file);
    if (!TERRAFORM_FILE.test(file.absolutePath)) continue;
    const directory = dirname(file.absolutePath);
    if (done.has(directory)) continue;
    done.add(directory);
    const shownDirectory = dirname(file.displayPath);
    for (const sibling of moduleFiles(file.absolutePath)) {
      if (present.has(sibling) || isIgnored(sibling)) continue;
      present.add(sibling);
      const name = basename(sibling);
      result.push({ displayPath: shownDirectory === '.' ? name : `${shownDirectory}/${name}`, absolutePath: sibling, explicit: false, factsOnly: true });
    }
  }
  return result;
}

/** What a named path is: missing (perhaps a glob), there but not examinable, or its stats. */
function statOf(path: string): Stats | 'missing' | 'unreadable' {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG' ? 'missing' : 'unreadable';
  }
}

/**
 * The files a glob finds, sorted. Symbolic links are not followed into directories (no loops); a
 * link to a file is linted, and a link that cannot be resolved for a reason other than pointing
 * nowhere (a loop) is listed so that reading it reports the problem. Other special files (FIFOs,
 * sockets) are passed over: reading one could block.
 */
function expand(fg: typeof FastGlob, pattern: string, cwd: string): string[] {
  const entries = fg.sync(pattern, {
    cwd,
    ignore: ALWAYS_IGNORED,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    objectMode: true,
  });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.dirent.isFile()) files.push(entry.path);
    else if (entry.dirent.isSymbolicLink()) {
      const target = statOf(join(cwd, entry.path));
      if (target === 'unreadable' || (target !== 'missing' && target.isFile())) files.push(entry.path);
    }
  }
  return files.sort();
}

/**
 * The candidate files under a directory (relative paths, sorted), as expand() would find them with
 * `**\/*.{json,…}`: the same rules for links and special files, without a glob engine's cost on
 * every entry (a directory is most runs' argument, and the walk was a tenth of a large run).
 */
function walkDirectory(root: string): string[] {
  const files: string[] = [];
  const visit = (directory: string, prefix: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(directory, entry.name);
      const kind = kindOf(entry, path);
      if (kind === 'directory') {
        if (!IGNORED_DIRECTORIES.includes(entry.name)) visit(path, `${prefix}${entry.name}/`);
      } else if (CANDIDATE_NAME.test(entry.name)) {
        if (kind === 'file') files.push(prefix + entry.name);
        else if (kind === 'link') {
          const target = statOf(path);
          if (target === 'unreadable' || (target !== 'missing' && target.isFile())) files.push(prefix + entry.name);
        }
      }
    }
  };
  visit(root, '');
  return files.sort();
}

/** What a directory entry is; file systems that do not say are asked (lstat). */
function kindOf(entry: Dirent, path: string): 'file' | 'directory' | 'link' | 'other' {
  let stats: Dirent | Stats = entry;
  if (!entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink() && !entry.isFIFO() && !entry.isSocket() && !entry.isCharacterDevice() && !entry.isBlockDevice()) {
    try {
      stats = lstatSync(path);
    } catch {
      return 'other';
    }
  }
  return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : stats.isSymbolicLink() ? 'link' : 'other';
}

function displayJoin(directory: string, file: string): string {
  if (directory === '.' || directory === './') return file;
  return `${directory.replace(/[\\/]+$/, '')}/${file}`;
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
