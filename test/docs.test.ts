// The examples of docs/rules/<id>.md, linted as the page says: every output shown is what ecs-lint
// prints today, and every Correct example lints clean.
//
// Every page in docs/rules is checked and must be the page of a registered rule (that every rule
// has a page is meta.test.ts's concern). Conventions of a page (only its "## Examples" section is
// linted; every ```json block of the page must parse with JSON.parse):
//
// - An input is a ```json block, a ```yaml block (a CloudFormation template, `template.yaml` unless
//   named), an ```hcl block (Terraform, `main.tf` unless named), or a ```text block for a file that is meant not to be valid JSON
//   (parse-error.md's trailing comma, for example). A ```text input must fail JSON.parse, so the
//   marker cannot hide a typo in an example meant to be valid. The file linted is the block's
//   lines, each ending in a newline. It is named `taskdef.json` unless the fence's info string
//   names it: ```json file=iam/account.json (a relative path of letters, digits, ".", "_", "-" and
//   "/"; `file=` is the only attribute, and a console block takes none). Any other kind of code
//   block (a plain ``` one included) under "### Incorrect" or "### Correct" fails the test.
// - An example is a group of consecutive input blocks of the same "### Incorrect" or "### Correct"
//   section (prose between them does not end it), linted together as one run: for an IAM policy,
//   an `aws iam get-account-authorization-details` or `get-role-policy` output, or an
//   `aws secretsmanager describe-secret` output next to a task definition. A console block ends the
//   group before it; an input whose file name is already in the group starts a new one (so two
//   `taskdef.json` examples in a row stay two examples). Each file name appears once in a group.
// - A ```console block applies to the group of input blocks before it, since the previous console
//   block, in its section; several console blocks may follow one group (the same files linted with
//   other flags). Its first line is the command:
//     $ ecs-lint --format compact [--account X] [--region X] [--partition X] [--target api|console]
//       [--rule id:sev]... [--input-type X] [--report-unknown-conditions] file...
//   where the files (after every flag) are those of the group, each once, in any order (the
//   output follows the command's order), e.g. `taskdef.json iam/account.json` or `policy.json`.
//   The lines after it are exactly what `--format compact` prints (none when every file is clean).
//   Flags may come in any order; their values are checked as the CLI checks them, and any other
//   flag fails the test.
// - Under "### Incorrect" every group has at least one console block, every such block shows at
//   least one finding, and at least one of them is of the page's rule. Each page has at least one
//   Incorrect and one Correct example.
// - Under "### Correct" a console block shows no output. A group without one must lint clean with
//   the flags of each distinct command under "### Incorrect" of the same page (or with none), its
//   files in the order of the blocks.
//
// Linting runs in-process, as the CLI does for files named on its command line: the run's IAM
// workspace is built first from every input of the group (addFileFacts, as the CLI does for each
// file it reads; there is no .ecs-lint.json), then each input is linted with lintText, with
// reportUnrecognized and that workspace, and the compact reporter renders all files in the
// command's order. Tests are named after the page, the section and the example's number within it,
// with the line of its console block (or of its first input).
// Byte-level problems (a NUL byte, invalid UTF-8) cannot be shown in Markdown and are not examples.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PARTITION_IDS } from '../src/aws/partitions';
import { EcsLint } from '../src/api/ecs-lint';
import type { LintSettings, SeveritySetting, Target } from '../src/core/types';
import type { InputType } from '../src/loaders/index';
import { RULES_BY_ID } from '../src/rules/index';
import { ROOT } from './support/cli';
import { prepareAllFormats } from '../src/loaders/formats';

const DEFAULT_FILE_NAME = 'taskdef.json';
// YAML and Terraform support load asynchronously, once.
await prepareAllFormats();

const INPUT_LANGUAGES = new Set(['json', 'text', 'yaml', 'hcl']);
/** The file an input block is linted as when its fence names none: the extension picks the format. */
const DEFAULT_FILE_NAMES: Record<string, string> = { yaml: 'template.yaml', hcl: 'main.tf' };
/** A relative path: segments of letters, digits, ".", "_" and "-", none of them "." or "..". */
const FILE_NAME = /^(?!\.{1,2}(?:\/|$))[\w.-]+(?:\/(?!\.{1,2}(?:\/|$))[\w.-]+)*$/;

type Section = 'incorrect' | 'correct';

interface CodeBlock {
  language: string;
  /** The file an input block is, from `file=` in its info string (else taskdef.json). */
  fileName: string;
  /** Whether the info string named the file. */
  named: boolean;
  lines: string[];
  /** 1-based line of the opening fence. */
  line: number;
  /** The Incorrect or Correct subsection of "## Examples" the block is in, if any. */
  section?: Section;
}

interface Command {
  text: string;
  line: number;
  /** The flags between `--format compact` and the file names, for comparing commands. */
  flags: string;
  settings: LintSettings;
  inputType: InputType;
  /** The files named, in the order given (the order of the output). */
  files: string[];
  output: string[];
}

type RunOptions = Pick<Command, 'settings' | 'inputType' | 'files'>;

interface Example {
  section: Section;
  /** 1-based within its section. */
  number: number;
  /** The input blocks linted together, in the page's order. */
  inputs: CodeBlock[];
  commands: Command[];
}

/** The `file=` attribute of a fence's info string; anything else there fails. */
function fenceFileName(info: string, language: string, where: string): string | undefined {
  let fileName: string | undefined;
  for (const attribute of info.trim().split(/\s+/).filter(Boolean)) {
    const match = /^file=(.*)$/.exec(attribute);
    if (!match) throw new Error(`${where}: unknown attribute "${attribute}" in the info string; only file=<name> is known`);
    if (fileName !== undefined) throw new Error(`${where}: file= is given twice`);
    if (!INPUT_LANGUAGES.has(language)) throw new Error(`${where}: file= names input files; a ${language || 'plain'} block takes none`);
    const name = match[1] ?? '';
    if (!FILE_NAME.test(name)) throw new Error(`${where}: file=${name} is not a relative path of letters, digits, ".", "_", "-" and "/"`);
    fileName = name;
  }
  return fileName;
}

/** Fenced code blocks of a Markdown page, with the Examples subsection each one is in. */
function codeBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split('\n');
  let inExamples = false;
  let section: Section | undefined;
  let open: { fence: string; block: CodeBlock } | undefined;
  lines.forEach((line, index) => {
    if (open) {
      if (line.trimEnd() === open.fence) open = undefined;
      else open.block.lines.push(line);
      return;
    }
    const fence = /^(`{3,}|~{3,})\s*([\w-]*)(.*)$/.exec(line);
    if (fence) {
      const language = fence[2] ?? '';
      const fileName = fenceFileName(fence[3] ?? '', language, `the code block at line ${index + 1}`);
      const block: CodeBlock = {
        language,
        fileName: fileName ?? DEFAULT_FILE_NAMES[language] ?? DEFAULT_FILE_NAME,
        named: fileName !== undefined,
        lines: [],
        line: index + 1,
      };
      if (inExamples && section) block.section = section;
      blocks.push(block);
      open = { fence: fence[1] ?? '```', block };
      return;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (!heading) return;
    const level = heading[1]?.length ?? 0;
    const title = heading[2] ?? '';
    if (level <= 2) {
      inExamples = level === 2 && title === 'Examples';
      section = undefined;
    } else if (level === 3 && inExamples) {
      section = title === 'Incorrect' ? 'incorrect' : title === 'Correct' ? 'correct' : undefined;
    }
  });
  if (open) throw new Error(`the code block at line ${open.block.line} is not closed`);
  return blocks;
}

/** The command line of a console block, as the settings lintText takes. */
/** Flags without a value. */
const SWITCHES = new Set(['--report-unknown-conditions']);

function parseCommand(block: CodeBlock): Command {
  const [first = '', ...output] = block.lines;
  const where = `the console block at line ${block.line}`;
  const words = first.trim().split(/\s+/);
  if (words[0] !== '$' || words[1] !== 'ecs-lint') throw new Error(`${where} must start with "$ ecs-lint", not "${first}"`);
  if (words[2] !== '--format' || words[3] !== 'compact') throw new Error(`${where}: the command must begin with "ecs-lint --format compact"`);
  const rest = words.slice(4);
  // A flag takes the word after it as its value, but for the switches that take none.
  let firstFile = -1;
  for (let index = 0; index < rest.length; index++) {
    const word = rest[index]!;
    if (SWITCHES.has(word)) continue;
    if (word.startsWith('--')) index++;
    else {
      firstFile = index;
      break;
    }
  }
  const flags = firstFile < 0 ? rest : rest.slice(0, firstFile);
  const files = firstFile < 0 ? [] : rest.slice(firstFile);
  if (files.length === 0) throw new Error(`${where}: the command must end with the files it lints, e.g. ${DEFAULT_FILE_NAME}`);
  for (const file of files) {
    if (file.startsWith('--')) throw new Error(`${where}: ${file} comes after a file name; flags come first`);
    if (!FILE_NAME.test(file)) throw new Error(`${where}: "${file}" is not a file name an input block can have`);
  }
  const settings: LintSettings = { target: 'api', rules: {} };
  const rules: Record<string, SeveritySetting> = {};
  let inputType: InputType = 'auto';
  for (let i = 0; i < flags.length; i += 2) {
    const flag = flags[i] ?? '';
    if (flag === '--report-unknown-conditions') {
      settings.reportUnknownConditions = true;
      i--;
      continue;
    }
    const value = flags[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${where}: ${flag} needs a value`);
    const invalid = (): Error => new Error(`${where}: ${flag} ${value} is not valid`);
    switch (flag) {
      case '--account':
        if (!/^\d{12}$/.test(value)) throw invalid();
        settings.account = value;
        break;
      case '--region':
        if (!/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(value)) throw invalid();
        settings.region = value;
        break;
      case '--partition':
        if (!PARTITION_IDS.includes(value)) throw invalid();
        settings.partition = value;
        break;
      case '--target':
        if (value !== 'api' && value !== 'console') throw invalid();
        settings.target = value satisfies Target;
        break;
      case '--rule': {
        const match = /^([a-z0-9-]+):(off|warn|error)$/.exec(value);
        if (!match || !RULES_BY_ID.has(match[1] ?? '')) throw invalid();
        rules[match[1] ?? ''] = match[2] as SeveritySetting;
        break;
      }
      case '--input-type':
        if (value !== 'auto' && value !== 'task-definition' && value !== 'container-definitions' && value !== 'secret-payload') throw invalid();
        inputType = value;
        break;
      default:
        throw new Error(`${where}: ${flag} is not a flag the docs test knows`);
    }
  }
  settings.rules = rules;
  return { text: first, line: block.line, flags: flags.join(' '), settings, inputType, files, output };
}

/** The files of a group, as a command must name them; throws when a command names others. */
function checkCommandFiles(command: Command, inputs: readonly CodeBlock[]): void {
  const where = `the console block at line ${command.line}`;
  const names = inputs.map((input) => input.fileName);
  const seen = new Set<string>();
  for (const file of command.files) {
    if (seen.has(file)) throw new Error(`${where}: ${file} is named twice`);
    seen.add(file);
    if (!names.includes(file)) {
      throw new Error(`${where}: ${file} is not one of the input blocks before it (${names.join(', ')}); name an input with \`\`\`json file=${file}`);
    }
  }
  const missing = names.filter((name) => !seen.has(name));
  if (missing.length > 0) throw new Error(`${where}: the command does not name ${missing.join(', ')}, linted with it; name every file of the example`);
}

/** The Incorrect and Correct examples of a page: groups of inputs with the commands that follow them. */
function examples(blocks: readonly CodeBlock[]): Example[] {
  const found: Example[] = [];
  const count: Record<Section, number> = { incorrect: 0, correct: 0 };
  let current: Example | undefined;
  for (const block of blocks) {
    if (!block.section) {
      if (block.language === 'console') throw new Error(`the console block at line ${block.line} is outside "### Incorrect" and "### Correct"`);
      continue;
    }
    if (INPUT_LANGUAGES.has(block.language)) {
      const joins =
        current !== undefined &&
        current.section === block.section &&
        current.commands.length === 0 &&
        !current.inputs.some((input) => input.fileName === block.fileName);
      if (joins && current) {
        current.inputs.push(block);
      } else {
        current = { section: block.section, number: ++count[block.section], inputs: [block], commands: [] };
        found.push(current);
      }
    } else if (block.language === 'console') {
      if (!current || current.section !== block.section) {
        throw new Error(`the console block at line ${block.line} has no input block before it in its section`);
      }
      const command = parseCommand(block);
      checkCommandFiles(command, current.inputs);
      current.commands.push(command);
    } else {
      const kind = block.language === '' ? 'a plain ``` block' : `a ${block.language} block`;
      throw new Error(`the code block at line ${block.line} is ${kind}; examples use json, text and console blocks`);
    }
  }
  return found;
}

function fileText(input: CodeBlock): string {
  return input.lines.map((line) => `${line}\n`).join('');
}

/** Lints the inputs of an example as one run of the CLI would, and renders them as `--format compact`. */
async function lint(inputs: readonly CodeBlock[], run: RunOptions): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'ecs-lint-docs-'));
  try {
    for (const input of inputs) {
      mkdirSync(dirname(join(directory, input.fileName)), { recursive: true });
      writeFileSync(join(directory, input.fileName), fileText(input));
    }
    for (const file of run.files) if (!inputs.some((candidate) => candidate.fileName === file)) throw new Error(`${file} is not an input of the example`);
    const failures: unknown[] = [];
    const { target, rules, account, region, partition, reportUnknownConditions, policyScope } = run.settings;
    const linter = new EcsLint({
      cwd: directory,
      overrideConfig: { target, rules, ...(account ? { account } : {}), ...(region ? { region } : {}), ...(partition ? { partition } : {}), ...(reportUnknownConditions ? { reportUnknownConditions } : {}), ...(policyScope ? { policyScope } : {}) },
      ...(run.inputType !== 'auto' ? { inputType: run.inputType } : {}),
      onInternalError: (failure) => failures.push(failure),
    });
    // Every input is part of the run (its facts serve the others); the files named are reported.
    const others = inputs.map((input) => input.fileName).filter((name) => !run.files.includes(name));
    const results = await linter.lintFiles([...others, ...run.files]);
    assert.equal(failures, [], 'a rule threw');
    const reported = run.files.flatMap((file) => results.filter((result) => result.filePath === file));
    return await (await linter.loadFormatter('compact')).format(reported);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function expectedOutput(command: Command): string {
  return command.output.map((line) => `${line}\n`).join('');
}

function parses(block: CodeBlock): boolean {
  try {
    JSON.parse(block.lines.join('\n'));
    return true;
  } catch {
    return false;
  }
}

/** Where an example's inputs start, for messages: "line 12" or "lines 12, 30". */
function inputLines(example: Example): string {
  const lines = example.inputs.map((input) => input.line);
  return `${lines.length > 1 ? 'lines' : 'line'} ${lines.join(', ')}`;
}

interface Page {
  blocks: CodeBlock[];
  examples: Example[];
}

function readPage(page: string): Page {
  const blocks = codeBlocks(readFileSync(join(ROOT, page), 'utf8'));
  return { blocks, examples: examples(blocks) };
}

// Every page there is; that every rule has one is meta.test.ts's concern.
const PAGES = readdirSync(join(ROOT, 'docs/rules'))
  .filter((name) => name.endsWith('.md'))
  .sort();

for (const name of PAGES) {
  const ruleId = name.replace(/\.md$/, '');
  const page = `docs/rules/${name}`;
  const test = suite(page);
  let parsed: Page;
  try {
    parsed = readPage(page);
  } catch (error) {
    // A page the test cannot read is one failure, named after the page, not a crash of the file.
    test('can be read', () => {
      throw new Error(`${page}: ${error instanceof Error ? error.message : String(error)}`);
    });
    test.run();
    continue;
  }
  const { blocks } = parsed;
  const incorrect = parsed.examples.filter((example) => example.section === 'incorrect');
  const correct = parsed.examples.filter((example) => example.section === 'correct');

  test('every json block is valid JSON; every text input is not', () => {
    for (const block of blocks) {
      if (block.language === 'json') assert.ok(parses(block), `${page}:${block.line}: the json block does not parse`);
    }
    for (const input of parsed.examples.flatMap((example) => example.inputs)) {
      if (input.language === 'text') {
        assert.ok(!parses(input), `${page}:${input.line}: a text input must be invalid JSON; make it a json block`);
      }
    }
  });

  test('documents a registered rule, with an Incorrect example whose output shows it', () => {
    assert.ok(RULES_BY_ID.has(ruleId), `${page} is not the page of a registered rule`);
    assert.ok(incorrect.length > 0, `${page} has no Incorrect example`);
    assert.ok(correct.length > 0, `${page} has no Correct example`);
    for (const example of incorrect) {
      assert.ok(example.commands.length > 0, `${page}: Incorrect example ${example.number} (${inputLines(example)}) has no console block`);
      for (const command of example.commands) {
        assert.ok(command.output.length > 0, `${page}:${command.line}: an Incorrect example must show at least one finding`);
        assert.ok(
          command.output.some((line) => line.endsWith(` [${ruleId}]`)),
          `${page}:${command.line}: the output shows no finding of ${ruleId}`,
        );
      }
    }
  });

  for (const example of incorrect) {
    example.commands.forEach((command, index) => {
      const which = example.commands.length > 1 ? `, command ${index + 1}` : '';
      test(`Incorrect example ${example.number}${which} (line ${command.line}): ${command.text}`, async () => {
        assert.fixture(await lint(example.inputs, command), expectedOutput(command), `${page}:${command.line}`);
      });
    });
  }

  // A Correct example without a command of its own is linted with the flags of every Incorrect
  // command of the page (each distinct set once), or with none.
  const incorrectFlags = new Map<string, Pick<Command, 'flags' | 'settings' | 'inputType'>>();
  for (const command of incorrect.flatMap((example) => example.commands)) {
    if (!incorrectFlags.has(command.flags)) incorrectFlags.set(command.flags, command);
  }
  if (incorrectFlags.size === 0) incorrectFlags.set('', { flags: '', settings: { target: 'api', rules: {} }, inputType: 'auto' });

  for (const example of correct) {
    for (const command of example.commands) {
      test(`Correct example ${example.number} (line ${command.line}) is clean: ${command.text}`, async () => {
        assert.equal(command.output, [], `${page}:${command.line}: a Correct example's command shows no output`);
        assert.fixture(await lint(example.inputs, command), '', `${page}:${command.line}`);
      });
    }
    if (example.commands.length > 0) continue;
    const files = example.inputs.map((input) => input.fileName);
    for (const command of incorrectFlags.values()) {
      const flags = command.flags === '' ? 'no flags' : command.flags;
      test(`Correct example ${example.number} (${inputLines(example)}) is clean with ${flags}: ${files.join(' ')}`, async () => {
        assert.fixture(await lint(example.inputs, { ...command, files }), '', `${page}:${example.inputs[0]?.line ?? 0}`);
      });
    }
  }

  test.run();
}
