// stylish: the default human format, findings grouped by file with aligned columns and a summary.

import { visible } from '../rules/define-rule';
import { countSeverities, type Painter, type Reporter } from './types';

const stylish: Reporter = (reports, context) => {
  const paint = context.paint ?? plain;
  const blocks: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const { filePath, diagnostics } of reports) {
    if (diagnostics.length === 0) continue;
    const counts = countSeverities(diagnostics);
    errors += counts.errors;
    warnings += counts.warnings;
    const locations = diagnostics.map((d) => `${visible(filePath)}:${d.line}:${d.column}`);
    const width = Math.max(...locations.map((location) => location.length));
    const rows = diagnostics.map((d, i) => {
      const location = locations[i]!.padEnd(width);
      const severity = d.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warn ');
      return `${paint('dim', location)}  ${severity}  ${d.message}  ${paint('dim', d.ruleId)}`;
    });
    blocks.push(rows.join('\n'));
  }
  if (blocks.length === 0) return '';
  const total = errors + warnings;
  const summary = `${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
  const mark = errors > 0 ? paint('red', paint('bold', `✖ ${summary}`)) : paint('yellow', paint('bold', `⚠ ${summary}`));
  return `${blocks.join('\n\n')}\n\n${mark}\n`;
};

export default stylish;

/** No colour: the text as it is. */
const plain: Painter = (_style, text) => text;
