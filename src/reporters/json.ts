// json: ESLint-compatible results, one entry per file linted.

import { docsUrl } from '../rules/define-rule';
import { countSeverities, type Reporter } from './types';

const json: Reporter = (reports) => {
  const results = reports.map(({ filePath, diagnostics }) => {
    const { errors, warnings } = countSeverities(diagnostics);
    return {
      filePath,
      messages: diagnostics.map((diagnostic) => ({
        ruleId: diagnostic.ruleId,
        severity: diagnostic.severity === 'error' ? 2 : 1,
        message: diagnostic.message,
        line: diagnostic.line,
        column: diagnostic.column,
        endLine: diagnostic.endLine,
        endColumn: diagnostic.endColumn,
        messageId: diagnostic.messageId,
        ...(diagnostic.fatal ? { fatal: true } : {}),
        docsUrl: docsUrl(diagnostic.ruleId),
      })),
      errorCount: errors,
      fatalErrorCount: diagnostics.filter((diagnostic) => diagnostic.fatal).length,
      warningCount: warnings,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    };
  });
  return `${JSON.stringify(results)}\n`;
};

export default json;
