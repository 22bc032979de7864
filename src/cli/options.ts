// Command-line options (yargs). Parsing only: no files are read here.

import yargs from 'yargs';
import { PARTITION_IDS } from '../aws/partitions';
import { FORMATS, type FormatName } from '../reporters/index';
import type { InputType } from '../loaders/index';
import type { Target } from '../engine/types';

export interface CliOptions {
  patterns: string[];
  format: FormatName;
  config?: string;
  rule: string[];
  account?: string;
  region?: string;
  partition?: string;
  target?: Target;
  inputType: InputType;
  maxWarnings: number;
  quiet: boolean;
  stdin: boolean;
  stdinFilename?: string;
  outputFile?: string;
  color?: boolean;
  listRules: boolean;
  printConfig: boolean;
  /** A rule id whose documentation to print. */
  explain?: string;
  /** Skip files whose content and settings are unchanged since the last run with --cache. */
  cache: boolean;
  cacheLocation?: string;
  /** Run as a language server on standard input and output. */
  lsp: boolean;
  /** Say so when a file named on the command line is not an input ecs-lint reads (default true). */
  warnUnrecognized: boolean;
}

export type ParsedArguments =
  | { kind: 'options'; options: CliOptions }
  /** --help or --version: yargs printed the text. */
  | { kind: 'done'; output: string }
  | { kind: 'usage-error'; message: string };

const EPILOGUE = `Exit codes: 0 no errors (and warnings within --max-warnings), 1 lint errors, 2 usage, config or internal error.
Rule documentation: ecs-lint --list-rules, and docs/rules/<rule-id>.md.`;

export async function parseArguments(argv: readonly string[], version: string): Promise<ParsedArguments> {
  let output = '';
  let failure: string | undefined;
  const parser = yargs([...argv])
    .scriptName('ecs-lint')
    .usage('Usage: $0 [options] [files, directories or globs...]\n\nLint Amazon ECS task definitions and the IAM policies around them.')
    .version(version)
    .alias('v', 'version')
    .help('help')
    .alias('h', 'help')
    .option('format', { alias: 'f', choices: FORMATS, default: 'stylish' as FormatName, describe: 'Output format' })
    .option('config', { alias: 'c', type: 'string', describe: 'Config file (default: .ecs-lint.json found upward from the working directory)' })
    .option('rule', { type: 'string', describe: 'Set a rule\'s severity: <rule-id>:off|warn|error (repeatable)' })
    .option('account', { type: 'string', describe: 'AWS account id the tasks run in (12 digits)' })
    .option('region', { type: 'string', describe: 'AWS region the tasks run in, e.g. eu-west-1' })
    .option('partition', { choices: PARTITION_IDS, describe: 'AWS partition' })
    .option('target', { choices: ['api', 'console'] as const, describe: 'How task definitions are registered (default: api)' })
    .option('input-type', {
      choices: ['auto', 'task-definition', 'container-definitions', 'secret-payload'] as const,
      default: 'auto' as const,
      describe: 'Treat every file as this kind of input instead of detecting it',
    })
    .option('max-warnings', { type: 'number', default: -1, describe: 'Exit with 1 when there are more warnings than this (-1: no limit)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Report errors only' })
    .option('stdin', { type: 'boolean', default: false, describe: 'Lint the text on standard input' })
    .option('stdin-filename', { type: 'string', describe: 'File name to report (and detect the input type by) for --stdin' })
    .option('output-file', { alias: 'o', type: 'string', describe: 'Write the report to this file instead of standard output' })
    .option('color', { type: 'boolean', describe: 'Force colour on or off (--no-color); default: on for a terminal' })
    .option('list-rules', { type: 'boolean', default: false, describe: 'List the rules with their default severities and exit' })
    .option('print-config', { type: 'boolean', default: false, describe: 'Print the effective configuration as JSON and exit' })
    .option('explain', { type: 'string', describe: 'Print the documentation of a rule and exit', requiresArg: true })
    .option('cache', { type: 'boolean', default: false, describe: 'Only lint files that changed since the last run with --cache' })
    .option('cache-location', { type: 'string', describe: 'Cache file (default: .ecs-lint-cache in the working directory)', requiresArg: true })
    .option('warn-unrecognized', {
      type: 'boolean',
      default: true,
      describe: 'Warn about files named on the command line that are not inputs ecs-lint reads (--no-warn-unrecognized for hooks that pass every staged file)',
    })
    .option('lsp', { type: 'boolean', default: false, describe: 'Run as a language server (LSP) on standard input and output, for editors' })
    .option('stdio', { type: 'boolean', default: false, hidden: true, describe: 'With --lsp: talk over standard input and output (the only transport; accepted for editors that pass it)' })
    .example('$0', 'Lint every task definition under the current directory')
    .example('$0 taskdef.json', 'Lint one file')
    .example("$0 'deploy/**/*.json' --format json", 'Lint files matching a glob; print ESLint-compatible JSON')
    .example('$0 --account 123456789012 --region eu-west-1 .', 'Say where the tasks run, for the cross-account and cross-region rules')
    .example('$0 --rule secret-cross-region:off --max-warnings 0 .', 'Turn a rule off; fail on any warning')
    .example('cat td.json | $0 --stdin --stdin-filename td.json', 'Lint unsaved text from an editor')
    .example('$0 --explain execution-role-required', 'Show what a rule checks, why, and how to fix it')
    .example('$0 --lsp --stdio', 'Run the language server an editor starts')
    .epilogue(EPILOGUE)
    .strictOptions()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      failure = message || error?.message || 'invalid arguments';
    });

  const argvResult = await parser.parseAsync([...argv], {}, (_error, _parsed, text) => {
    output = text;
  });
  if (failure !== undefined) return { kind: 'usage-error', message: failure };
  const parsed = argvResult as unknown as Record<string, unknown>;
  if (parsed.help || parsed.version) return { kind: 'done', output };

  const maxWarnings = Number(parsed.maxWarnings);
  if (!Number.isInteger(maxWarnings) || maxWarnings < -1) {
    return { kind: 'usage-error', message: '--max-warnings must be an integer of -1 or more' };
  }
  if (parsed.stdinFilename !== undefined && !parsed.stdin) {
    return { kind: 'usage-error', message: '--stdin-filename needs --stdin' };
  }
  const options: CliOptions = {
    patterns: ((parsed._ as unknown[]) ?? []).map(String),
    format: parsed.format as FormatName,
    // Repeated flags arrive as an array (not declared as one: an array option would swallow the files).
    rule: ([] as unknown[]).concat(parsed.rule ?? []).map(String),
    inputType: parsed.inputType as InputType,
    maxWarnings,
    quiet: Boolean(parsed.quiet),
    stdin: Boolean(parsed.stdin),
    listRules: Boolean(parsed.listRules),
    printConfig: Boolean(parsed.printConfig),
    cache: Boolean(parsed.cache),
    lsp: Boolean(parsed.lsp),
    warnUnrecognized: parsed.warnUnrecognized !== false,
  };
  for (const key of ['config', 'account', 'region', 'partition', 'target', 'stdinFilename', 'outputFile', 'explain', 'cacheLocation'] as const) {
    const value = parsed[key];
    if (typeof value === 'string') (options as unknown as Record<string, unknown>)[key] = value;
  }
  if (typeof parsed.color === 'boolean') options.color = parsed.color;
  return { kind: 'options', options };
}
