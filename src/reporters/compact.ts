// compact: one line per finding, `file:line:col: severity message [rule]`, for grep and editors.

import { visible } from '../core/text';
import { severityName, type Reporter } from './types';

const compact: Reporter = (results) => {
  const lines: string[] = [];
  for (const { filePath, messages } of results) {
    for (const d of messages) {
      lines.push(`${visible(filePath)}:${d.line}:${d.column}: ${severityName(d)} ${d.message} [${d.ruleId}]`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};

export default compact;
