// A file's results as the Node.js API gives them and `--format json` prints them, and what a report
// knows of each rule.

import type { Severity, Suggestion, TextEdit } from './types';

export interface LintMessage {
  ruleId: string;
  /** 1 warning, 2 error. */
  severity: 1 | 2;
  message: string;
  /** 1-based; columns count UTF-16 code units, as editors and ESLint do. */
  line: number;
  column: number;
  /** Just after the last character of what the message points at. */
  endLine: number;
  endColumn: number;
  /** Which of its rule's messages this is. */
  messageId: string;
  /** The file could not be read or parsed: nothing else in it was checked. */
  fatal?: true;
  docsUrl: string;
  /** Why, and AWS's behaviour and wording: the longer advice (SARIF and editors show it). Not printed by `--format json`. */
  help?: string;
  /** The values the message was made from (names, references; never a secret value). Not printed by `--format json`. */
  data?: Record<string, string | number>;
  /** The edit that fixes it, where there is one right answer: `--fix` applies it. */
  fix?: TextEdit;
  /** Edits that need the user's choice; never applied by `--fix`. */
  suggestions?: Suggestion[];
}

export interface LintResult {
  /** The path as given (or joined to the directory it was found in); `<text>` for text without a path. */
  filePath: string;
  messages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The fixed text, when the run fixed (EcsLint's `fix`) and something was fixed. */
  output?: string;
}

/** A rule as reports describe it: its default severity, what it checks, its page, and its messages. */
export interface RuleMeta {
  id: string;
  severity: Severity;
  description: string;
  docsUrl: string;
  /** The AWS documentation the rule's facts come from. */
  source: string;
  /** Some of its findings carry a fix (`--fix`). */
  fixable: boolean;
  /** Some of its findings carry suggestions (editors' code actions). */
  hasSuggestions: boolean;
  /** Its messages by messageId: one sentence with {placeholders}, and the longer help. */
  messages: Readonly<Record<string, { text: string; help?: string }>>;
}
