// The examples of docs/rules/<id>.md, linted as the page says: every output shown is what ecs-lint
// prints today, and every Correct example lints clean.
//
// Every page in docs/rules is checked and must be the page of a registered rule (that every rule
// has a page is meta.test.ts's concern). Conventions of a page (only its "## Examples" section is
// linted; every ```json block of the page must parse with JSON.parse):
//
// - An input is a ```json block, or a ```text block for a file that is meant not to be valid JSON
//   (parse-error.md's trailing comma, for example). A ```text input must fail JSON.parse, so the
//   marker cannot hide a typo in an example meant to be valid. The file linted is the block's
//   lines, each ending in a newline, named `taskdef.json`. Any other kind of code block (a plain
//   ``` one included) under "### Incorrect" or "### Correct" fails the test.
// - A ```console block applies to the closest preceding input block of the same "### Incorrect" or
//   "### Correct" section; several console blocks may follow one input (the same file linted with
//   other flags). Its first line is the command:
//     $ ecs-lint --format compact [--account X] [--region X] [--partition X] [--target api|console]
//       [--rule id:sev]... [--input-type X] taskdef.json
//   and the lines after it are exactly what `--format compact` prints (none when the file is clean).
//   Flags may come in any order; their values are checked as the CLI checks them, and any other
//   flag fails the test.
// - Under "### Incorrect" every input has at least one console block, every such block shows at
//   least one finding, and at least one of them is of the page's rule. Each page has at least one
//   Incorrect and one Correct example.
// - Under "### Correct" a console block shows no output. An input without one must lint clean with
//   the flags of each distinct command under "### Incorrect" of the same page (or with none).
//
// Linting runs in-process, as the CLI does for a file named on its command line: lintText with
// reportUnrecognized, then the compact reporter. Tests are named after the page, the section and
// the example's number within it, with the line of its console block (or of its input).
// Byte-level problems (a NUL byte, invalid UTF-8) cannot be shown in Markdown and are not examples.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PARTITION_IDS } from '../src/aws/partitions';
import { lintText } from '../src/engine/lint';
import type { LintSettings, SeveritySetting, Target } from '../src/engine/types';
import type { InputType } from '../src/loaders/index';
import compact from '../src/reporters/compact';
import { RULES_BY_ID } from '../src/rules/index';
import { ROOT } from './support/cli';

const FILE_NAME = 'taskdef.json';
const INPUT_LANGUAGES = new Set(['json', 'text']);

type Section = 'incorrect' | 'correct';

interface CodeBlock {
  language: string;
  lines: string[];
  /** 1-based line of the opening fence. */
  line: number;
  /** The Incorrect or Correct subsection of "## Examples" the block is in, if any. */
  section?: Section;
}

interface Command {
  text: string;
  line: number;
  /** The flags between `--format compact` and the file name, for comparing commands. */
  flags: string;
  settings: LintSettings;
  inputType: InputType;
  output: string[];
}

interface Example {
  section: Section;
  /** 1-based within its section. */
  number: number;
  input: CodeBlock;
  commands: Command[];
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
    const fence = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (fence) {
      const block: CodeBlock = { language: fence[2] ?? '', lines: [], line: index + 1 };
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
function parseCommand(block: CodeBlock): Command {
  const [first = '', ...output] = block.lines;
  const where = `the console block at line ${block.line}`;
  const words = first.trim().split(/\s+/);
  if (words[0] !== '$' || words[1] !== 'ecs-lint') throw new Error(`${where} must start with "$ ecs-lint", not "${first}"`);
  if (words[2] !== '--format' || words[3] !== 'compact') throw new Error(`${where}: the command must begin with "ecs-lint --format compact"`);
  if (words[words.length - 1] !== FILE_NAME) throw new Error(`${where}: the command must end with ${FILE_NAME}`);
  const flags = words.slice(4, -1);
  const settings: LintSettings = { target: 'api', rules: {} };
  const rules: Record<string, SeveritySetting> = {};
  let inputType: InputType = 'auto';
  for (let i = 0; i < flags.length; i += 2) {
    const flag = flags[i] ?? '';
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
        if (value !== 'auto' && value !== 'task-definition' && value !== 'container-definitions') throw invalid();
        inputType = value;
        break;
      default:
        throw new Error(`${where}: ${flag} is not a flag the docs test knows`);
    }
  }
  settings.rules = rules;
  return { text: first, line: block.line, flags: flags.join(' '), settings, inputType, output };
}

/** The Incorrect and Correct examples of a page, each input with the commands that follow it. */
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
      current = { section: block.section, number: ++count[block.section], input: block, commands: [] };
      found.push(current);
    } else if (block.language === 'console') {
      if (!current || current.section !== block.section) {
        throw new Error(`the console block at line ${block.line} has no input block before it in its section`);
      }
      current.commands.push(parseCommand(block));
    } else {
      const kind = block.language === '' ? 'a plain ``` block' : `a ${block.language} block`;
      throw new Error(`the code block at line ${block.line} is ${kind}; examples use json, text and console blocks`);
    }
  }
  return found;
}

function lint(input: CodeBlock, command: Pick<Command, 'settings' | 'inputType'>): string {
  const text = input.lines.map((line) => `${line}\n`).join('');
  const result = lintText(text, command.settings, { fileName: FILE_NAME, reportUnrecognized: true, inputType: command.inputType });
  assert.equal(result.internalErrors, [], 'a rule threw');
  return compact([{ filePath: FILE_NAME, diagnostics: result.diagnostics }], { color: false, cwd: '/' });
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
    for (const { input } of parsed.examples) {
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
      assert.ok(example.commands.length > 0, `${page}: Incorrect example ${example.number} (line ${example.input.line}) has no console block`);
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
      test(`Incorrect example ${example.number}${which} (line ${command.line}): ${command.text}`, () => {
        assert.fixture(lint(example.input, command), expectedOutput(command), `${page}:${command.line}`);
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
      test(`Correct example ${example.number} (line ${command.line}) is clean: ${command.text}`, () => {
        assert.equal(command.output, [], `${page}:${command.line}: a Correct example's command shows no output`);
        assert.fixture(lint(example.input, command), '', `${page}:${example.input.line}`);
      });
    }
    if (example.commands.length > 0) continue;
    for (const command of incorrectFlags.values()) {
      const flags = command.flags === '' ? 'no flags' : command.flags;
      test(`Correct example ${example.number} (line ${example.input.line}) is clean with ${flags}`, () => {
        assert.fixture(lint(example.input, command), '', `${page}:${example.input.line}`);
      });
    }
  }

  test.run();
}
