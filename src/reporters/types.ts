// The contract of a reporter: every file's results in, with what is known of the rules, the whole
// output text out.

import type { LintMessage, LintResult, RuleMeta } from '../core/results';

/** Text in a style of the terminal (chalk's); present only when the output is coloured. */
export type Painter = (style: 'red' | 'yellow' | 'dim' | 'bold', text: string) => string;

export interface ReporterContext {
  /** Colours for a terminal: absent when the output is not coloured (--no-color, NO_COLOR, a pipe, a file). */
  paint?: Painter;
  /** The working directory, for formats that want absolute paths. */
  cwd: string;
  /** The ecs-lint version, for formats that name the tool (SARIF). */
  version: string;
  /** Every rule, for formats that describe them (SARIF). */
  rules: readonly RuleMeta[];
}

export type Reporter = (results: readonly LintResult[], context: ReporterContext) => string;

/** The severity as the line formats write it. */
export function severityName(message: Pick<LintMessage, 'severity'>): 'error' | 'warn' {
  return message.severity === 2 ? 'error' : 'warn';
}
