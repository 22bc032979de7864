// sarif: a SARIF 2.1.0 log for code scanning (GitHub, Azure DevOps, IDE viewers): one run whose
// tool driver lists every rule with its docs URL and its messages, and one result per finding with
// its region.
//
// A result's message is the finding's one-sentence text followed by its help: GitHub shows "only the
// first sentence of the message when visible space is limited", so lists and annotations show the
// text and the alert shows the why. The same message, as a template, is the rule's messageStrings
// entry under the messageId, and the result names it with the arguments that fill it in (the SARIF
// VS Code viewer renders it from there).

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Artifact, Log, Message, MultiformatMessageString, ReportingDescriptor, Result } from 'sarif';
import type { LintMessage, RuleMeta } from '../core/results';
import { messageWithHelp, placeholderValue } from '../core/text';
import type { Severity } from '../core/types';
import type { Reporter } from './types';

/** A message as a SARIF message string, with the data key each placeholder {n} stands for. */
interface SarifTemplate {
  text: string;
  names: string[];
}

/** Every rule's messages as SARIF message strings, by rule id and messageId (worked out once for a list of rules). */
const templatesOf = new WeakMap<readonly RuleMeta[], Map<string, Record<string, SarifTemplate>>>();

function templates(rules: readonly RuleMeta[]): Map<string, Record<string, SarifTemplate>> {
  let known = templatesOf.get(rules);
  if (!known) {
    known = new Map(rules.map((rule) => [rule.id, Object.fromEntries(Object.entries(rule.messages).map(([id, message]) => [id, sarifTemplate(message)]))]));
    templatesOf.set(rules, known);
  }
  return known;
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/ecs-lint/ecs-lint';
/** The base of relative artifact URIs: the working directory (GitHub code scanning reads them as relative to the checkout). */
const SOURCE_ROOT = '%SRCROOT%';

const sarif: Reporter = (reports, context) => {
  const { version } = context;
  const TEMPLATES = templates(context.rules);

  // Every registered rule, then any rule id a finding names that is not registered (never expected,
  // but a result's ruleIndex must always point at its descriptor).
  const rules: ReportingDescriptor[] = context.rules.map((rule) => ({ ...descriptor(rule.id, rule.severity, rule.docsUrl, rule.description, rule.source), messageStrings: messageStrings(TEMPLATES, rule.id) }));
  const ruleIndex = new Map(context.rules.map((rule, index) => [rule.id, index]));
  for (const { messages } of reports) {
    for (const { ruleId, severity, docsUrl } of messages) {
      if (ruleIndex.has(ruleId)) continue;
      ruleIndex.set(ruleId, rules.length);
      rules.push(descriptor(ruleId, severity === 2 ? 'error' : 'warn', docsUrl));
    }
  }

  const artifacts: Artifact[] = [];
  const results: Result[] = [];
  reports.forEach(({ filePath, messages: diagnostics }, index) => {
    const location = artifactLocation(filePath, context.cwd);
    artifacts.push({ location, roles: ['analysisTarget'] });
    for (const diagnostic of diagnostics) {
      results.push({
        ruleId: diagnostic.ruleId,
        ruleIndex: ruleIndex.get(diagnostic.ruleId)!,
        level: level(diagnostic.severity === 2 ? 'error' : 'warn'),
        message: resultMessage(diagnostic, TEMPLATES.get(diagnostic.ruleId)?.[diagnostic.messageId]),
        locations: [{ physicalLocation: { artifactLocation: { ...location, index }, region: region(diagnostic) } }],
      });
    }
  });

  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ecs-lint',
            version,
            ...(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version) ? { semanticVersion: version } : {}),
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true }],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(context.cwd) } },
        artifacts,
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

export default sarif;

function level(severity: Severity): 'error' | 'warning' {
  return severity === 'error' ? 'error' : 'warning';
}

function descriptor(id: string, severity: Severity, helpUri: string, description?: string, source?: string): ReportingDescriptor {
  const summary = description ? sentence(description) : `ecs-lint rule ${id}.`;
  // A one-word id would give a name identical to it but for case, which SARIF forbids (§3.49.7).
  const name = pascalCase(id);
  return {
    id,
    ...(name.toLowerCase() === id.toLowerCase() ? {} : { name }),
    shortDescription: { text: summary },
    fullDescription: { text: source ? `${summary} Source: ${source}` : summary },
    helpUri,
    help: { text: `${summary} See ${helpUri}`, markdown: `${summary} See [${id}](${helpUri}).` },
    defaultConfiguration: { level: level(severity) },
    properties: { tags: tags(id) },
  };
}

/** A rule's messages as SARIF message strings, keyed by messageId. */
function messageStrings(TEMPLATES: Map<string, Record<string, SarifTemplate>>, ruleId: string): Record<string, MultiformatMessageString> {
  return Object.fromEntries(Object.entries(TEMPLATES.get(ruleId) ?? {}).map(([id, template]) => [id, { text: template.text }]));
}

/**
 * The text of a result: the finding's message as a sentence, then its help. With the message's
 * template, the result also names its messageStrings entry and the arguments that fill it in, as
 * long as they give exactly this text.
 */
function resultMessage(diagnostic: LintMessage, template: SarifTemplate | undefined): Message {
  const text = messageWithHelp(diagnostic.message, diagnostic.help);
  if (!template) return { text };
  const args = template.names.map((name) => placeholderValue(name, diagnostic.data));
  return fill(template.text, args) === text ? { text, id: diagnostic.messageId, arguments: args } : { text };
}

/**
 * A message template as a SARIF message string (§3.11.5): each `{name}` becomes `{n}`, numbered in
 * order of first appearance, and any other brace is doubled; `names` gives the data key of each n.
 */
function sarifTemplate(message: { text: string; help?: string }): SarifTemplate {
  const names: string[] = [];
  const text = messageWithHelp(message.text, message.help).replace(/\{(\w+)\}|[{}]/g, (match: string, name?: string) => {
    if (name === undefined) return match + match;
    const index = names.includes(name) ? names.indexOf(name) : names.push(name) - 1;
    return `{${index}}`;
  });
  return { text, names };
}

/** A SARIF message string with its placeholders filled in, as a viewer shows it. */
function fill(format: string, args: readonly string[]): string {
  return format.replace(/\{(\d+)\}|\{\{|\}\}/g, (whole: string, index?: string) => (index === undefined ? whole[0]! : (args[Number(index)] ?? whole)));
}

/** Topic tags for filtering in code scanning UIs. */
function tags(id: string): string[] {
  const result = ['aws', 'ecs'];
  if (/^policy-|^execution-role-(get-secret-value|kms-decrypt)$/.test(id)) result.push('iam');
  if (/secret|credentials/.test(id)) result.push('secrets');
  return result;
}

function pascalCase(id: string): string {
  return id.replace(/(?:^|-)([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * A path inside the working directory becomes a relative URI against %SRCROOT% (forward slashes,
 * each segment percent-encoded); any other path (outside it, another drive) an absolute file URI.
 */
function artifactLocation(filePath: string, cwd: string): { uri: string; uriBaseId?: string } {
  const absolute = resolve(cwd, filePath);
  const fromRoot = relative(cwd, absolute);
  if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    return { uri: pathToFileURL(absolute).href };
  }
  return { uri: fromRoot.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** SARIF regions are 1-based like ours, and SARIF's endColumn is also just after the last character. */
function region(diagnostic: LintMessage): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  const startLine = atLeastOne(diagnostic.line);
  const startColumn = atLeastOne(diagnostic.column);
  const endLine = atLeastOne(diagnostic.endLine);
  const endColumn = atLeastOne(diagnostic.endColumn);
  // An end before the start (never expected) would make the log invalid: collapse to the start.
  if (endLine < startLine || (endLine === startLine && endColumn < startColumn)) return { startLine, startColumn, endLine: startLine, endColumn: startColumn };
  return { startLine, startColumn, endLine, endColumn };
}

function atLeastOne(value: number): number {
  return Number.isInteger(value) && value > 0 ? value : 1;
}
