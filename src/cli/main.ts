// The ecs-lint command: options → config → files → engine → reporter → exit code.
// Returns the exit code; only bin/ ends the process.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { lintText, type FileResult, type InternalError, type LintOptions } from '../engine/lint';
import type { Diagnostic, LintSettings, SeveritySetting } from '../core/types';
import { closestMatch } from '../model/suggest';
import { loadReporter } from '../reporters/index';
import type { FileReport, Painter } from '../reporters/types';
import { RULES, RULES_BY_ID } from '../rules/index';
import { ConfigError, type ConfigFile } from './config';
import { ProjectConfigs } from './configs';
import { discoverFiles, moduleFiles, withModuleFiles, type FileEntry } from './discover';
import { LintCache } from './cache';
import { createHash } from './hash';
import { addConfigFacts, configFactFiles, moduleWorkspace, readTextFile } from './workspace';
import { lintFiles } from './lint-files';
import { MAX_FILE_BYTES, sourceOf } from './lint-file';
import { formatNeeds, prepareFormats } from '../loaders/formats';
import { IamWorkspace } from '../iam/workspace';
import { parseArguments, parseSize, type CliOptions } from './options';
import { resolveSettings, type SettingFlags } from './settings';

declare const ECS_LINT_VERSION: string | undefined;

export const EXIT_OK = 0;
export const EXIT_LINT_ERRORS = 1;
export const EXIT_FATAL = 2;

export interface CliIo {
  cwd: string;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Standard input: bytes (decoded as files are), or text. */
  readStdin(): Promise<Buffer | string>;
  env: Record<string, string | undefined>;
}

export function nodeIo(): CliIo {
  // A reader that stops early (`ecs-lint … | head`) closes the pipe: the rest of the report is
  // dropped without a word, and the exit code stays the lint's.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') return;
      process.exitCode = EXIT_FATAL;
      if (stream === process.stdout) process.stderr.write(`ecs-lint: cannot write the report: ${error.message}\n`);
    });
  }
  return {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

export async function main(argv: readonly string[], io: CliIo = nodeIo()): Promise<number> {
  const version = typeof ECS_LINT_VERSION === 'string' ? ECS_LINT_VERSION : '0.0.0-dev';
  const parsed = await parseArguments(argv, version);
  if (parsed.kind === 'done') {
    io.stdout.write(parsed.output.endsWith('\n') ? parsed.output : `${parsed.output}\n`);
    return EXIT_OK;
  }
  if (parsed.kind === 'usage-error') {
    io.stderr.write(`ecs-lint: ${parsed.message}\nRun "ecs-lint --help" for usage.\n`);
    return EXIT_FATAL;
  }
  const options = parsed.options;
  try {
    return await run(options, io, version);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      io.stderr.write(`ecs-lint: ${error.message}\n`);
      return EXIT_FATAL;
    }
    io.stderr.write(`ecs-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FATAL;
  }
}

class UsageError extends Error {}

async function run(options: CliOptions, io: CliIo, version: string): Promise<number> {
  if (options.lsp) {
    // Loaded only for editors: a lint run never pays for the language server.
    const { startLanguageServer } = await import('../lsp/server');
    await startLanguageServer({ version });
    return EXIT_OK;
  }
  if (options.explain !== undefined) {
    io.stdout.write(explain(options.explain));
    return EXIT_OK;
  }
  if (options.listRules) {
    io.stdout.write(listRules(options.format === 'json'));
    return EXIT_OK;
  }
  // Each file's configuration is the nearest .ecs-lint.json to it (or --config's); the working
  // directory's serves --print-config and standard input without a name.
  const rules = cliRules(options);
  const configs = new ProjectConfigs(options.config, io.cwd, (config) => settingsOf(config, options, rules), rules);
  const here = await configs.forDirectory(io.cwd);
  if (options.printConfig) {
    io.stdout.write(`${JSON.stringify(printableConfig(here.config, here.settings, options), null, 2)}\n`);
    return EXIT_OK;
  }
  const maxFileBytes = parseSize(options.maxFileSize ?? here.config.maxFileSize ?? MAX_FILE_BYTES) ?? MAX_FILE_BYTES;

  const reports: FileReport[] = [];
  const internalErrors: Array<InternalError & { filePath: string }> = [];
  const collect = (filePath: string, result: FileResult): void => {
    for (const error of result.internalErrors) internalErrors.push({ ...error, filePath });
    if (!result.recognized && result.diagnostics.length === 0) return;
    reports.push({ filePath, diagnostics: options.quiet ? result.diagnostics.filter(isError) : result.diagnostics });
  };
  const workspace = new IamWorkspace();
  /** The IAM facts of every configuration read, once each, in the run's workspace. */
  const withConfigFacts = (): void => {
    for (const { config } of configs.all) {
      if (factsAdded.has(config)) continue;
      factsAdded.add(config);
      addConfigFacts(workspace, config);
    }
  };
  const factsAdded = new Set<ConfigFile>();
  let unmatched: string[] = [];

  if (options.stdin) {
    if (options.patterns.length > 0) throw new UsageError('--stdin lints standard input only; do not also name files');
    const input = await io.readStdin();
    const filePath = options.stdinFilename ?? '<stdin>';
    const absolute = options.stdinFilename ? resolve(io.cwd, options.stdinFilename) : undefined;
    const own = absolute ? await configs.forDirectory(dirname(absolute)) : here;
    withConfigFacts();
    const settings = absolute ? own.settingsFor(absolute) : own.settings;
    // Bytes are decoded as a file's are: UTF-16 with a BOM is read, binary data and invalid UTF-8 are reported.
    const source = typeof input === 'string' ? { text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input } : sourceOf(input, settings);
    if ('problem' in source) collect(filePath, source.problem);
    else {
      const stdinOptions: LintOptions = {
        inputType: absolute && own.isPayload(absolute) ? 'secret-payload' : options.inputType,
        workspace,
        readFile: readTextFile,
        reportUnrecognized: true,
        ...(options.stdinFilename ? { fileName: options.stdinFilename } : {}),
      };
      // The HCL parser (WASM) is loaded only for runs with Terraform files.
      await prepareFormats(formatNeeds(options.stdinFilename, source.text));
      if (options.stdinFilename && absolute && /\.tf$/i.test(options.stdinFilename)) {
        // A .tf file is linted with the rest of its module, as the module's directory would be.
        stdinOptions.fileName = absolute;
        const siblings = moduleFiles(absolute).filter((sibling) => !own.isIgnored(sibling));
        const shown = (sibling: string) => join(dirname(options.stdinFilename!), basename(sibling));
        stdinOptions.workspace = moduleWorkspace(workspace, { text: source.text, absolutePath: absolute, displayPath: options.stdinFilename }, siblings, shown);
        stdinOptions.factsInWorkspace = true;
      }
      collect(filePath, lintText(source.text, settings, stdinOptions));
    }
  } else {
    const discovery = await discoverFiles(options.patterns, { cwd: io.cwd });
    unmatched = discovery.unmatched;
    await configs.prepare(discovery.files.map((file) => file.absolutePath));
    withConfigFacts();
    const isIgnored = (absolutePath: string) => configs.of(absolutePath).isIgnored(absolutePath);
    const files = withModuleFiles(
      discovery.files.filter((file) => !isIgnored(file.absolutePath)),
      isIgnored,
    );
    const isPayload = (absolutePath: string) => configs.of(absolutePath).isPayload(absolutePath);
    // A new object for each file (lintFiles completes it): one literal, no spreads, for every file of a run.
    const fileOptions = (file: FileEntry): LintOptions => ({
      inputType: isPayload(file.absolutePath) ? 'secret-payload' : options.inputType,
      workspace,
      readFile: readTextFile,
      fileName: file.absolutePath,
      reportUnrecognized: file.explicit && options.warnUnrecognized,
    });
    // YAML and Terraform support are loaded only for runs that have such files.
    await prepareFormats({
      yaml: files.some((file) => formatNeeds(file.absolutePath).yaml),
      terraform: files.some((file) => formatNeeds(file.absolutePath).terraform),
    });
    const cache = options.cache ? new LintCache(resolve(io.cwd, options.cacheLocation ?? '.ecs-lint-cache'), version) : undefined;
    // What the run's facts are made of: a change to any such file changes the waiting files' keys.
    // (Hashing only with --cache: node:crypto is not loaded otherwise.)
    const facts = cache ? createHash('sha256') : undefined;
    if (facts) {
      for (const { config } of configs.all) {
        facts.update(JSON.stringify(config));
        for (const file of configFactFiles(config)) facts.update(readFileSync(file, 'utf8'));
      }
    }
    const results = await lintFiles({
      maxFileBytes,
      files,
      settings: here.settings,
      settingsFor: (absolutePath) => configs.of(absolutePath).settingsFor(absolutePath),
      fileOptions,
      isPayload,
      workspace,
      ...(cache ? { cache } : {}),
      ...(facts ? { facts } : {}),
    });
    const unsaved = cache?.save();
    if (unsaved) io.stderr.write(`ecs-lint: warning: ${unsaved}\n`);
    files.forEach((file, index) => {
      if (!file.factsOnly) collect(file.displayPath, results[index]!);
    });
  }

  const reporter = await loadReporter(options.format);
  const level = colorLevel(options, io);
  const paint = level === 0 ? undefined : await painter(level);
  const output = reporter(reports, { cwd: io.cwd, version, ...(paint ? { paint } : {}) });
  if (options.outputFile) {
    const path = resolve(io.cwd, options.outputFile);
    try {
      // The report's directory is made as needed (reports/ecs-lint.sarif in a clean checkout).
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, output);
    } catch (error) {
      throw new UsageError(`cannot write the report to ${options.outputFile} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  } else io.stdout.write(output);

  for (const { ruleId, filePath, error } of internalErrors) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`ecs-lint: internal error in rule ${ruleId} on ${filePath}; please report it:\n${detail}\n`);
  }
  if (unmatched.length > 0) {
    // The other files were linted and reported; a path that names nothing still fails the run.
    const names = unmatched.map((pattern) => `"${pattern}"`).join(', ');
    io.stderr.write(`ecs-lint: no such file or directory, and no files match: ${names}\n`);
    return EXIT_FATAL;
  }
  if (internalErrors.length > 0) return EXIT_FATAL;
  const all = reports.flatMap((report) => report.diagnostics);
  const errors = all.filter(isError).length;
  const warnings = all.length - errors;
  if (errors > 0) return EXIT_LINT_ERRORS;
  if (options.maxWarnings >= 0 && warnings > options.maxWarnings) {
    io.stderr.write(`ecs-lint: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${options.maxWarnings}\n`);
    return EXIT_LINT_ERRORS;
  }
  return EXIT_OK;
}

/**
 * How much colour the report gets, as chalk users expect: --no-color and --color first, then
 * FORCE_COLOR (0 off; 1, 2, 3 the level; empty or true: 1), then NO_COLOR (set and not empty: off),
 * then whether standard output is a terminal. A report written to a file is plain unless --color.
 */
export function colorLevel(options: Pick<CliOptions, 'color' | 'outputFile'>, io: Pick<CliIo, 'env' | 'stdout'>): 0 | 1 | 2 | 3 {
  const forced = forceColorLevel(io.env.FORCE_COLOR);
  if (options.color === false) return 0;
  if (options.color === true) return forced || 1;
  if (options.outputFile) return 0;
  if (forced !== undefined) return forced;
  if (io.env.NO_COLOR) return 0;
  return io.stdout.isTTY ? 1 : 0;
}

function forceColorLevel(value: string | undefined): 0 | 1 | 2 | 3 | undefined {
  if (value === undefined) return undefined;
  if (value === '' || value === 'true') return 1;
  if (value === 'false') return 0;
  const level = Number(value);
  return level === 0 || level === 1 || level === 2 || level === 3 ? level : 1;
}

/** chalk, loaded only for a coloured report, at the level decided. */
async function painter(level: 1 | 2 | 3): Promise<Painter> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level });
  return (style, text) => chalk[style](text);
}

function isError(diagnostic: Diagnostic): boolean {
  return diagnostic.severity === 'error';
}

/** Severities set with --rule: they win over the config file and its overrides. */
function cliRules(options: CliOptions): Record<string, SeveritySetting> {
  const rules: Record<string, SeveritySetting> = {};
  for (const entry of options.rule) {
    const match = /^([a-z0-9-]+):(off|warn|error)$/.exec(entry.trim());
    if (!match) throw new UsageError(`--rule "${entry}" must be <rule-id>:off|warn|error`);
    const [, id, severity] = match as unknown as [string, string, SeveritySetting];
    if (!RULES_BY_ID.has(id)) {
      const suggestion = closestMatch(id, RULES.map((rule) => rule.id));
      throw new UsageError(`--rule: unknown rule "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
    }
    rules[id] = severity;
  }
  return rules;
}

function settingsOf(config: ConfigFile, options: CliOptions, rules: Record<string, SeveritySetting>): LintSettings {
  if (options.account !== undefined && !/^\d{12}$/.test(options.account)) {
    throw new UsageError(`--account "${options.account}" must be a 12-digit AWS account id`);
  }
  if (options.region !== undefined && !/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(options.region)) {
    throw new UsageError(`--region "${options.region}" is not an AWS region name such as us-east-1`);
  }
  const flags: SettingFlags = { rules };
  if (options.account !== undefined) flags.account = options.account;
  if (options.region !== undefined) flags.region = options.region;
  if (options.partition !== undefined) flags.partition = options.partition;
  if (options.target !== undefined) flags.target = options.target;
  if (options.reportUnknownConditions) flags.reportUnknownConditions = true;
  if (options.policyScope !== undefined) flags.policyScope = options.policyScope;
  return resolveSettings(config, flags, (message) => new UsageError(`${message}; fix --region/--partition or the config file`));
}

/** The whole effective configuration: the config file's settings with the command line's over them. */
function printableConfig(config: ConfigFile, settings: LintSettings, options: CliOptions): Record<string, unknown> {
  return {
    configFile: config.path ?? null,
    account: settings.account ?? null,
    region: settings.region ?? null,
    partition: settings.partition ?? null,
    target: settings.target,
    reportUnknownConditions: settings.reportUnknownConditions === true,
    policyScope: settings.policyScope ?? 'ecs',
    maxFileSize: parseSize(options.maxFileSize ?? config.maxFileSize ?? MAX_FILE_BYTES) ?? MAX_FILE_BYTES,
    ignore: config.ignore,
    rules: Object.fromEntries(RULES.map((rule) => [rule.id, settings.rules[rule.id] ?? rule.severity])),
    overrides: config.overrides ?? [],
    roles: config.roles ?? {},
    policies: config.policies ?? {},
    secrets: config.secrets ?? {},
    secretPayloads: config.secretPayloads ?? [],
  };
}

/** A rule's documentation page, shipped in the package next to the command. */
function explain(ruleId: string): string {
  if (!RULES_BY_ID.has(ruleId)) {
    const suggestion = closestMatch(ruleId, RULES.map((rule) => rule.id));
    throw new UsageError(`--explain: unknown rule "${ruleId}"${suggestion ? `; did you mean "${suggestion}"?` : ''}; ecs-lint --list-rules lists them`);
  }
  const page = new URL(`../docs/rules/${ruleId}.md`, import.meta.url);
  try {
    const text = readFileSync(page, 'utf8');
    return text.endsWith('\n') ? text : `${text}\n`;
  } catch {
    return `${ruleId}: ${RULES_BY_ID.get(ruleId)!.description}\n${RULES_BY_ID.get(ruleId)!.docsUrl}\n`;
  }
}

function listRules(asJson: boolean): string {
  if (asJson) {
    const rules = RULES.map(({ id, severity, description, docsUrl, source }) => ({ id, severity, description, docsUrl, source }));
    return `${JSON.stringify(rules, null, 2)}\n`;
  }
  const width = Math.max(...RULES.map((rule) => rule.id.length));
  return `${RULES.map((rule) => `${rule.id.padEnd(width)}  ${rule.severity.padEnd(5)}  ${rule.description}`).join('\n')}\n`;
}
