// The public shapes of the Node.js API: its options and errors (the results are core/results).

import type { InputType, SeveritySetting, Target } from '../core/types';

import type { LintResult } from '../core/results';

export type { LintMessage, LintResult, RuleMeta } from '../core/results';

/** Settings of a configuration file, for `overrideConfig`: they win over every file's own. */
export interface OverrideConfig {
  account?: string;
  region?: string;
  partition?: string;
  target?: Target;
  reportUnknownConditions?: boolean;
  policyScope?: 'ecs' | 'all';
  /** Severities by rule id: they win over the configuration files and their overrides. */
  rules?: Record<string, SeveritySetting>;
  /** IAM facts, as a configuration file gives them, in addition to every configuration file's. */
  /** IAM roles by ARN or name: inline policy files and attached managed policy ARNs. */
  roles?: Record<string, { policies?: string[]; managedPolicies?: string[] }>;
  /** Customer managed policy ARN → policy document file. */
  policies?: Record<string, string>;
  /** Secrets by ARN or name: KMS key and resource policy file. */
  secrets?: Record<string, { kmsKeyId?: string; resourcePolicy?: string }>;
  /** The directory the policy files named above are relative to (default: `cwd`). */
  basePath?: string;
}

export interface EcsLintOptions extends OverrideConfig {
  /** The directory patterns and relative paths start from (default: the process's). */
  cwd?: string;
  /** One configuration file for every file, instead of each file's nearest `.ecs-lint.json`. */
  configFile?: string;
  /** Settings over every configuration file's (the account, region, partition and target here are the same). */
  overrideConfig?: OverrideConfig;
  /**
   * Apply the fixes (where there is one right answer) and lint again until nothing changes: results
   * carry `output`, the fixed text, which EcsLint.outputFixes writes.
   */
  fix?: boolean;
  /** Take every file as this kind of input instead of detecting it. */
  inputType?: InputType;
  /** Files larger than this are reported, not read: bytes, or a size such as "64MiB" (default: the config's, else 16MiB). */
  maxFileSize?: number | string;
  /** Keep results between runs in `cacheLocation` (default `.ecs-lint-cache` in `cwd`), for files that did not change. */
  cache?: boolean;
  cacheLocation?: string;
  /** Report a file named in `lintFiles` that is not an input ecs-lint reads (default true). */
  warnUnrecognized?: boolean;
  /** Leave out the files the configuration's `ignore` names (default true). */
  ignore?: boolean;
  /** A pattern that names no file throws a NoFilesFoundError (default true); see `onUnmatchedPattern`. */
  errorOnUnmatchedPattern?: boolean;
  /** Called for each pattern that names no file, instead of throwing. */
  onUnmatchedPattern?: (pattern: string) => void;
  /**
   * Called when a rule throws on a file (a bug in ecs-lint): the run goes on. Without it, the run
   * ends with an InternalRuleError after every file was linted.
   */
  onInternalError?: (failure: InternalFailure) => void;
  /** Called with a warning about the run itself (the cache could not be saved); default: process.emitWarning. */
  onWarning?: (message: string) => void;
  /** Reads a file's text in place of the disk (an editor's unsaved documents); undefined: read the disk. */
  readFile?: (absolutePath: string) => string | undefined;
}

export interface InternalFailure {
  ruleId: string;
  filePath: string;
  error: unknown;
}

export interface LintTextOptions {
  /** Where the text is (relative to `cwd`, or absolute): its configuration, its input type, its module. */
  filePath?: string;
  /** Say so when the text is not an input ecs-lint reads (default true; an editor passes false). */
  warnUnrecognized?: boolean;
  /** Other texts whose facts serve this lint (an editor's other open documents), by path. */
  factFiles?: ReadonlyArray<{ filePath: string; text: string }>;
}

/** A pattern named no file or directory. */
export class NoFilesFoundError extends Error {
  constructor(readonly patterns: readonly string[]) {
    super(`no such file or directory, and no files match: ${patterns.map((pattern) => `"${pattern}"`).join(', ')}`);
    this.name = 'NoFilesFoundError';
  }
}

/** Rules threw on some files (a bug in ecs-lint); `results` holds what the run found. */
export class InternalRuleError extends Error {
  constructor(
    readonly failures: readonly InternalFailure[],
    readonly results: readonly LintResult[],
  ) {
    super(failures.map(({ ruleId, filePath }) => `internal error in rule ${ruleId} on ${filePath}`).join('\n'));
    this.name = 'InternalRuleError';
  }
}
