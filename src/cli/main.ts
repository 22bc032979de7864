// The ecs-lint command: options → config → files → engine → reporter → exit code.
// Returns the exit code; only bin/ ends the process.

import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RuleMeta } from '../core/results';
import type { LintSettings, SeveritySetting } from '../core/types';
import { closestMatch } from '../model/suggest';
import { ConfigError, type ConfigFile } from '../api/config';
import { EcsLint, VERSION } from '../api/ecs-lint';
import { NoFilesFoundError, type EcsLintOptions, type InternalFailure, type LintResult } from '../api/types';
import { parseArguments, type CliOptions } from './options';

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
  const parsed = await parseArguments(argv, VERSION);
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
    return await run(options, io);
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

/** The rules, as the API describes them. */
const RULES: ReadonlyMap<string, RuleMeta> = new EcsLint().getRules();

async function run(options: CliOptions, io: CliIo): Promise<number> {
  if (options.lsp) throw new UsageError('--lsp starts the language server from the ecs-lint command (bin/ecs-lint.js), not from main()');
  if (options.explain !== undefined) {
    io.stdout.write(explain(options.explain));
    return EXIT_OK;
  }
  if (options.listRules) {
    io.stdout.write(listRules(options.format === 'json'));
    return EXIT_OK;
  }
  const failures: InternalFailure[] = [];
  const unmatched: string[] = [];
  const linter = new EcsLint({
    cwd: io.cwd,
    ...settingOptions(options),
    ...(options.config !== undefined ? { configFile: options.config } : {}),
    ...(options.inputType !== 'auto' ? { inputType: options.inputType } : {}),
    ...(options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {}),
    ...(options.cache ? { cache: true, ...(options.cacheLocation !== undefined ? { cacheLocation: options.cacheLocation } : {}) } : {}),
    warnUnrecognized: options.warnUnrecognized,
    ...(options.fix || options.fixDryRun ? { fix: true } : {}),
    onInternalError: (failure) => failures.push(failure),
    onUnmatchedPattern: (pattern) => unmatched.push(pattern),
    onWarning: (message) => io.stderr.write(`ecs-lint: warning: ${message}\n`),
  });
  if (options.printConfig) {
    const { config, settings, maxFileSize } = await linter.calculateConfigForFile();
    io.stdout.write(`${JSON.stringify(printableConfig(config, settings, maxFileSize), null, 2)}\n`);
    return EXIT_OK;
  }

  let results: LintResult[];
  if (options.stdin) {
    if (options.patterns.length > 0) throw new UsageError('--stdin lints standard input only; do not also name files');
    const input = await io.readStdin();
    results = await linter.lintText(typeof input === 'string' ? input : new Uint8Array(input), options.stdinFilename !== undefined ? { filePath: options.stdinFilename } : {});
    // Standard input without a name is reported as such.
    if (options.stdinFilename === undefined) for (const result of results) result.filePath = '<stdin>';
  } else {
    results = await linter.lintFiles(options.patterns);
  }
  // The files are written before the report is: what it shows is what they hold.
  if (options.fix) await EcsLint.outputFixes(results);
  if (options.quiet) results = EcsLint.getErrorResults(results);

  const formatter = await linter.loadFormatter(options.format);
  const level = colorLevel(options, io);
  const output = await formatter.format(results, level === 0 ? {} : { color: level });
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

  for (const { ruleId, filePath, error } of failures) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`ecs-lint: internal error in rule ${ruleId} on ${filePath}; please report it:\n${detail}\n`);
  }
  if (unmatched.length > 0) {
    // The other files were linted and reported; a path that names nothing still fails the run.
    io.stderr.write(`ecs-lint: ${new NoFilesFoundError(unmatched).message}\n`);
    return EXIT_FATAL;
  }
  if (failures.length > 0) return EXIT_FATAL;
  const errors = results.reduce((count, result) => count + result.errorCount, 0);
  const warnings = results.reduce((count, result) => count + result.warningCount, 0);
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



/** The settings the command line sets over every configuration's. */
function settingOptions(options: CliOptions): EcsLintOptions {
  if (options.account !== undefined && !/^\d{12}$/.test(options.account)) {
    throw new UsageError(`--account "${options.account}" must be a 12-digit AWS account id`);
  }
  if (options.region !== undefined && !/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(options.region)) {
    throw new UsageError(`--region "${options.region}" is not an AWS region name such as us-east-1`);
  }
  const rules: Record<string, SeveritySetting> = {};
  for (const entry of options.rule) {
    const match = /^([a-z0-9-]+):(off|warn|error)$/.exec(entry.trim());
    if (!match) throw new UsageError(`--rule "${entry}" must be <rule-id>:off|warn|error`);
    const [, id, severity] = match as unknown as [string, string, SeveritySetting];
    if (!RULES.has(id)) {
      const suggestion = closestMatch(id, [...RULES.keys()]);
      throw new UsageError(`--rule: unknown rule "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
    }
    rules[id] = severity;
  }
  const settings: EcsLintOptions = { rules };
  if (options.account !== undefined) settings.account = options.account;
  if (options.region !== undefined) settings.region = options.region;
  if (options.partition !== undefined) settings.partition = options.partition;
  if (options.target !== undefined) settings.target = options.target;
  if (options.reportUnknownConditions) settings.reportUnknownConditions = true;
  if (options.policyScope !== undefined) settings.policyScope = options.policyScope;
  return settings;
}

/** The whole effective configuration: the config file's settings with the command line's over them. */
function printableConfig(config: ConfigFile, settings: LintSettings, maxFileSize: number): Record<string, unknown> {
  return {
    configFile: config.path ?? null,
    account: settings.account ?? null,
    region: settings.region ?? null,
    partition: settings.partition ?? null,
    target: settings.target,
    reportUnknownConditions: settings.reportUnknownConditions === true,
    policyScope: settings.policyScope ?? 'ecs',
    maxFileSize,
    ignore: config.ignore,
    rules: Object.fromEntries([...RULES.values()].map((rule) => [rule.id, settings.rules[rule.id] ?? rule.severity])),
    overrides: config.overrides ?? [],
    roles: config.roles ?? {},
    policies: config.policies ?? {},
    secrets: config.secrets ?? {},
    secretPayloads: config.secretPayloads ?? [],
  };
}

/** A rule's documentation page, shipped in the package next to the command. */
function explain(ruleId: string): string {
  const rule = RULES.get(ruleId);
  if (!rule) {
    const suggestion = closestMatch(ruleId, [...RULES.keys()]);
    throw new UsageError(`--explain: unknown rule "${ruleId}"${suggestion ? `; did you mean "${suggestion}"?` : ''}; ecs-lint --list-rules lists them`);
  }
  const page = new URL(`../docs/rules/${ruleId}.md`, import.meta.url);
  try {
    const text = readFileSync(page, 'utf8');
    return text.endsWith('\n') ? text : `${text}\n`;
  } catch {
    return `${ruleId}: ${rule.description}\n${rule.docsUrl}\n`;
  }
}

function listRules(asJson: boolean): string {
  if (asJson) {
    const rules = [...RULES.values()].map(({ id, severity, description, docsUrl, source, fixable, hasSuggestions }) => ({
      id,
      severity,
      description,
      docsUrl,
      source,
      fixable: fixable === true,
      hasSuggestions: hasSuggestions === true,
    }));
    return `${JSON.stringify(rules, null, 2)}\n`;
  }
  const width = Math.max(...[...RULES.keys()].map((id) => id.length));
  // The third column: "fix" when --fix can fix some findings of the rule.
  return `${[...RULES.values()].map((rule) => `${rule.id.padEnd(width)}  ${rule.severity.padEnd(5)}  ${rule.fixable ? 'fix' : '   '}  ${rule.description}`).join('\n')}\n`;
}
