// Picks the loader for a file and returns its document and findings.

import type { Finding, LoadResult } from '../engine/document';
import { parseJson } from './json';
import { readIamContent } from './iam-json';
import { recogniseTaskDefinitions } from './task-definition-json';

export type InputType = 'auto' | 'task-definition' | 'container-definitions';

export interface LoadOptions {
  inputType: InputType;
  /** The file's name, for choosing the format by extension; content decides when it is absent. */
  fileName?: string;
}

/** Text that names task-definition members is worth a parse-error even when found by expansion. */
const MENTIONS_TASK_DEFINITION = /"(?:containerDefinitions|taskDefinition)"\s*:/;
/** Template syntax that makes a file JSON only once rendered (Terraform templatefile, Jinja, Go). */
const TEMPLATE_EXPRESSION = /\$\{[^}\n]*\}?|%\{[^}\n]*\}?|\{\{[^}\n]*(?:\}\})?|\{%[^}\n]*(?:%\})?/g;

/** Whether a syntax error sits in template syntax (an unquoted ${var}): the file is JSON only once rendered. */
function errorInTemplate(text: string, offset: number): boolean {
  // A template expression at the start of the line of the error, or spanning the error.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  for (const match of text.slice(lineStart, Math.min(text.length, offset + 200)).matchAll(TEMPLATE_EXPRESSION)) {
    const start = lineStart + match.index;
    if (start > offset) break;
    if (offset <= start + match[0].length) return true;
  }
  return false;
}

export function loadText(text: string, options: LoadOptions): LoadResult {
  if (!isJsonText(text, options.fileName)) {
    // YAML and other formats are not inputs ecs-lint reads yet.
    return { recognized: false, findings: [] };
  }
  const parsed = parseJson(text);
  if (parsed.error) {
    const { offset, length, message } = parsed.error;
    if (errorInTemplate(text, offset)) {
      return {
        recognized: false,
        findings: [{ ruleId: 'parse-error', messageId: 'template', range: parsed.source.range(offset, length), severity: 'warn' }],
      };
    }
    return {
      recognized: options.inputType !== 'auto' || MENTIONS_TASK_DEFINITION.test(text),
      findings: [
        {
          ruleId: 'parse-error',
          messageId: 'syntax',
          range: parsed.source.range(offset, length),
          data: { format: 'JSON', problem: message },
          fatal: true,
        },
      ],
    };
  }
  const recognised = recogniseTaskDefinitions(parsed.value, options.inputType);
  const iam = recognised || options.inputType !== 'auto' ? undefined : readIamContent(parsed.value, options.fileName ?? '');
  if (!recognised && !iam) return { recognized: false, findings: [] };
  const findings: Finding[] = parsed.duplicateKeys().map((duplicate) => ({
    ruleId: 'parse-error',
    messageId: 'duplicate-key',
    range: duplicate.range,
    data: { key: duplicate.key.length > 60 ? `${duplicate.key.slice(0, 59)}…` : duplicate.key, firstLine: duplicate.firstRange.start.line },
  }));
  return {
    recognized: true,
    findings,
    document: recognised
      ? { kind: recognised.kind, sourceMap: parsed.sourceMap, taskDefinitions: recognised.units, policies: [] }
      : { kind: iam!.kind, sourceMap: parsed.sourceMap, taskDefinitions: [], policies: iam!.units },
  };
}

/** JSON by content (a leading "{" or "["), else by a .json extension. */
function isJsonText(text: string, fileName: string | undefined): boolean {
  const first = /\S/.exec(text)?.[0];
  if (first === '{' || first === '[') return true;
  return fileName === undefined || /\.json$/i.test(fileName);
}
