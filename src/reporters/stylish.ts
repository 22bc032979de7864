// stylish: the default human format, findings grouped by file with aligned columns and a summary.

import { visible } from '../core/text';
import type { Painter, Reporter } from './types';

const stylish: Reporter = (results, context) => {
  const paint = context.paint ?? plain;
  const blocks: string[] = [];
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const { filePath, messages: diagnostics, errorCount, warningCount, fixableErrorCount, fixableWarningCount } of results) {
    if (diagnostics.length === 0) continue;
    errors += errorCount;
    warnings += warningCount;
    fixableErrors += fixableErrorCount;
    fixableWarnings += fixableWarningCount;
    const locations = diagnostics.map((d) => `${visible(filePath)}:${d.line}:${d.column}`);
    const width = Math.max(...locations.map((location) => location.length));
    const rows = diagnostics.map((d, i) => {
      const location = locations[i]!.padEnd(width);
      const severity = d.severity === 2 ? paint('red', 'error') : paint('yellow', 'warn ');
      return `${paint('dim', location)}  ${severity}  ${d.message}  ${paint('dim', d.ruleId)}`;
    });
    blocks.push(rows.join('\n'));
  }
  if (blocks.length === 0) return '';
  const total = errors + warnings;
  const summary = `${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
  const mark = errors > 0 ? paint('red', paint('bold', `✖ ${summary}`)) : paint('yellow', paint('bold', `⚠ ${summary}`));
  const fixable = fixableErrors + fixableWarnings;
  const fixes = fixable > 0
    ? `\n${paint(errors > 0 ? 'red' : 'yellow', paint('bold', `  ${fixableErrors} error${fixableErrors === 1 ? '' : 's'} and ${fixableWarnings} warning${fixableWarnings === 1 ? '' : 's'} potentially fixable with the \`--fix\` option.`))}`
    : '';
  return `${blocks.join('\n\n')}\n\n${mark}${fixes}\n`;
};

export default stylish;

/** No colour: the text as it is. */
const plain: Painter = (_style, text) => text;
