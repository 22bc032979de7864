// stylish: the default human format, findings grouped by file with aligned columns and a summary.

import { Chalk } from 'chalk';
import { countSeverities, type Reporter } from './types';

const stylish: Reporter = (reports, context) => {
  const chalk = new Chalk({ level: context.color ? 1 : 0 });
  const blocks: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const { filePath, diagnostics } of reports) {
    if (diagnostics.length === 0) continue;
    const counts = countSeverities(diagnostics);
    errors += counts.errors;
    warnings += counts.warnings;
    const locations = diagnostics.map((d) => `${filePath}:${d.line}:${d.column}`);
    const width = Math.max(...locations.map((location) => location.length));
    const rows = diagnostics.map((d, i) => {
      const location = locations[i]!.padEnd(width);
      const severity = d.severity === 'error' ? chalk.red('error') : chalk.yellow('warn ');
      return `${chalk.dim(location)}  ${severity}  ${d.message}  ${chalk.dim(d.ruleId)}`;
    });
    blocks.push(rows.join('\n'));
  }
  if (blocks.length === 0) return '';
  const total = errors + warnings;
  const summary = `${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
  const mark = errors > 0 ? chalk.red.bold(`✖ ${summary}`) : chalk.yellow.bold(`⚠ ${summary}`);
  return `${blocks.join('\n\n')}\n\n${mark}\n`;
};

export default stylish;
