// Suppression comments in YAML and HCL: `# ecs-lint-disable-next-line <rule>[, <rule>…]`,
// `# ecs-lint-disable-line <rule>` at the end of the line it covers (as in ESLint), and
// `# ecs-lint-disable <rule>` … `# ecs-lint-enable <rule>` (no rule: every rule). JSON has no
// comments: there, `overrides` in the config file set rules per file. A suppression that hides
// nothing is reported, so stale ones do not pile up.

import { SourceText } from '../core/source-text';
import type { Diagnostic, Range } from '../core/types';

export interface Directive {
  kind: 'disable-next-line' | 'disable-line' | 'disable' | 'enable';
  /** The rules named; empty for all rules. */
  rules: string[];
  /** 1-based line of the comment. */
  line: number;
  range: Range;
}

/** Comments start with "#" (YAML, HCL) or "//" and "/*" (HCL), after a space or at the line's start. */
const DIRECTIVE = /(?:^|\s)(?:#|\/\/|\/\*)\s*ecs-lint-(disable-next-line|disable-line|disable|enable)\b([^\n]*)$/;

export function findDirectives(text: string): Directive[] {
  if (!text.includes('ecs-lint-')) return [];
  const source = new SourceText(text);
  const directives: Directive[] = [];
  let offset = 0;
  for (const line of text.split(/\r\n|\n|\r/)) {
    const match = DIRECTIVE.exec(line);
    if (match) {
      const kind = match[1] as Directive['kind'];
      const rules = match[2]!
        .replace(/\*\/.*$/, '')
        .replace(/\s--\s.*$/, '')
        .split(/[\s,]+/)
        .filter(Boolean);
      const start = offset + match.index + (match[0].startsWith(' ') || match[0].startsWith('\t') ? 1 : 0);
      const range = source.range(start, offset + line.length - start);
      directives.push({ kind, rules, line: range.start.line, range });
    }
    // The separator's length: \r\n or a single character.
    offset += line.length + (text.startsWith('\r\n', offset + line.length) ? 2 : 1);
  }
  return directives;
}

export interface SuppressionResult {
  diagnostics: Diagnostic[];
  /** Directives that hid nothing (or name rules that do not exist), for the unused-suppression rule. */
  unused: Array<{ directive: Directive; rule?: string; unknown?: boolean }>;
}

/**
 * Drops the diagnostics a directive covers. A parse error cannot be suppressed: nothing after it
 * was checked. `knownRules` tells a misspelt rule id from one that simply found nothing.
 */
export function applyDirectives(diagnostics: readonly Diagnostic[], directives: readonly Directive[], knownRules: ReadonlySet<string>): SuppressionResult {
  const used = new Set<string>();
  const key = (directive: Directive, rule: string) => `${directive.line}:${directive.kind}:${rule}`;
  const covers = (directive: Directive, rule: string) => directive.rules.length === 0 || directive.rules.includes(rule);

  const kept: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.fatal) {
      kept.push(diagnostic);
      continue;
    }
    let suppressedBy: Directive | undefined;
    // disable … enable blocks: the last directive before the diagnostic's line decides.
    for (const directive of directives) {
      if (directive.line >= diagnostic.line) break;
      if (directive.kind === 'disable-next-line' || directive.kind === 'disable-line' || !covers(directive, diagnostic.ruleId)) continue;
      suppressedBy = directive.kind === 'disable' ? directive : undefined;
    }
    const nextLine = directives.find(
      (directive) =>
        ((directive.kind === 'disable-next-line' && directive.line === diagnostic.line - 1) || (directive.kind === 'disable-line' && directive.line === diagnostic.line)) &&
        covers(directive, diagnostic.ruleId),
    );
    const by = nextLine ?? suppressedBy;
    if (by) used.add(key(by, by.rules.length === 0 ? '*' : diagnostic.ruleId));
    else kept.push(diagnostic);
  }

  const unused: SuppressionResult['unused'] = [];
  for (const directive of directives) {
    if (directive.kind === 'enable') continue;
    if (directive.rules.length === 0) {
      if (!used.has(key(directive, '*'))) unused.push({ directive });
      continue;
    }
    for (const rule of directive.rules) {
      if (!knownRules.has(rule)) unused.push({ directive, rule, unknown: true });
      else if (!used.has(key(directive, rule))) unused.push({ directive, rule });
    }
  }
  return { diagnostics: kept, unused };
}
