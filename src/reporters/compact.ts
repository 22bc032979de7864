// compact: one line per finding, `file:line:col: severity message [rule]`, for grep and editors.

import { visible } from '../rules/define-rule';
import type { Reporter } from './types';

const compact: Reporter = (reports) => {
  const lines: string[] = [];
  for (const { filePath, diagnostics } of reports) {
    for (const d of diagnostics) {
      lines.push(`${visible(filePath)}:${d.line}:${d.column}: ${d.severity} ${d.message} [${d.ruleId}]`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};

export default compact;
