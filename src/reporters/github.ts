// github: GitHub Actions workflow commands, one per finding, which the runner turns into annotations
// on the pull request's files: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

import { sep } from 'node:path';
import type { Reporter } from './types';

const github: Reporter = (results) => {
  const lines: string[] = [];
  for (const { filePath, messages } of results) {
    const file = sep === '\\' ? filePath.replaceAll('\\', '/') : filePath;
    for (const d of messages) {
      const properties = [
        ['file', file],
        ['line', d.line],
        ['col', d.column],
        ['endLine', d.endLine],
        ['endColumn', d.endColumn],
        ['title', `ecs-lint ${d.ruleId}`],
      ]
        .map(([name, value]) => `${name}=${escapeProperty(String(value))}`)
        .join(',');
      const command = d.severity === 2 ? 'error' : 'warning';
      lines.push(`::${command} ${properties}::${escapeData(`${d.message} (${d.docsUrl})`)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};

export default github;

/** The escaping of @actions/core's command.ts for a command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The escaping of @actions/core's command.ts for a command's property values. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
