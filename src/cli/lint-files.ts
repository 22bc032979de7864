// Lints the files of a run, each read once where it can be. IAM facts found in any file serve task
// definitions anywhere in the run, so a file that asks for them (it names secrets, or is a Terraform
// task definition or service) is linted against the facts known so far and keeps that result only
// if the finished workspace answers its questions the same way; otherwise it is linted again at
// the end. Terraform files wait for the rest of their module (their directory) first.

import type { Hash } from 'node:crypto';
import { dirname, sep } from 'node:path';
import { lintText, type FileResult, type LintOptions } from '../engine/lint';
import type { LoadResult } from '../loaders/document';
import type { LintSettings } from '../core/types';
import { QuestionBook, type IamWorkspace, type Question } from '../iam/workspace';
import { formatNeeds, loadedTerraform, prepareFormats } from '../loaders/formats';
import { LintCache } from './cache';
import type { FileEntry } from './discover';
import { readSource } from './lint-file';
import { addFileFacts, addRegistryAuthFamilies, finishFileFacts, mayDefineService, mayHoldIamFacts } from './workspace';

/** Text of waiting files kept in memory at a time; beyond it they are linted early or read again. */
const MAX_HELD_CHARACTERS = 4 * 1024 * 1024;
/** How many files, and how much of their text, are read ahead of their linting. */
const READ_AHEAD_FILES = 64;
const READ_AHEAD_CHARACTERS = 1024 * 1024;
/** What a loaded .tf file held counts for, per character of its text. */
const LOADED_WEIGHT = 8;
/**
 * Files that ask for the facts of the whole run: task definitions naming secrets, and services, as
 * JSON, CloudFormation JSON or YAML (credentialsParameter, CredentialsParameter:, …).
 */
const NEEDS_RUN_FACTS = /[cC]redentialsParameter|[vV]alueFrom|[pP]latformVersion/;
/**
 * Terraform task definitions and services: their module's other files define their roles and
 * secrets. IAM resources: whether a policy is in the default policy scope depends on the role it
 * reaches, which another file of the module may define.
 */
const TERRAFORM_FILE = /\.tf$/i;
const NEEDS_MODULE_FACTS = /\b(?:aws_ecs_task_definition|aws_ecs_service|aws_iam_\w+)\b/;

export interface LintFilesContext {
  files: readonly FileEntry[];
  /** The run's settings, for files that cannot be read. */
  settings: LintSettings;
  settingsFor(absolutePath: string): LintSettings;
  fileOptions(file: FileEntry): LintOptions;
  isPayload(absolutePath: string): boolean;
  /** The run's workspace, with the config file's facts. */
  workspace: IamWorkspace;
  /** --cache: results are keyed on the text, the settings and (for waiting files) the run's facts. */
  cache?: LintCache;
  /** The config file's part of the facts digest (only with --cache). */
  facts?: Hash;
  /** Files larger than this many bytes are reported, not read. */
  maxFileBytes: number;
}

interface Waiting {
  index: number;
  /** The text, when held (within the budget) for the final lint. */
  text?: string;
  /** A .tf file's load from the facts pass, when held with its text. */
  loaded?: LoadResult;
  /** The result of linting against the facts known then (early). */
  result?: FileResult;
  /** What that lint asked (undefined: its answers cannot be checked), in which generation of the facts. */
  questions?: Question[] | undefined;
  generation?: number;
  /** A .tf file linted after all of its module's files were read. */
  wholeModule?: boolean;
  /** A task-definition file whose registry-auth families a service of the run may ask about. */
  families: boolean;
}

/** The result of a file read only for its facts (FileEntry.factsOnly): nothing to report. */
const NOT_REPORTED: FileResult = { diagnostics: [], recognized: false, internalErrors: [] };

/** The results of the files, in their order (facts-only files: an empty, unrecognised result). */
export async function lintFiles(context: LintFilesContext): Promise<FileResult[]> {
  const { files, settings, workspace, cache, facts, maxFileBytes } = context;
  const results: FileResult[] = new Array(files.length);
  const waiting: Waiting[] = [];
  let held = 0;
  let servicesInRun = false;
  // Early results cannot be keyed on facts not known yet: with --cache, waiting files are held (up
  // to a budget; beyond it read again) and linted once every fact is known.
  const early = !cache;
  // A file's options completed (fileOptions makes a new object for each call): the text already
  // loaded, where it can be used again, and the workspace to lint against.
  const withLoaded = (options: LintOptions, loaded: LoadResult | undefined): LintOptions => {
    if (loaded && loadedTerraform()?.reusableLoad(loaded)) options.loaded = loaded;
    return options;
  };
  const withWorkspace = (options: LintOptions, workspace: IamWorkspace, loaded: LoadResult | undefined): LintOptions => {
    options.workspace = workspace;
    return withLoaded(options, loaded);
  };
  const lintCached = (file: FileEntry, text: string, options: LintOptions, factsDigest: string): FileResult => {
    const fileSettings = context.settingsFor(file.absolutePath);
    const key = cache && LintCache.key([JSON.stringify(fileSettings), String(options.inputType), factsDigest, text]);
    const cached = key ? cache!.get(file.absolutePath, key) : undefined;
    if (cached) return cached;
    const result = lintText(text, fileSettings, options);
    if (key) cache!.set(file.absolutePath, key, result);
    return result;
  };

  // A waiting .tf file's facts are in the run's finished workspace (addFileFacts, finishFileFacts):
  // its lint does not add them again.
  const optionsFor = (file: FileEntry): LintOptions => {
    const options = context.fileOptions(file);
    if (TERRAFORM_FILE.test(file.absolutePath)) options.factsInWorkspace = true;
    return options;
  };

  // The facts known so far (the run's workspace with the Terraform keys and links of the files read
  // so far), made again after a change. A generation is a state of the facts; a Terraform file's
  // facts count as a change (its keys and links are kept apart from the workspace until
  // finishFileFacts). An early lint notes its answers as values: what changes after it is seen.
  let generation = 0;
  let changesSeen = workspace.changes;
  const nextGeneration = (terraformFacts: boolean): void => {
    if (terraformFacts || workspace.changes !== changesSeen) generation++;
    changesSeen = workspace.changes;
  };
  let known: { workspace: IamWorkspace; generation: number } | undefined;
  const book = new QuestionBook();
  const knownFacts = (): IamWorkspace => {
    if (known?.generation !== generation) known = { workspace: finishFileFacts(workspace), generation };
    return known.workspace;
  };
  const lintEarly = (entry: Waiting, text: string, wholeModule = true): void => {
    const file = files[entry.index]!;
    const { workspace: asked, reads } = knownFacts().recording(book, generation);
    const result = lintText(text, context.settingsFor(file.absolutePath), withWorkspace(optionsFor(file), asked, entry.loaded));
    entry.result = result;
    entry.questions = reads.done();
    entry.generation = generation;
    entry.wholeModule = wholeModule;
    entry.text = entry.loaded = undefined;
  };

  // Terraform files waiting for the other files of their module, by directory.
  const modules = new Map<string, Array<{ entry: Waiting; text: string; weight: number }>>();
  const lintModule = (directory: string, wholeModule = true): void => {
    for (const { entry, text, weight } of modules.get(directory) ?? []) {
      held -= weight;
      lintEarly(entry, text, wholeModule);
    }
    modules.delete(directory);
  };

  // Files are read a few at a time, ahead of their linting: reads in a row go faster than reads
  // between parses.
  const ahead = new Map<number, ReturnType<typeof readSource>>();
  const readAhead = (index: number): ReturnType<typeof readSource> => {
    if (!ahead.has(index)) {
      let characters = 0;
      for (let next = index; next < files.length && next < index + READ_AHEAD_FILES && characters < READ_AHEAD_CHARACTERS; next++) {
        const source = readSource(files[next]!.absolutePath, settings, maxFileBytes);
        ahead.set(next, source);
        if ('text' in source) characters += source.text.length;
      }
    }
    const source = ahead.get(index)!;
    ahead.delete(index);
    return source;
  };

  for (const [index, file] of files.entries()) {
    // Files come sorted by path: a module whose directory is behind us has all its files read.
    for (const directory of modules.keys()) if (!file.absolutePath.startsWith(directory + sep)) lintModule(directory);
    const source = readAhead(index);
    if ('problem' in source) {
      // A module's file that is read only for its facts is not reported on, even when unreadable.
      results[index] = file.factsOnly ? NOT_REPORTED : source.problem;
      continue;
    }
    const { text } = source;
    // A Terraform plan is JSON: only its text tells that the Terraform reader is needed.
    if (text.includes('"format_version"')) await prepareFormats(formatNeeds(file.absolutePath, text));
    const tfFile = TERRAFORM_FILE.test(file.absolutePath) && !context.isPayload(file.absolutePath);
    const terraform = tfFile && NEEDS_MODULE_FACTS.test(text);
    const wait = terraform || NEEDS_RUN_FACTS.test(text);
    const weight = terraform ? text.length * LOADED_WEIGHT : text.length;
    const hold = wait && (early ? terraform : held + weight <= MAX_HELD_CHARACTERS);
    // A .tf file is linted with what its facts pass loaded (when that is still as it was read):
    // one parse instead of two.
    let loaded: LoadResult | undefined;
    const keepLoad = tfFile && !file.factsOnly && (hold || !wait) ? (load: LoadResult) => void (loaded = load) : undefined;
    if (addFileFacts(workspace, text, file.displayPath, file.absolutePath, { ...(keepLoad ? { onTerraformLoad: keepLoad } : {}), deferFamilies: true })) {
      facts?.update(file.absolutePath).update('\0').update(text);
    }
    nextGeneration(tfFile);
    servicesInRun ||= mayDefineService(text);
    if (file.factsOnly) {
      results[index] = NOT_REPORTED;
      continue;
    }
    if (!wait) {
      results[index] = lintCached(file, text, withLoaded(context.fileOptions(file), loaded), '');
      continue;
    }
    const entry: Waiting = { index, families: !tfFile && text.includes('"credentialsParameter"') && !mayHoldIamFacts(text) };
    if (loaded) entry.loaded = loaded;
    waiting.push(entry);
    if (early && terraform) {
      const directory = dirname(file.absolutePath);
      const module = modules.get(directory) ?? [];
      modules.set(directory, module);
      module.push({ entry, text, weight });
      held += weight;
      // Modules larger than the budget are linted now, before all their files are read: their
      // results stand only if nothing is learnt after (a later file may change their own records).
      if (held > MAX_HELD_CHARACTERS) for (const pending of [...modules.keys()]) lintModule(pending, false);
    } else if (early) lintEarly(entry, text);
    else if (hold) {
      entry.text = text;
      held += loaded ? weight : text.length;
    }
  }
  for (const directory of [...modules.keys()]) lintModule(directory);

  // Which families use registry credentials matters only to services (fargate-platform-version):
  // task definitions are read for it only in runs that have one.
  if (servicesInRun) {
    for (const entry of waiting) {
      if (!entry.families) continue;
      const again = entry.text === undefined ? readSource(files[entry.index]!.absolutePath, settings, maxFileBytes) : undefined;
      const text = entry.text ?? (again && 'text' in again ? again.text : undefined);
      if (text !== undefined) addRegistryAuthFamilies(workspace, text);
    }
  }
  nextGeneration(false);
  const runWorkspace = finishFileFacts(workspace);
  const factsDigest = facts?.digest('hex') ?? '';
  for (const entry of waiting) {
    const file = files[entry.index]!;
    const { result: early, questions } = entry;
    if (early && (entry.generation === generation || (entry.wholeModule && questions && book.answersHold(questions, entry.generation!, runWorkspace)))) {
      results[entry.index] = early;
      continue;
    }
    let text = entry.text;
    const { loaded } = entry;
    entry.text = entry.loaded = entry.result = entry.questions = undefined;
    if (text === undefined) {
      const again = readSource(file.absolutePath, settings, maxFileBytes);
      if ('problem' in again) {
        results[entry.index] = again.problem;
        continue;
      }
      text = again.text;
    }
    results[entry.index] = lintCached(file, text, withWorkspace(optionsFor(file), runWorkspace, loaded), factsDigest);
  }
  return results;
}
