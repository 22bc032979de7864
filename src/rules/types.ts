// The contract between the engine and a rule.

import type { LintDocument, PolicyUnit, TaskDefinitionUnit } from '../loaders/document';
import { type FactView } from '../facts/view';
import type { AwsContext, LintSettings, Path, RangeTarget, Severity } from '../core/types';

/**
 * A change of the model, for a fix: paths as the rule reports them (the engine finds the text).
 * `replace` and `rename-key` name the value or key they change, which the text must hold as written.
 */
export type ModelEdit = (
  | { op: 'replace'; path: Path; from: string | number | boolean; value: string | number | boolean }
  | { op: 'replace-within'; path: Path; value: string; start: number; end: number; text: string }
  | { op: 'rename-key'; path: Path; from: string; key: string }
  | { op: 'remove'; path: Path }
  | { op: 'insert'; path: Path; key: string; value: string | number | boolean; position: 'first' | 'last' }
) & {
  /** The unit of the same file whose document `path` is in: a policy a task's finding is fixed in (default: the unit checked). */
  unit?: Pick<PolicyUnit, 'filePath'>;
};

export interface RuleReport {
  messageId: string;
  /** Path in the task definition model (e.g. `['containerDefinitions', 0, 'image']`) or policy document. */
  path: Path;
  /** Point at the value (default) or at the key of the member. */
  target?: RangeTarget;
  data?: Record<string, string | number>;
  /** The severity of this finding when the user has not set one for the rule (default: the rule's). */
  severity?: Severity;
  /**
   * Point at part of the string at `path`: `value` is the string the rule read, [start, end) the
   * part. Where the file's text does not hold the string as written (a value built by !Sub, a string
   * over several lines), the whole value is pointed at.
   */
  within?: { value: string; start: number; end: number };
  /** The fix, where there is one right answer: one change, or several made together. */
  fix?: ModelEdit | readonly ModelEdit[];
  /** Fixes that need the user's choice: offered, never applied by --fix. */
  suggestions?: ReadonlyArray<{ desc: string; fix: ModelEdit | readonly ModelEdit[] }>;
}

export interface TaskRuleContext {
  /** The task definition, camelCase, as in RegisterTaskDefinition; untyped because it is user input. */
  readonly task: Record<string, unknown>;
  readonly unit: TaskDefinitionUnit;
  readonly document: LintDocument;
  readonly settings: LintSettings;
  /** Account, region and partition of the task as far as they are known. */
  readonly aws: AwsContext;
  /** Roles, policies and secrets known in this run; empty when none were given. */
  readonly workspace: FactView;
  report(report: RuleReport): void;
}

export interface PolicyRuleContext {
  /** The policy document as written; untyped because it is user input. */
  readonly policy: Record<string, unknown>;
  readonly unit: PolicyUnit;
  readonly document: LintDocument;
  readonly settings: LintSettings;
  /** Reports against a path in the policy document. */
  report(report: RuleReport): void;
}

export interface DocumentRuleContext {
  readonly document: LintDocument;
  readonly settings: LintSettings;
  readonly workspace: FactView;
  /** Reports against a path in the file (not in a model). */
  report(report: RuleReport): void;
}

/**
 * What a finding says. `text` is one sentence (at most 120 characters as written, placeholders
 * included) naming the thing and what to do; `help` is the why, AWS's behaviour and wording, the
 * longer advice, in sentences. Both are templates filled from the finding's data (`{name}`); braces
 * are for placeholders only (SARIF message strings reserve them). test/meta.test.ts holds them to it.
 */
export interface RuleMessage {
  text: string;
  help?: string;
}

export interface RuleDefinition {
  /** kebab-case; also the file name, the docs page and the fixture folder. */
  id: string;
  severity: Severity;
  description: string;
  /** The AWS documentation the rule's facts come from. */
  source: string;
  messages: Readonly<Record<string, RuleMessage>>;
  /** Some findings carry a fix that --fix applies (one right answer). */
  fixable?: boolean;
  /** Some findings carry suggestions, offered by editors and never applied by --fix. */
  hasSuggestions?: boolean;
  /** Checks one task definition; rules whose findings come from the loader have none. */
  check?: (context: TaskRuleContext) => void;
  /** Checks one IAM policy document. */
  checkPolicy?: (context: PolicyRuleContext) => void;
  /** Checks what spans a whole file: services, the secrets a template defines, secret payloads. */
  checkDocument?: (context: DocumentRuleContext) => void;
}

export interface Rule extends RuleDefinition {
  docsUrl: string;
}
