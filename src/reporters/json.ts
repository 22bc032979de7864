// json: ESLint-compatible results, one entry per file linted: the API's results, each member in
// its place (what the API adds for its users, data and help, is not printed; fixes are, as ESLint prints them).

import type { Reporter } from './types';

const json: Reporter = (results) => {
  const printed = results.map((result) => ({
    filePath: result.filePath,
    messages: result.messages.map((message) => ({
      ruleId: message.ruleId,
      severity: message.severity,
      message: message.message,
      line: message.line,
      column: message.column,
      endLine: message.endLine,
      endColumn: message.endColumn,
      messageId: message.messageId,
      ...(message.fatal ? { fatal: true } : {}),
      docsUrl: message.docsUrl,
      ...(message.fix ? { fix: message.fix } : {}),
      ...(message.suggestions ? { suggestions: message.suggestions } : {}),
    })),
    errorCount: result.errorCount,
    fatalErrorCount: result.fatalErrorCount,
    warningCount: result.warningCount,
    fixableErrorCount: result.fixableErrorCount,
    fixableWarningCount: result.fixableWarningCount,
    ...(result.output !== undefined ? { output: result.output } : {}),
  }));
  return `${JSON.stringify(printed)}\n`;
};

export default json;
