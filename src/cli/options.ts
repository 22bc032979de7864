// Command-line options. Parsing only: no files are read here.
//
// One table describes every option. yargs reads it for --help, its examples and every usage error;
// a run with valid arguments is parsed by Node's own util.parseArgs from the same table, because
// loading yargs costs more than half of a start-up (it is loaded only when it has something to say).
// A test checks that both parse every command line alike.

import { parseArgs } from 'node:util';
import { PARTITION_IDS } from '../aws/partitions';
import { FORMATS, type FormatName } from '../reporters/index';
import type { InputType, Target } from '../core/types';

import { parseSize } from '../api/read';

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
  /** --report-unknown-conditions: warn about IAM conditions that cannot be evaluated. */
  reportUnknownConditions: boolean;
  /** --fix: apply the fixes and write the files. */
  fix: boolean;
  /** --fix-dry-run: apply the fixes in memory; the JSON results carry the fixed text. */
  fixDryRun: boolean;
  /** --policy-scope: which policies the policy rules check (ecs, the default, or all). */
  policyScope?: 'ecs' | 'all';
  /** --max-file-size: files larger than this are reported, not read (as written: 16MiB, 500000). */
  maxFileSize?: string;
}

export type ParsedArguments =
  | { kind: 'options'; options: CliOptions }
  /** --help or --version: the text to print. */
  | { kind: 'done'; output: string }
  | { kind: 'usage-error'; message: string };

interface OptionSpec {
  name: string;
  alias?: string;
  type: 'string' | 'boolean' | 'number';
  choices?: readonly string[];
  default?: string | boolean | number;
  describe: string;
  /** May be given several times; the values are collected in order. */
  repeatable?: boolean;
  hidden?: boolean;
}

export const INPUT_TYPES = ['auto', 'task-definition', 'container-definitions', 'secret-payload'] as const;

export const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', alias: 'f', type: 'string', choices: FORMATS, default: 'stylish', describe: 'Output format' },
  { name: 'config', alias: 'c', type: 'string', describe: "Config file for every file (default: each file's nearest .ecs-lint.json, found upward)" },
  { name: 'rule', type: 'string', repeatable: true, describe: "Set a rule's severity: <rule-id>:off|warn|error (repeatable)" },
  { name: 'account', type: 'string', describe: 'AWS account id the tasks run in (12 digits)' },
  { name: 'region', type: 'string', describe: 'AWS region the tasks run in, e.g. eu-west-1' },
  { name: 'partition', type: 'string', choices: PARTITION_IDS, describe: 'AWS partition' },
  { name: 'target', type: 'string', choices: ['api', 'console'], describe: 'How task definitions are registered (default: api)' },
  {
    name: 'report-unknown-conditions',
    type: 'boolean',
    default: false,
    describe: "Warn when an IAM Condition ecs-lint cannot evaluate (tags, aws:SourceVpc) decides whether ECS may assume a task's role or the execution role may do what the task needs",
  },
  {
    name: 'policy-scope',
    type: 'string',
    choices: ['ecs', 'all'],
    describe: 'Which policies the policy rules check: ecs (default: those of roles ECS tasks assume, and those naming secrets, keys, parameters, repositories or log groups) or all',
  },
  { name: 'fix', type: 'boolean', default: false, describe: 'Fix what has one right answer, writing the files, and lint them again (the report shows what is left)' },
  { name: 'fix-dry-run', type: 'boolean', default: false, describe: 'Fix as --fix does, but write nothing: --format json gives each fixed text as "output"' },
  { name: 'input-type', type: 'string', choices: INPUT_TYPES, default: 'auto', describe: 'Treat every file as this kind of input instead of detecting it' },
  { name: 'max-warnings', type: 'number', default: -1, describe: 'Exit with 1 when there are more warnings than this (-1: no limit)' },
  { name: 'quiet', alias: 'q', type: 'boolean', default: false, describe: 'Report errors only' },
  { name: 'stdin', type: 'boolean', default: false, describe: 'Lint the text on standard input' },
  { name: 'stdin-filename', type: 'string', describe: 'File name to report (and detect the input type by) for --stdin' },
  { name: 'output-file', alias: 'o', type: 'string', describe: 'Write the report to this file instead of standard output' },
  { name: 'color', type: 'boolean', describe: 'Force colour on or off (--no-color); default: on for a terminal' },
  { name: 'list-rules', type: 'boolean', default: false, describe: 'List the rules with their default severities and exit' },
  { name: 'print-config', type: 'boolean', default: false, describe: 'Print the effective configuration as JSON and exit' },
  { name: 'explain', type: 'string', describe: 'Print the documentation of a rule and exit' },
  { name: 'max-file-size', type: 'string', describe: 'Report files larger than this instead of reading them: bytes, or with KiB, MiB, GiB, KB, MB, GB (default 16MiB)' },
  { name: 'cache', type: 'boolean', default: false, describe: 'Only lint files that changed since the last run with --cache' },
  { name: 'cache-location', type: 'string', describe: 'Cache file (default: .ecs-lint-cache in the working directory)' },
  {
    name: 'warn-unrecognized',
    type: 'boolean',
    default: true,
    describe: 'Warn about files named on the command line that are not inputs ecs-lint reads (--no-warn-unrecognized for hooks that pass every staged file)',
  },
  { name: 'lsp', type: 'boolean', default: false, describe: 'Run as a language server (LSP) on standard input and output, for editors' },
  { name: 'stdio', type: 'boolean', default: false, hidden: true, describe: 'With --lsp: talk over standard input and output (the only transport)' },
];

const EXAMPLES: Array<[string, string]> = [
  ['$0', 'Lint every task definition under the current directory'],
  ['$0 taskdef.json', 'Lint one file'],
  ["$0 'deploy/**/*.json' --format json", 'Lint files matching a glob; print ESLint-compatible JSON'],
  ['$0 --account 123456789012 --region eu-west-1 .', 'Say where the tasks run, for the cross-account and cross-region rules'],
  ['$0 --rule secret-cross-region:off --max-warnings 0 .', 'Turn a rule off; fail on any warning'],
  ['cat td.json | $0 --stdin --stdin-filename td.json', 'Lint unsaved text from an editor'],
  ['$0 --explain execution-role-required', 'Show what a rule checks, why, and how to fix it'],
  ['$0 --lsp --stdio', 'Run the language server an editor starts'],
];

const EPILOGUE = `Exit codes: 0 no errors (and warnings within --max-warnings), 1 lint errors, 2 usage, config or internal error.
Rule documentation: ecs-lint --explain <rule-id>, ecs-lint --list-rules, and docs/rules/<rule-id>.md.`;

/** Option values by option name (kebab-case), as both parsers leave them. */
type Values = Record<string, unknown>;

export async function parseArguments(argv: readonly string[], version: string): Promise<ParsedArguments> {
  if (argv.some((arg) => arg === '--version' || arg === '-v') && !argv.includes('--')) return { kind: 'done', output: version };
  const fast = argv.some((arg) => arg === '--help' || arg === '-h') ? undefined : parseFast(argv);
  if (fast) return toOptions(fast.values, fast.positionals);
  // Help, or arguments the fast path refuses: yargs says what is wrong, as it always has.
  return parseWithYargs(argv, version);
}

/** util.parseArgs over the table; undefined when anything is off (yargs then reports it). */
export function parseFast(argv: readonly string[]): { values: Values; positionals: string[] } | undefined {
  const options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = {};
  for (const spec of OPTIONS) {
    options[spec.name] = {
      type: spec.type === 'boolean' ? 'boolean' : 'string',
      ...(spec.alias ? { short: spec.alias } : {}),
      ...(spec.repeatable ? { multiple: true } : {}),
    };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true, allowNegative: true } as Parameters<typeof parseArgs>[0]) as typeof parsed;
  } catch {
    return undefined;
  }
  const values: Values = {};
  for (const spec of OPTIONS) {
    let value = parsed.values[spec.name];
    if (value === undefined) value = spec.repeatable ? [] : spec.default;
    if (value === undefined) continue;
    if (spec.type === 'boolean' && typeof value !== 'boolean') return undefined;
    if (spec.type === 'number') {
      if (typeof value === 'string' && !/^-?\d+(\.\d+)?$/.test(value.trim())) return undefined;
      value = Number(value);
    }
    if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) return undefined;
    values[spec.name] = value;
  }
  return { values, positionals: parsed.positionals };
}

export async function parseWithYargs(argv: readonly string[], version: string): Promise<ParsedArguments> {
  const { default: yargs } = await import('yargs');
  let output = '';
  let failure: string | undefined;
  let parser = yargs([...argv])
    .scriptName('ecs-lint')
    .usage('Usage: $0 [options] [files, directories or globs...]\n\nLint Amazon ECS task definitions and the IAM policies around them.')
    .version(version)
    .alias('v', 'version')
    .help('help')
    .alias('h', 'help');
  for (const spec of OPTIONS) {
    parser = parser.option(spec.name, {
      describe: spec.describe,
      ...(spec.choices ? { choices: spec.choices } : { type: spec.type }),
      ...(spec.alias ? { alias: spec.alias } : {}),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
      ...(spec.hidden ? { hidden: true } : {}),
      ...(spec.type === 'string' ? { requiresArg: true } : {}),
    });
  }
  for (const [command, description] of EXAMPLES) parser = parser.example(command, description);
  parser = parser
    .epilogue(EPILOGUE)
    .strictOptions()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      failure = message || error?.message || 'invalid arguments';
    });
  const result = (await parser.parseAsync([...argv], {}, (_error, _parsed, text) => {
    output = text;
  })) as unknown as Record<string, unknown>;
  if (failure !== undefined) return { kind: 'usage-error', message: failure };
  if (result.help || result.version) return { kind: 'done', output };
  const values: Values = {};
  for (const spec of OPTIONS) {
    let value = result[spec.name];
    // Repeated flags arrive as an array (not declared as one: an array option would swallow the files).
    if (spec.repeatable) value = ([] as unknown[]).concat(value ?? []).map(String);
    if (value !== undefined) values[spec.name] = value;
  }
  return toOptions(values, ((result._ as unknown[]) ?? []).map(String));
}

function toOptions(values: Values, positionals: string[]): ParsedArguments {
  const maxWarnings = Number(values['max-warnings']);
  if (!Number.isInteger(maxWarnings) || maxWarnings < -1) {
    return { kind: 'usage-error', message: '--max-warnings must be an integer of -1 or more' };
  }
  if (values['stdin-filename'] !== undefined && !values.stdin) return { kind: 'usage-error', message: '--stdin-filename needs --stdin' };
  if (values.fix === true && values.stdin === true) return { kind: 'usage-error', message: '--fix writes files and cannot fix standard input; use --fix-dry-run with --format json (the fixed text is "output")' };
  if (values.stdio === true && values.lsp !== true) return { kind: 'usage-error', message: '--stdio is the language server\'s transport: use it with --lsp (ecs-lint --lsp --stdio)' };
  if (values['list-rules'] === true && values.format !== 'stylish' && values.format !== 'json') {
    return { kind: 'usage-error', message: `--list-rules prints text, or JSON with --format json; not --format ${String(values.format)}` };
  }
  if (typeof values['max-file-size'] === 'string' && parseSize(values['max-file-size']) === undefined) {
    return { kind: 'usage-error', message: `--max-file-size "${values['max-file-size']}" is not a size: write bytes, or a number with KiB, MiB, GiB, KB, MB or GB (e.g. 64MiB)` };
  }
  const options: CliOptions = {
    patterns: positionals,
    format: values.format as FormatName,
    rule: (values.rule as string[] | undefined) ?? [],
    inputType: values['input-type'] as InputType,
    maxWarnings,
    quiet: values.quiet === true,
    stdin: values.stdin === true,
    listRules: values['list-rules'] === true,
    printConfig: values['print-config'] === true,
    cache: values.cache === true,
    fix: values.fix === true,
    fixDryRun: values['fix-dry-run'] === true,
    lsp: values.lsp === true,
    warnUnrecognized: values['warn-unrecognized'] !== false,
    reportUnknownConditions: values['report-unknown-conditions'] === true,
  };
  const strings: Array<[keyof CliOptions, string]> = [
    ['config', 'config'],
    ['account', 'account'],
    ['region', 'region'],
    ['partition', 'partition'],
    ['target', 'target'],
    ['stdinFilename', 'stdin-filename'],
    ['outputFile', 'output-file'],
    ['explain', 'explain'],
    ['cacheLocation', 'cache-location'],
    ['maxFileSize', 'max-file-size'],
    ['policyScope', 'policy-scope'],
  ];
  for (const [key, name] of strings) {
    const value = values[name];
    if (typeof value === 'string') (options as unknown as Record<string, unknown>)[key] = value;
  }
  if (typeof values.color === 'boolean') options.color = values.color;
  return { kind: 'options', options };
}

/** The fast path alone, for tests that hold it to yargs's answers. */
export function parseWithoutYargs(argv: readonly string[]): ParsedArguments | undefined {
  const fast = parseFast(argv);
  return fast && toOptions(fast.values, fast.positionals);
}
