// The contract of a reporter: every file's diagnostics in, the whole output text out.

import type { Diagnostic } from '../core/types';

export interface FileReport {
  /** The path as given on the command line (or joined to the directory it was found in). */
  filePath: string;
  diagnostics: Diagnostic[];
}

/** Text in a style of the terminal (chalk's); present only when the output is coloured. */
export type Painter = (style: 'red' | 'yellow' | 'dim' | 'bold', text: string) => string;

export interface ReporterContext {
  /** Colours for a terminal: absent when the output is not coloured (--no-color, NO_COLOR, a pipe, a file). */
  paint?: Painter;
  /** The working directory, for formats that want absolute paths. */
  cwd: string;
  /** The ecs-lint version, for formats that name the tool (SARIF); the build's version when absent. */
  version?: string;
}

export type Reporter = (reports: readonly FileReport[], context: ReporterContext) => string;

export function countSeverities(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}
