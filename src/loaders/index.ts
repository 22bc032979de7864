// Picks the loader for a file (JSON or YAML; task definitions, templates, IAM outputs) and returns
// its document and findings.

import { contentDocument, type Finding, type LintDocument, type LoadResult } from './document';
import type { AwsContext, Range, InputType } from '../core/types';
import { isCloudFormationTemplate, readTemplate } from './cloudformation';
import { readIamContent } from './iam-json';
import { parseJson, type DuplicateKey, type JsonSyntaxError } from './json';
import { readServiceDefinitions, recogniseTaskDefinitions } from './task-definition-json';
import { loadedTerraform, loadedYaml } from './formats';
import type { SourceText } from '../core/source-text';
import type { DocumentEditor, SourceMap } from './document';
import { JsonEditor, TemplateJsonEditor } from './json-editor';
import type { ReadFile } from './hcl/evaluator';
import type { HclModule } from './hcl/module';


export type { InputType };

export interface LoadOptions {
  inputType: InputType;
  /** The file's name, for choosing the format by extension; content decides when it is absent. */
  fileName?: string;
  /** Account, region and partition from the settings, for CloudFormation's pseudo parameters. */
  aws?: AwsContext;
  /** Reads a file a Terraform configuration names (file(), templatefile()); the engine itself reads none. */
  readFile?: ReadFile;
  /** A .tf file's module: the locals and variable defaults its other files write. */
  module?: HclModule;
}

/** Text that names task-definition members is worth a parse-error even when found by expansion. */
const MENTIONS_TASK_DEFINITION = /"(?:containerDefinitions|taskDefinition)"\s*:/;
/** YAML that looks like a template or task definition is worth a parse-error even when found by expansion. */
const MENTIONS_TEMPLATE = /^[ \t]*(?:AWSTemplateFormatVersion|Resources|containerDefinitions)[ \t]*:/m;
/** Template syntax that makes a file JSON only once rendered (Terraform templatefile, Jinja, Go). */
const TEMPLATE_EXPRESSION = /\$\{[^}\n]*\}?|%\{[^}\n]*\}?|\{\{[^}\n]*(?:\}\})?|\{%[^}\n]*(?:%\})?/g;

/** Whether a syntax error sits in template syntax (an unquoted ${var}): the file is JSON only once rendered. */
function errorInTemplate(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  for (const match of text.slice(lineStart, Math.min(text.length, offset + 200)).matchAll(TEMPLATE_EXPRESSION)) {
    const start = lineStart + match.index;
    if (start > offset) break;
    if (offset <= start + match[0].length) return true;
  }
  return false;
}

interface Parsed {
  format: 'JSON' | 'YAML';
  source: SourceText;
  value?: unknown;
  error?: JsonSyntaxError;
  sourceMap: SourceMap;
  duplicateKeys(): DuplicateKey[];
  templateMergeKeys?(): Range[];
  editor?: DocumentEditor;
}

export function loadText(text: string, options: LoadOptions): LoadResult {
  if (options.fileName && /\.tf$/i.test(options.fileName) && options.inputType !== 'secret-payload') {
    const terraform = loadedTerraform();
    if (!terraform) throw new Error('internal: the Terraform loader was not prepared (prepareFormats)');
    return terraform.loadTerraform(text, { fileName: options.fileName, ...(options.readFile ? { readFile: options.readFile } : {}), ...(options.module ? { module: options.module } : {}) });
  }
  const format = formatOf(text, options.fileName);
  const parsed: Parsed = format === 'JSON' ? { format, ...parseJson(text) } : { format, ...loadedYaml().parseYaml(text) };
  if (parsed.error) {
    const { offset, length, message } = parsed.error;
    if (format === 'JSON' && errorInTemplate(text, offset)) {
      return {
        recognized: false,
        findings: [{ ruleId: 'parse-error', messageId: 'template', range: parsed.source.range(offset, length), severity: 'warn' }],
      };
    }
    const mentions = format === 'JSON' ? MENTIONS_TASK_DEFINITION : MENTIONS_TEMPLATE;
    return {
      recognized: options.inputType !== 'auto' || mentions.test(text),
      findings: [
        {
          ruleId: 'parse-error',
          messageId: 'syntax',
          range: parsed.source.range(offset, length),
          data: { format, problem: message },
          fatal: true,
        },
      ],
    };
  }
  const recognised = recognise(parsed, options);
  if (!recognised) return { recognized: false, findings: [] };
  // Fixes edit the text in its own syntax; a plan's values are Terraform's, not the user's text.
  const editor = recognised.kind === 'terraform' ? undefined : (parsed.editor ?? (recognised.kind === 'cloudformation' ? new TemplateJsonEditor(text) : new JsonEditor(text)));
  const document: LintDocument = editor ? { ...recognised, editor } : recognised;
  const findings: Finding[] = parsed.duplicateKeys().map((duplicate) => ({
    ruleId: 'parse-error',
    messageId: 'duplicate-key',
    range: duplicate.range,
    data: { key: duplicate.key.length > 60 ? `${duplicate.key.slice(0, 59)}…` : duplicate.key, firstLine: duplicate.firstRange.start.line },
  }));
  for (const range of parsed.templateMergeKeys?.() ?? []) findings.push({ ruleId: 'parse-error', messageId: 'merge-key', range, severity: 'warn' });
  return { recognized: true, findings, document };
}

function recognise(parsed: Parsed, options: LoadOptions): LintDocument | undefined {
  const { value, sourceMap } = parsed;
  if (options.inputType === 'secret-payload') {
    return { kind: 'secret-payload', sourceMap, taskDefinitions: [], policies: [], payloads: [{ value, filePath: (path) => path }] };
  }
  if (options.inputType === 'auto' && isCloudFormationTemplate(value)) {
    return contentDocument('cloudformation', sourceMap, readTemplate(value, options.aws ?? {}, options.fileName ?? ''));
  }
  const taskDefinitions = recogniseTaskDefinitions(value, options.inputType);
  if (taskDefinitions) return { kind: taskDefinitions.kind, sourceMap, taskDefinitions: taskDefinitions.units, policies: [] };
  if (options.inputType !== 'auto') return undefined;
  const terraform = loadedTerraform();
  if (terraform?.isTerraformPlan(value)) return terraform.readTerraformPlan(value, parsed.source, sourceMap, options.fileName ?? '');
  const iam = readIamContent(value, options.fileName ?? '');
  if (iam) return { kind: iam.kind, sourceMap, taskDefinitions: [], policies: iam.units };
  const services = readServiceDefinitions(value);
  if (services) return { kind: 'service', sourceMap, taskDefinitions: [], policies: [], services };
  return undefined;
}

/** JSON by content (a leading "{" or "["), YAML by extension; otherwise JSON. */
function formatOf(text: string, fileName: string | undefined): 'JSON' | 'YAML' {
  const first = /\S/.exec(text)?.[0];
  if (first === '{' || first === '[') return 'JSON';
  if (fileName && /\.(ya?ml|template)$/i.test(fileName)) return 'YAML';
  if (fileName && /\.json$/i.test(fileName)) return 'JSON';
  // Text that starts like YAML (a key, a comment, a document marker) is read as YAML.
  return /^(?:---|#|%YAML|[\w"'-][^\n]*:)/.test(text.trimStart()) ? 'YAML' : 'JSON';
}
