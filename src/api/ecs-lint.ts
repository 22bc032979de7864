// EcsLint: the Node.js API, and what the command and the language server are made of. Each file is
// linted with its nearest configuration (or the one named), the facts of the whole run (the config
// files', IAM and Secrets Manager outputs', a Terraform module's other files), and the severities
// the options set over them.

import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { encodeLike } from '../loaders/decode';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { lintAndFix, lintText as lintSource, type FileResult, type LintOptions } from '../engine/lint';
import { docsUrl } from '../rules/define-rule';
import { FORMATS, loadReporter, type FormatName } from '../reporters/index';
import type { Painter } from '../reporters/types';
import type { Diagnostic, LintSettings, SeveritySetting } from '../core/types';
import { FactStore } from '../facts/store';
import type { FactView } from '../facts/view';
import type { HclModule } from '../loaders/hcl/module';
import { isTerraformFile } from '../facts/needs';
import { formatNeeds, prepareFormats } from '../loaders/formats';
import { RULES, RULES_BY_ID } from '../rules/index';
import { closestMatch } from '../model/suggest';
import { ConfigError, type ConfigFile } from './config';
import { ProjectConfigs, type FileConfig } from './configs';
import { discoverFiles, moduleFiles, terraformFiles, withModuleFiles, type FileEntry } from './discover';
import { ModuleCache } from './modules';
import { LintCache } from './cache';
import { createHash } from './hash';
import { addConfigFacts, addFileFacts, configFactFiles, readTextFile } from './collect';
import { lintFiles, MAX_FIX_ROUNDS } from './run';
import { MAX_FILE_BYTES, parseSize, sourceOf } from './read';
import { resolveSettings, type SettingFlags } from './settings';
import { InternalRuleError, NoFilesFoundError, type EcsLintOptions, type InternalFailure, type LintTextOptions } from './types';
import type { LintMessage, LintResult, RuleMeta } from '../core/results';

declare const ECS_LINT_VERSION: string | undefined;

/** The package's version (the build's), for the cache and the formats that name the tool. */
export const VERSION = typeof ECS_LINT_VERSION === 'string' ? ECS_LINT_VERSION : '0.0.0-dev';

export class EcsLint {
  private readonly cwd: string;
  private readonly configs: ProjectConfigs;
  private readonly readText: (absolutePath: string) => string | undefined;

  constructor(private readonly options: EcsLintOptions = {}) {
    this.cwd = resolve(options.cwd ?? process.cwd());
    const flags = settingFlags(options);
    const rules = flags.rules ?? {};
    this.configs = new ProjectConfigs(options.configFile, this.cwd, (config) => resolveSettings(config, flags, (message) => new ConfigError(`${message}; fix the region or the partition`)), rules);
    const overlay = options.readFile;
    this.readText = overlay ? (path) => overlay(path) ?? readTextFile(path) : readTextFile;
  }

  /** The rules, by id: default severity, description, documentation. */
  getRules(): Map<string, RuleMeta> {
    return new Map(RULE_META.map((rule) => [rule.id, rule]));
  }

  /** The configuration and settings that apply to a file (or to `cwd`'s files without one). */
  async calculateConfigForFile(filePath?: string): Promise<{ config: ConfigFile; settings: LintSettings; maxFileSize: number }> {
    const here = await this.configs.forDirectory(filePath === undefined ? this.cwd : dirname(resolve(this.cwd, filePath)));
    const settings = filePath === undefined ? here.settings : here.settingsFor(resolve(this.cwd, filePath));
    return { config: here.config, settings, maxFileSize: this.maxFileBytes(here) };
  }

  /** Lints the files, directories and globs (relative to `cwd`); no pattern: `cwd`. */
  async lintFiles(patterns: string | readonly string[] = []): Promise<LintResult[]> {
    const list = typeof patterns === 'string' ? [patterns] : patterns;
    const discovery = await discoverFiles(list, { cwd: this.cwd });
    const { configs } = this;
    await configs.prepare(discovery.files.map((file) => file.absolutePath));
    const here = await configs.forDirectory(this.cwd);
    const store = this.storeWithConfigFacts();
    const ignoring = this.options.ignore !== false;
    const isIgnored = (absolutePath: string) => ignoring && configs.of(absolutePath).isIgnored(absolutePath);
    const files = withModuleFiles(
      discovery.files.filter((file) => !isIgnored(file.absolutePath)),
      isIgnored,
    );
    const isPayload = (absolutePath: string) => configs.of(absolutePath).isPayload(absolutePath);
    const warnUnrecognized = this.options.warnUnrecognized !== false;
    // A new object for each file (lintFiles completes it): one literal, no spreads, for every file of a run.
    const fileOptions = (file: FileEntry): LintOptions => ({
      inputType: isPayload(file.absolutePath) ? 'secret-payload' : (this.options.inputType ?? 'auto'),
      readFile: this.readText,
      fileName: file.absolutePath,
      reportUnrecognized: file.explicit && warnUnrecognized,
    });
    // YAML and Terraform support are loaded only for runs that have such files.
    await prepareFormats({
      yaml: files.some((file) => formatNeeds(file.absolutePath).yaml),
      terraform: files.some((file) => formatNeeds(file.absolutePath).terraform),
    });
    const cache = this.options.cache ? new LintCache(resolve(this.cwd, this.options.cacheLocation ?? '.ecs-lint-cache'), VERSION) : undefined;
    // What the run's facts are made of: a change to any such file changes the waiting files' keys.
    // (Hashing only with the cache: node:crypto is not loaded otherwise.)
    const facts = cache ? createHash('sha256') : undefined;
    if (facts) {
      const given = this.givenFacts();
      for (const config of [...configs.all.map((known) => known.config), ...(given ? [given] : [])]) {
        facts.update(JSON.stringify(config));
        for (const file of configFactFiles(config)) facts.update(readFileSync(file, 'utf8'));
      }
    }
    const fileResults = await lintFiles({
      maxFileBytes: this.maxFileBytes(here),
      files,
      settings: here.settings,
      settingsFor: (absolutePath) => configs.of(absolutePath).settingsFor(absolutePath),
      fileOptions,
      isPayload,
      store,
      ...(this.options.fix ? { fix: true, newStore: () => this.storeWithConfigFacts() } : {}),
      ...(cache ? { cache } : {}),
      ...(facts ? { facts } : {}),
    });
    const unsaved = cache?.save();
    if (unsaved) (this.options.onWarning ?? ((message: string) => process.emitWarning(message)))(unsaved);
    const results: LintResult[] = [];
    const failures: InternalFailure[] = [];
    files.forEach((file, index) => {
      if (!file.factsOnly) this.collect(file.displayPath, fileResults[index]!, results, failures, file.absolutePath);
    });
    this.finish(discovery.unmatched, failures, results);
    return results;
  }

  /**
   * Lints a text as the file `filePath` would be linted: its configuration, its input type (by its
   * extension), and for a .tf file its module's other files. Text without a path is linted with
   * `cwd`'s configuration and reported as `<text>`. An ignored file gives no result.
   */
  async lintText(text: string | Uint8Array, options: LintTextOptions = {}): Promise<LintResult[]> {
    const { filePath } = options;
    const absolute = filePath === undefined ? undefined : resolve(this.cwd, filePath);
    const here = await this.configs.forDirectory(absolute ? dirname(absolute) : this.cwd);
    if (absolute && this.options.ignore !== false && here.isIgnored(absolute)) return [];
    const settings = absolute ? here.settingsFor(absolute) : here.settings;
    const shown = filePath ?? '<text>';
    const results: LintResult[] = [];
    const failures: InternalFailure[] = [];
    // Bytes are decoded as a file's are: UTF-16 with a BOM is read, binary data and invalid UTF-8 are reported.
    const source = typeof text === 'string' ? { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text } : sourceOf(Buffer.from(text), settings);
    if ('problem' in source) {
      this.collect(shown, source.problem, results, failures);
      return results;
    }
    const terraform = absolute !== undefined && isTerraformFile(absolute);
    // The HCL parser (WASM) is loaded only for runs with Terraform files.
    const needs = formatNeeds(filePath, source.text);
    if (terraform || options.factFiles?.some((file) => isTerraformFile(file.filePath))) needs.terraform = true;
    await prepareFormats(needs);
    // The facts of the other texts given, of a .tf file's module (its other files), and of the text
    // itself (`told`: the text told the run something, which a fix of it may change).
    const given = new Set<string>();
    const ignored = (path: string) => this.options.ignore !== false && here.isIgnored(path);
    const factsWith = (own: string): { view: FactView; told: boolean; module: HclModule | undefined } => {
      const store = this.storeWithConfigFacts();
      // The modules' .tf files as a directory's run reads them, this text for its own file.
      const modules = new ModuleCache(
        (directory) => terraformFiles(directory).filter((path) => path === absolute || !ignored(path)),
        (path) => (path === absolute ? own : this.readText(path)),
        this.readText,
      );
      for (const file of options.factFiles ?? []) {
        const path = resolve(this.cwd, file.filePath);
        if (path === absolute) continue;
        given.add(path);
        const module = modules.of(path);
        addFileFacts(store, stripBom(file.text), this.displayPath(path), path, module ? { module } : {});
      }
      if (absolute && terraform) {
        for (const sibling of moduleFiles(absolute)) {
          if (given.has(sibling) || ignored(sibling)) continue;
          const siblingText = this.readText(sibling);
          // As a directory's run shows them: beside the path given.
          const siblingShown = isAbsolute(filePath!) ? this.displayPath(sibling) : join(dirname(filePath!), basename(sibling));
          const module = modules.of(sibling);
          if (siblingText !== undefined) addFileFacts(store, siblingText, siblingShown, sibling, module ? { module } : {});
        }
      }
      const module = modules.of(absolute);
      const told = absolute !== undefined && addFileFacts(store, own, isAbsolute(filePath!) ? this.displayPath(absolute) : filePath!, absolute, module ? { module } : {});
      return { view: store.freeze(), told, module };
    };
    const first = factsWith(source.text);
    const lintOptions: LintOptions = {
      inputType: absolute && here.isPayload(absolute) ? 'secret-payload' : (this.options.inputType ?? 'auto'),
      facts: first.view,
      readFile: this.readText,
      ...(first.module ? { module: first.module } : {}),
      reportUnrecognized: options.warnUnrecognized !== false,
      // A .tf file's module is its directory: its absolute path; other files are named as given.
      ...(filePath !== undefined ? { fileName: terraform ? absolute! : filePath } : {}),
    };
    let result = this.options.fix ? lintAndFix(source.text, settings, lintOptions) : lintSource(source.text, settings, lintOptions);
    // A fixed text that tells the run something (a module's policy) is linted again with what it now tells.
    for (let round = 1; first.told && result.output !== undefined && round < MAX_FIX_ROUNDS; round++) {
      const facts = factsWith(result.output);
      const again = lintAndFix(result.output, settings, { ...lintOptions, facts: facts.view, ...(facts.module ? { module: facts.module } : {}) });
      result = { ...again, output: again.output ?? result.output };
    }
    this.collect(shown, result, results, failures, absolute);
    this.finish([], failures, results);
    return results;
  }

  /**
   * A format by name (stylish, compact, json, sarif, github, junit): `format(results)` gives the
   * report, in colour at the level given (the terminal's: chalk's 1 to 3; default none).
   */
  async loadFormatter(name: FormatName = 'stylish'): Promise<Formatter> {
    if (!FORMATS.includes(name)) throw new ConfigError(`unknown format "${name}"; the formats are ${FORMATS.join(', ')}`);
    const reporter = await loadReporter(name);
    const { cwd } = this;
    return {
      async format(results, options = {}) {
        const paint = options.color ? await painter(options.color) : undefined;
        return reporter(results, { cwd, version: VERSION, rules: RULE_META, ...(paint ? { paint } : {}) });
      },
    };
  }

  /** The results with their warnings left out (`--quiet`). */
  static getErrorResults(results: readonly LintResult[]): LintResult[] {
    return results.map((result) => {
      const messages = result.messages.filter((message) => message.severity === 2);
      const kept = { ...result, messages, warningCount: 0, fixableWarningCount: 0 };
      const path = FIXED_FILES.get(result);
      if (path) FIXED_FILES.set(kept, path);
      return kept;
    });
  }

  /** A run's facts store with the facts of every configuration read so far. */
  private storeWithConfigFacts(): FactStore {
    const store = new FactStore();
    for (const { config } of this.configs.all) addConfigFacts(store, config);
    const given = this.givenFacts();
    if (given) addConfigFacts(store, given);
    return store;
  }

  /** The IAM facts the options give (overrideConfig's roles, policies and secrets). */
  private givenFacts(): Pick<ConfigFile, 'roles' | 'policies' | 'secrets' | 'directory'> | undefined {
    const { roles, policies, secrets, basePath } = this.options.overrideConfig ?? {};
    if (!roles && !policies && !secrets) return undefined;
    return { ...(roles ? { roles } : {}), ...(policies ? { policies } : {}), ...(secrets ? { secrets } : {}), directory: resolve(this.cwd, basePath ?? '.') };
  }

  private maxFileBytes(here: FileConfig): number {
    return parseSize(this.options.maxFileSize ?? here.config.maxFileSize ?? MAX_FILE_BYTES) ?? MAX_FILE_BYTES;
  }

  private displayPath(absolutePath: string): string {
    const shown = relative(this.cwd, absolutePath).replace(/\\/g, '/');
    return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? absolutePath : shown;
  }

  private collect(filePath: string, result: FileResult, results: LintResult[], failures: InternalFailure[], absolutePath?: string): void {
    for (const { ruleId, error } of result.internalErrors) failures.push({ ruleId, filePath, error });
    if (!result.recognized && result.diagnostics.length === 0) return;
    const lintResult = toLintResult(filePath, result.diagnostics);
    if (result.output !== undefined) {
      lintResult.output = result.output;
      if (absolutePath) FIXED_FILES.set(lintResult, absolutePath);
    }
    results.push(lintResult);
  }

  /** Writes the fixed text of each result that has one (`fix`) to its file. */
  static async outputFixes(results: readonly LintResult[]): Promise<void> {
    for (const result of results) {
      if (result.output === undefined) continue;
      const path = FIXED_FILES.get(result);
      // Written in the file's own encoding: a BOM and UTF-16 are kept.
      if (path) await writeFile(path, encodeLike(result.output, await readFile(path)));
    }
  }

  private finish(unmatched: readonly string[], failures: readonly InternalFailure[], results: readonly LintResult[]): void {
    const { onInternalError, onUnmatchedPattern } = this.options;
    if (onInternalError) for (const failure of failures) onInternalError(failure);
    else if (failures.length > 0) throw new InternalRuleError(failures, results);
    if (onUnmatchedPattern) for (const pattern of unmatched) onUnmatchedPattern(pattern);
    else if (unmatched.length > 0 && this.options.errorOnUnmatchedPattern !== false) throw new NoFilesFoundError(unmatched);
  }
}

/** The files results were fixed from, for outputFixes (a text without a path has none). */
const FIXED_FILES = new WeakMap<LintResult, string>();

/** Every rule as reports describe it. */
const RULE_META: readonly RuleMeta[] = RULES.map((rule) => ({
  id: rule.id,
  severity: rule.severity,
  description: rule.description,
  docsUrl: rule.docsUrl,
  source: rule.source,
  fixable: rule.fixable === true,
  hasSuggestions: rule.hasSuggestions === true,
  messages: rule.messages,
}));

export interface Formatter {
  format(results: readonly LintResult[], options?: { color?: 0 | 1 | 2 | 3 }): Promise<string>;
}

/** chalk, loaded only for a coloured report, at the level asked. */
async function painter(level: 1 | 2 | 3): Promise<Painter> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level });
  return (style, text) => chalk[style](text);
}

/** The options' settings over every configuration's: the flat ones and overrideConfig's. */
function settingFlags(options: EcsLintOptions): SettingFlags {
  const over = { ...options.overrideConfig, ...definedOf(options) };
  if (over.account !== undefined && !/^\d{12}$/.test(over.account)) throw new ConfigError(`the account "${over.account}" must be a 12-digit AWS account id`);
  if (over.region !== undefined && !/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(over.region)) throw new ConfigError(`"${over.region}" is not an AWS region name such as us-east-1`);
  const rules: Record<string, SeveritySetting> = { ...options.overrideConfig?.rules, ...options.rules };
  for (const id of Object.keys(rules)) {
    if (RULES_BY_ID.has(id)) continue;
    const suggestion = closestMatch(id, RULES.map((rule) => rule.id));
    throw new ConfigError(`unknown rule "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
  }
  const flags: SettingFlags = { rules };
  if (over.account !== undefined) flags.account = over.account;
  if (over.region !== undefined) flags.region = over.region;
  if (over.partition !== undefined) flags.partition = over.partition;
  if (over.target !== undefined) flags.target = over.target;
  if (over.reportUnknownConditions) flags.reportUnknownConditions = true;
  if (over.policyScope !== undefined) flags.policyScope = over.policyScope;
  return flags;
}

/** The flat setting options that are set (undefined ones do not hide overrideConfig's). */
function definedOf(options: EcsLintOptions): Partial<EcsLintOptions> {
  const defined: Partial<Record<string, unknown>> = {};
  for (const key of ['account', 'region', 'partition', 'target', 'reportUnknownConditions', 'policyScope'] as const) {
    if (options[key] !== undefined) defined[key] = options[key];
  }
  return defined as Partial<EcsLintOptions>;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file's findings as the API and `--format json` give them. */
export function toLintResult(filePath: string, diagnostics: readonly Diagnostic[]): LintResult {
  let errorCount = 0;
  let fatalErrorCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  const messages = diagnostics.map((diagnostic): LintMessage => {
    if (diagnostic.severity === 'error') errorCount++;
    if (diagnostic.fatal) fatalErrorCount++;
    if (diagnostic.fix && diagnostic.severity === 'error') fixableErrorCount++;
    if (diagnostic.fix && diagnostic.severity === 'warn') fixableWarningCount++;
    const message: LintMessage = {
      ruleId: diagnostic.ruleId,
      severity: diagnostic.severity === 'error' ? 2 : 1,
      message: diagnostic.message,
      line: diagnostic.line,
      column: diagnostic.column,
      endLine: diagnostic.endLine,
      endColumn: diagnostic.endColumn,
      messageId: diagnostic.messageId,
      ...(diagnostic.fatal ? { fatal: true as const } : {}),
      docsUrl: docsUrl(diagnostic.ruleId),
    };
    if (diagnostic.help) message.help = diagnostic.help;
    if (diagnostic.data) message.data = diagnostic.data;
    if (diagnostic.fix) message.fix = diagnostic.fix;
    if (diagnostic.suggestions) message.suggestions = diagnostic.suggestions;
    return message;
  });
  return { filePath, messages, errorCount, fatalErrorCount, warningCount: messages.length - errorCount, fixableErrorCount, fixableWarningCount };
}

