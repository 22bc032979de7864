// The engine: text → document → rules → diagnostics. Pure: no file system, no output, no process.

import { loadText, type InputType } from '../loaders/index';
import type { HclModule } from '../loaders/hcl/module';
import { RULES, RULES_BY_ID } from '../rules/index';
import { formatMessage } from '../core/text';
import { clip } from '../core/values';
import type { Rule, RuleReport } from '../rules/types';
import { expectedPartition, resolveAwsContext } from '../model/aws-context';
import type { Finding, LintDocument, LoadResult } from '../loaders/document';
import { FILE_START, SourceText } from '../core/source-text';
import { rangeWithin } from './string-range';
import { applyFixes, textEditOf } from './fixes';
import type { AwsContext, Diagnostic, LintSettings, Path, Range, Severity, TextEdit } from '../core/types';
import { FactView } from '../facts/view';
import { inPolicyScope } from './policy-scope';
import { closestMatch } from '../model/suggest';
import { applyDirectives, findDirectives } from './suppressions';

export interface LintOptions {
  /** The run's facts: roles, policies, secrets and keys from the config file and the other files. */
  facts?: FactView;
  inputType?: InputType;
  /** The file's name, for choosing the input format by extension. */
  fileName?: string;
  /** Say so when the file is not an input ecs-lint knows (true for files named on the command line). */
  reportUnrecognized?: boolean;
  /** Reads the files a Terraform configuration names (file("…")); without it they are unknown. */
  readFile?: (path: string) => string | undefined;
  /** A .tf file's module: the locals and variable defaults of its other files. */
  module?: HclModule;
  rules?: readonly Rule[];
}

export interface InternalError {
  ruleId: string;
  error: unknown;
}

export interface FileResult {
  diagnostics: Diagnostic[];
  /** False when the file is not an input ecs-lint knows; such files found by expansion are not listed. */
  recognized: boolean;
  /** Rules that threw: a bug in ecs-lint, reported separately from the user's findings. */
  internalErrors: InternalError[];
  /** The text with its fixes applied, when lintAndFix fixed something. */
  output?: string;
}

/** Most passes of fixing and linting again: a fix that makes another finding fixable is applied next pass. */
export const MAX_FIX_PASSES = 10;

/**
 * Lints, applies the fixes, and lints the fixed text again, until nothing is left to fix (at most
 * MAX_FIX_PASSES). The result is the last lint's, with `output` when the text changed.
 */
export function lintAndFix(text: string, settings: LintSettings, options: LintOptions = {}, first?: FileResult): FileResult {
  let current = text;
  let result = first ?? lintText(current, settings, options);
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixes = result.diagnostics.flatMap((diagnostic) => (diagnostic.fix ? [diagnostic.fix] : []));
    if (fixes.length === 0) break;
    const { output } = applyFixes(current, fixes);
    if (output === current) break;
    current = output;
    result = lintText(current, settings, options);
  }
  return current === text ? result : { ...result, output: current };
}

export function lintText(text: string, settings: LintSettings, options: LintOptions = {}): FileResult {
  return lintLoaded(text, loadText(text, loadOptions(settings, options)), settings, options);
}

/** How a text is loaded for these settings and options. */
function loadOptions(settings: LintSettings, options: LintOptions): Parameters<typeof loadText>[1] {
  const aws: AwsContext = {};
  if (settings.account) aws.account = settings.account;
  if (settings.region) aws.region = settings.region;
  // A region implies its partition: ${AWS::Partition} and ${AWS::URLSuffix} follow from --region.
  const partition = expectedPartition(settings, {});
  if (partition) aws.partition = partition;
  return {
    inputType: options.inputType ?? 'auto',
    aws,
    ...(options.fileName ? { fileName: options.fileName } : {}),
    ...(options.readFile ? { readFile: options.readFile } : {}),
    ...(options.module ? { module: options.module } : {}),
  };
}

/** A text already loaded with the same settings and options (a .tf file read for the run's facts). */
export function lintLoaded(text: string, loaded: LoadResult, settings: LintSettings, options: LintOptions = {}): FileResult {
  const internalErrors: InternalError[] = [];
  if (!loaded.recognized) {
    // Files found by expanding a directory that are not ours are passed over without a word.
    if (!options.reportUnrecognized) return { diagnostics: [], recognized: false, internalErrors };
    const findings = loaded.findings.length > 0
      ? loaded.findings
      : [{ ruleId: 'parse-error', messageId: 'not-recognized', range: FILE_START, severity: 'warn' as const }];
    return { diagnostics: toDiagnostics(findings, settings), recognized: false, internalErrors };
  }
  const findings = [...loaded.findings];
  // Messages come from the rules that ran (the loaders' own findings from the built-in rules).
  const byId = options.rules ? new Map([...RULES_BY_ID, ...options.rules.map((rule) => [rule.id, rule] as const)]) : RULES_BY_ID;
  if (loaded.document) {
    const run = options.facts ?? FactView.EMPTY;
    // A file's own records (a template's), unless the run collected them (a Terraform module's).
    const facts = run.holdsFactsOf(options.fileName) ? run : run.with(loaded.document.facts);
    const found = runRules(text, loaded.document, settings, options.rules ?? RULES, facts, internalErrors);
    keepSoundFixes(text, found, (fixed) => loadText(fixed, loadOptions(settings, options)));
    for (const finding of found) findings.push(finding);
  }
  const diagnostics = toDiagnostics(findings, settings, byId);
  return { diagnostics: applySuppressions(text, diagnostics, settings, options.fileName), recognized: loaded.recognized, internalErrors };
}

/**
 * Drops the fixes and suggestions whose text would not load as the file did (a YAML value that
 * would no longer parse, a JSON member left without its comma): every fix of the file is tried at
 * once, and one by one only when that fails.
 */
function keepSoundFixes(text: string, findings: Finding[], load: (text: string) => LoadResult): void {
  const sound = (edits: readonly TextEdit[]): boolean => {
    const result = load(applyFixes(text, edits).output);
    return result.recognized && !result.findings.some((finding) => finding.fatal);
  };
  const fixed = findings.filter((finding) => finding.fix);
  if (fixed.length > 0 && !sound(fixed.map((finding) => finding.fix!))) {
    for (const finding of fixed) if (!sound([finding.fix!])) delete finding.fix;
  }
  for (const finding of findings) {
    if (!finding.suggestions) continue;
    const kept = finding.suggestions.filter((suggestion) => sound([suggestion.fix]));
    if (kept.length > 0) finding.suggestions = kept;
    else delete finding.suggestions;
  }
}

/** Files whose format has comments, and so suppression comments: YAML and HCL. */
const COMMENTED_FORMAT = /\.(?:ya?ml|template|tf)$/i;
const RULE_IDS = new Set(RULES.map((rule) => rule.id));

/** Drops what `# ecs-lint-disable…` comments cover and reports the comments that cover nothing. */
function applySuppressions(text: string, diagnostics: Diagnostic[], settings: LintSettings, fileName: string | undefined): Diagnostic[] {
  const commented = fileName ? COMMENTED_FORMAT.test(fileName) : !/^\s*[[{]/.test(text);
  if (!commented) return diagnostics;
  const directives = findDirectives(text);
  if (directives.length === 0) return diagnostics;
  const { diagnostics: kept, unused } = applyDirectives(diagnostics, directives, RULE_IDS);
  const findings: Finding[] = unused.map(({ directive, rule, unknown }) => {
    const data: Record<string, string> = { kind: directive.kind };
    if (rule) data.rule = rule;
    if (unknown && rule) {
      const suggestion = closestMatch(rule, [...RULE_IDS]);
      data.suggestion = suggestion ? `; did you mean "${suggestion}"?` : '';
    }
    return { ruleId: 'unused-suppression', messageId: unknown ? 'unknown-rule' : rule ? 'unused' : 'unused-all', range: directive.range, data };
  });
  return [...kept, ...toDiagnostics(findings, settings)].sort(
    (a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
  );
}

/** A file that could not be turned into text (unreadable, binary, too large, not UTF-8). */
export function fileProblem(
  messageId: 'unreadable' | 'too-large' | 'binary' | 'encoding',
  data: Record<string, string | number>,
  settings: LintSettings,
  range: Range = FILE_START,
): FileResult {
  const finding: Finding = { ruleId: 'parse-error', messageId, range, data, fatal: true };
  return { diagnostics: toDiagnostics([finding], settings), recognized: true, internalErrors: [] };
}

function runRules(
  text: string,
  document: LintDocument,
  settings: LintSettings,
  rules: readonly Rule[],
  workspace: FactView,
  internalErrors: InternalError[],
): Finding[] {
  const findings: Finding[] = [];
  // The file's text with a line index, made for the first finding that points inside a string.
  let source: SourceText | undefined;
  // One context a unit, shared by its rules: `report` files findings under the rule that runs
  // (rules report synchronously), so a file costs no closures or objects per rule.
  let current: Rule = rules[0]!;
  let toFilePath: (path: Path) => Path = (path) => path;
  const report = (item: RuleReport): void => {
    let range = document.sourceMap.locate(toFilePath(item.path), item.target ?? 'value');
    if (item.within) {
      source ??= new SourceText(text);
      range = rangeWithin(source, range, item.within.value, item.within.start, item.within.end) ?? range;
    }
    const finding: Finding = { ruleId: current.id, messageId: item.messageId, range };
    if (item.data) finding.data = item.data;
    if (item.severity) finding.severity = item.severity;
    if (item.fix || item.suggestions) {
      source ??= new SourceText(text);
      const context = { document, source, toFilePath };
      const fix = item.fix && textEditOf(item.fix, context);
      if (fix) finding.fix = fix;
      const suggestions = (item.suggestions ?? []).flatMap(({ desc, fix: change }) => {
        const edit = textEditOf(change, context);
        return edit ? [{ desc, fix: edit }] : [];
      });
      if (suggestions.length > 0) finding.suggestions = suggestions;
    }
    findings.push(finding);
  };
  const each = <C>(check: (rule: Rule) => ((context: C) => void) | undefined, context: C): void => {
    for (const rule of rules) {
      const run = check(rule);
      if (!run || settings.rules[rule.id] === 'off') continue;
      current = rule;
      try {
        run(context);
      } catch (error) {
        internalErrors.push({ ruleId: rule.id, error });
      }
    }
  };
  for (const unit of document.taskDefinitions) {
    toFilePath = unit.filePath;
    each((rule) => rule.check, { task: unit.model, unit, document, settings, aws: resolveAwsContext(settings, unit.context, unit.model), workspace, report });
  }
  toFilePath = (path) => path;
  each((rule) => rule.checkDocument, { document, settings, workspace, report });
  for (const unit of document.policies) {
    if (settings.policyScope !== 'all' && !inPolicyScope(unit, document, workspace)) continue;
    toFilePath = unit.filePath;
    each((rule) => rule.checkPolicy, { policy: unit.document, unit, document, settings, report });
  }
  return findings;
}

/** Applies the user's severities (dropping rules set to off) and renders the messages. */
/** Longest value a message quotes: names and values from the file can be of any length. */
const MAX_QUOTED = 200;

function clipData(data: Record<string, string | number>): Record<string, string | number> {
  let clipped: Record<string, string | number> | undefined;
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string' && value.length > MAX_QUOTED) (clipped ??= { ...data })[key] = clip(value, MAX_QUOTED);
  }
  return clipped ?? data;
}

export function toDiagnostics(findings: readonly Finding[], settings: LintSettings, rules: ReadonlyMap<string, Rule> = RULES_BY_ID): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    const rule = rules.get(finding.ruleId);
    const configured = settings.rules[finding.ruleId];
    if (configured === 'off') continue;
    const severity: Severity = configured ?? finding.severity ?? rule?.severity ?? 'error';
    const message = rule?.messages[finding.messageId];
    const data = finding.data && clipData(finding.data);
    const diagnostic: Diagnostic = {
      ruleId: finding.ruleId,
      messageId: finding.messageId,
      severity,
      message: formatMessage(message?.text ?? finding.messageId, data),
      line: finding.range.start.line,
      column: finding.range.start.column,
      endLine: finding.range.end.line,
      endColumn: finding.range.end.column,
    };
    if (message?.help) diagnostic.help = formatMessage(message.help, data);
    if (data) diagnostic.data = data;
    if (finding.fatal) diagnostic.fatal = true;
    if (finding.fix) diagnostic.fix = finding.fix;
    if (finding.suggestions) diagnostic.suggestions = finding.suggestions;
    diagnostics.push(diagnostic);
  }
  return diagnostics.sort(
    (a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message),
  );
}
