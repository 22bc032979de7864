// Shared types of the engine: positions, diagnostics, severities and settings.

export type Severity = 'error' | 'warn';
export type SeveritySetting = Severity | 'off';
export type Target = 'api' | 'console';
/** What a file is taken as: detected from its text and name, or one kind for every file (--input-type). */
export type InputType = 'auto' | 'task-definition' | 'container-definitions' | 'secret-payload';

/** One step of a path into a JSON-like value: an object key or an array index. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** 1-based line and column; columns count UTF-16 code units, like editors and ESLint. */
export interface Position {
  line: number;
  column: number;
}

/** A half-open range: `end` is the position just after the last character. */
export interface Range {
  start: Position;
  end: Position;
}

/** Which part of a node a diagnostic points at. */
export type RangeTarget = 'value' | 'key';

/** An edit of a file's text, as ESLint gives it: the UTF-16 offsets [start, end) replaced with text. */
export interface TextEdit {
  range: [number, number];
  text: string;
}

/** An edit that needs the user's choice: offered, never applied by --fix. */
export interface Suggestion {
  desc: string;
  fix: TextEdit;
}

export interface Diagnostic {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  /** The why and the longer advice behind the message, when the rule has any; SARIF and the language server show it. */
  help?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Values interpolated into the message; never a secret value. */
  data?: Record<string, string | number>;
  /** A parse error or unreadable file: nothing else could be checked. */
  fatal?: boolean;
  /** The edit that fixes it, where there is one right answer (--fix applies it). */
  fix?: TextEdit;
  suggestions?: Suggestion[];
}

/** The context a task is registered in, as far as it is known statically. */
export interface AwsContext {
  account?: string;
  region?: string;
  partition?: string;
}

/** Settings the engine needs, resolved from the config file and the command line. */
export interface LintSettings extends AwsContext {
  target: Target;
  /** Severity set by the user per rule id; rules not named use their default. */
  rules: Readonly<Record<string, SeveritySetting>>;
  /**
   * Report an Allow or Deny that applies only under a Condition ecs-lint cannot evaluate (resource
   * tags, aws:SourceVpc): by default such a decision is unknown and silent.
   */
  reportUnknownConditions?: boolean;
  /**
   * Which policies the policy rules check: by default ("ecs") those an ECS task depends on (see
   * iam/policy-scope), with "all" every policy in the files.
   */
  policyScope?: 'ecs' | 'all';
}
