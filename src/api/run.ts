// Lints the files of a run in two passes. The first reads every file once: it collects the facts
// the file holds for others (IAM outputs, a Terraform module's records, families' Fargate needs), and
// lints at once a file whose findings cannot depend on other files; the others wait. The second
// lints the waiting files against the run's facts, all known by then. A waiting file's text (and a
// .tf file's load) is kept for the second pass within a budget; beyond it the file is read again.

import type { Hash } from 'node:crypto';
import { dirname } from 'node:path';
import { lintAndFix, lintLoaded, lintText, type FileResult, type LintOptions } from '../engine/lint';
import type { LoadResult } from '../loaders/document';
import type { LintSettings } from '../core/types';
import { FactView } from '../facts/view';
import type { FactStore } from '../facts/store';
import { isTerraformFile, mayDefineService, mayHoldFargateNeeds, mayHoldIamFacts, needsFacts } from '../facts/needs';
import { formatNeeds, prepareFormats } from '../loaders/formats';
import { LintCache } from './cache';
import type { FileEntry } from './discover';
import { readSource } from './read';
import { addFamilyNeeds, addFileFacts, readTextFile } from './collect';
import { ModuleCache } from './modules';

/** Text of waiting files kept in memory at a time; beyond it they are read again. */
const MAX_HELD_CHARACTERS = 64 * 1024 * 1024;
/** How many files, and how much of their text, are read ahead of their linting. */
const READ_AHEAD_FILES = 64;
const READ_AHEAD_CHARACTERS = 1024 * 1024;
/** What a loaded .tf file held counts for, per character of its text. */
const LOADED_WEIGHT = 8;

export interface LintFilesContext {
  files: readonly FileEntry[];
  /** The run's settings, for files that cannot be read. */
  settings: LintSettings;
  settingsFor(absolutePath: string): LintSettings;
  /** A file's lint options, without the facts (added here). */
  fileOptions(file: FileEntry): LintOptions;
  isPayload(absolutePath: string): boolean;
  /** The run's facts so far: the config file's. */
  store: FactStore;
  /** --cache: results are keyed on the text, the settings and (for waiting files) the run's facts. */
  cache?: LintCache;
  /** The config file's part of the facts digest (only with --cache). */
  facts?: Hash;
  /** Files larger than this many bytes are reported, not read. */
  maxFileBytes: number;
  /** Apply the fixes and lint again until nothing changes (results carry `output`). */
  fix?: boolean;
  /** A new store with the config file's facts, for a fix's second round. */
  newStore?: () => FactStore;
}

/** Rounds of a fixing run: the first, and the runs again over fixed files that hold facts. */
export const MAX_FIX_ROUNDS = 3;

interface Waiting {
  index: number;
  /** The text, when held (within the budget) for the second pass. */
  text?: string;
  /** A .tf file's load from the first pass, held with its text. */
  loaded?: LoadResult;
  /** A task-definition file whose families' Fargate needs a service of the run may ask about. */
  families: boolean;
}

/** The result of a file read only for its facts (FileEntry.factsOnly): nothing to report. */
const NOT_REPORTED: FileResult = { diagnostics: [], recognized: false, internalErrors: [] };

/** The results of the files, in their order (facts-only files: an empty, unrecognised result). */
export async function lintFiles(context: LintFilesContext): Promise<FileResult[]> {
  let round = await lintRound(context, NO_TEXTS);
  // A fix in a file that tells others something (a policy, a Terraform module's role) changes the
  // facts the run was linted against: the run is linted again over the fixed texts, until no such
  // file changes. (A template's facts are its own, taken afresh at each pass of lintAndFix.)
  const fixed = new Map<string, string>();
  for (let count = 1; context.fix && context.newStore && count < MAX_FIX_ROUNDS; count++) {
    const { results, told } = round;
    if (!told.some((index) => results[index]!.output !== undefined)) break;
    results.forEach((result, index) => {
      if (result.output !== undefined) fixed.set(context.files[index]!.absolutePath, result.output);
    });
    const { cache: _cache, facts: _facts, ...rest } = context;
    round = await lintRound({ ...rest, store: context.newStore() }, fixed);
  }
  // The output of a file fixed in an earlier round stands when a later one fixed nothing more.
  return round.results.map((result, index) => {
    const earlier = fixed.get(context.files[index]!.absolutePath);
    return result.output === undefined && earlier !== undefined ? { ...result, output: earlier } : result;
  });
}

const NO_TEXTS: ReadonlyMap<string, string> = new Map();

/**
 * One run over the files: their results, and which of them told the run something (`told`: the
 * indexes). `texts` stand for files' contents (fixed in an earlier round).
 */
async function lintRound(context: LintFilesContext, texts: ReadonlyMap<string, string>): Promise<{ results: FileResult[]; told: number[] }> {
  const { files, settings, store, cache, facts, maxFileBytes } = context;
  const results: FileResult[] = new Array(files.length);
  const told: number[] = [];
  const read = (path: string): ReturnType<typeof readSource> => {
    const text = texts.get(path);
    return text === undefined ? readSource(path, settings, maxFileBytes) : { text };
  };
  // A module is the run's .tf files of a directory (those the config ignores are not in the run).
  let modulesFiles: Map<string, string[]> | undefined;
  const filesOf = (directory: string): string[] => {
    if (!modulesFiles) {
      modulesFiles = new Map();
      for (const { absolutePath } of files) {
        if (!isTerraformFile(absolutePath) || context.isPayload(absolutePath)) continue;
        const list = modulesFiles.get(dirname(absolutePath)) ?? [];
        list.push(absolutePath);
        modulesFiles.set(dirname(absolutePath), list);
      }
    }
    return modulesFiles.get(directory) ?? [];
  };
  const modules = new ModuleCache(filesOf, (path) => {
    const source = read(path);
    return 'text' in source ? source.text : undefined;
  }, readTextFile);
  const waiting: Waiting[] = [];
  let held = 0;
  let servicesInRun = false;
  const lint = (file: FileEntry, text: string, view: FactView, loaded: LoadResult | undefined, factsDigest: string): FileResult => {
    const fileSettings = context.settingsFor(file.absolutePath);
    const options = context.fileOptions(file);
    options.facts = view;
    const module = modules.of(file.absolutePath);
    if (module) options.module = module;
    // Fixing writes what it finds: no cached result stands for it.
    const key = cache && !context.fix && LintCache.key([JSON.stringify(fileSettings), String(options.inputType), factsDigest, text]);
    const cached = key ? cache!.get(file.absolutePath, key) : undefined;
    if (cached) return cached;
    const result = loaded ? lintLoaded(text, loaded, fileSettings, options) : lintText(text, fileSettings, options);
    if (key) cache!.set(file.absolutePath, key, result);
    return context.fix ? lintAndFix(text, fileSettings, options, result) : result;
  };

  // Files are read a few at a time, ahead of their linting: reads in a row go faster than reads
  // between parses.
  const ahead = new Map<number, ReturnType<typeof readSource>>();
  const readAhead = (index: number): ReturnType<typeof readSource> => {
    if (!ahead.has(index)) {
      let characters = 0;
      for (let next = index; next < files.length && next < index + READ_AHEAD_FILES && characters < READ_AHEAD_CHARACTERS; next++) {
        const source = read(files[next]!.absolutePath);
        ahead.set(next, source);
        if ('text' in source) characters += source.text.length;
      }
    }
    const source = ahead.get(index)!;
    ahead.delete(index);
    return source;
  };

  // First pass: every file read, its facts collected; a file that needs none of them linted now.
  for (const [index, file] of files.entries()) {
    const source = readAhead(index);
    if ('problem' in source) {
      // A module's file that is read only for its facts is not reported on, even when unreadable.
      results[index] = file.factsOnly ? NOT_REPORTED : source.problem;
      continue;
    }
    const { text } = source;
    // A Terraform plan is JSON: only its text tells that the Terraform reader is needed.
    if (text.includes('"format_version"')) await prepareFormats(formatNeeds(file.absolutePath, text));
    const tfFile = isTerraformFile(file.absolutePath) && !context.isPayload(file.absolutePath);
    const wait = !file.factsOnly && needsFacts(tfFile ? file.absolutePath : '', text);
    // A .tf file is linted with what its facts pass loaded: one parse instead of two.
    let loaded: LoadResult | undefined;
    const keepLoad = tfFile && !file.factsOnly && (!wait || held + text.length * LOADED_WEIGHT <= MAX_HELD_CHARACTERS) ? (load: LoadResult) => void (loaded = load) : undefined;
    const module = tfFile ? modules.of(file.absolutePath) : undefined;
    if (addFileFacts(store, text, file.displayPath, file.absolutePath, { ...(keepLoad ? { onTerraformLoad: keepLoad } : {}), deferFamilies: true, ...(module ? { module } : {}) })) {
      facts?.update(file.absolutePath).update('\0').update(text);
      told.push(index);
    }
    servicesInRun ||= mayDefineService(text);
    if (file.factsOnly) {
      results[index] = NOT_REPORTED;
      continue;
    }
    if (!wait) {
      results[index] = lint(file, text, FactView.EMPTY, loaded, '');
      continue;
    }
    const entry: Waiting = { index, families: !tfFile && mayHoldFargateNeeds(text) && !mayHoldIamFacts(text) };
    const weight = loaded ? text.length * LOADED_WEIGHT : text.length;
    if (held + weight <= MAX_HELD_CHARACTERS) {
      entry.text = text;
      if (loaded) entry.loaded = loaded;
      held += weight;
    }
    waiting.push(entry);
  }

  // What families ask of Fargate matters only to services (fargate-platform-version): task
  // definitions are read for it only in runs that have one.
  if (servicesInRun) {
    for (const entry of waiting) {
      if (!entry.families) continue;
      const again = entry.text === undefined ? read(files[entry.index]!.absolutePath) : undefined;
      const text = entry.text ?? (again && 'text' in again ? again.text : undefined);
      if (text !== undefined) addFamilyNeeds(store, text);
    }
  }

  // Second pass: the waiting files, against every fact of the run.
  const view = store.freeze();
  const factsDigest = facts?.digest('hex') ?? '';
  for (const entry of waiting) {
    const file = files[entry.index]!;
    let { text } = entry;
    const { loaded } = entry;
    entry.text = entry.loaded = undefined;
    if (text === undefined) {
      const again = read(file.absolutePath);
      if ('problem' in again) {
        results[entry.index] = again.problem;
        continue;
      }
      text = again.text;
    }
    results[entry.index] = lint(file, text, view, loaded, factsDigest);
  }
  return { results, told };
}
