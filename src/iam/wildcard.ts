// IAM wildcard matching of actions and resources, with three answers: yes, no, or maybe when the
// name matched has parts that are not known: the six random characters of a secret ARN, or a
// template reference (`${ExecRole.Arn}`, `${aws_iam_role.exec.arn}`) whose value is decided at
// deploy. A reference matches the same reference for certain. The pseudo parameters of the
// account, region and partition (`${AWS::Region}`) are symbols: unknown values, but one value
// wherever they appear, never holding a colon or a slash and never equal to each other, so that
// `arn:${AWS::Partition}:secretsmanager:${AWS::Region}:…` is compared field by field.

import { arnFields } from '../aws/arn';

export type Tristate = 'yes' | 'maybe' | 'no';

const RANK: Record<Tristate, number> = { no: 0, maybe: 1, yes: 2 };
const BY_RANK: Tristate[] = ['no', 'maybe', 'yes'];

export function and(a: Tristate, b: Tristate): Tristate {
  return BY_RANK[Math.min(RANK[a], RANK[b])]!;
}

export function or(a: Tristate, b: Tristate): Tristate {
  return BY_RANK[Math.max(RANK[a], RANK[b])]!;
}

export function not(a: Tristate): Tristate {
  return a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'maybe';
}

/** One character of a name that is not known, except that it is an ASCII letter or digit. */
export const UNKNOWN_CHARACTER = Symbol('unknown character');

/** A template reference standing for a string of unknown length and content. */
export interface Reference {
  reference: string;
}

export type NamePart = string | typeof UNKNOWN_CHARACTER | Reference;

/**
 * The symbols: a template's (or Terraform's data sources') account, region, partition and DNS
 * suffix. Each stands for one value in the whole run of a template, with no ":" or "/" in it.
 */
export const SYMBOLS = {
  partition: '${AWS::Partition}',
  region: '${AWS::Region}',
  account: '${AWS::AccountId}',
  urlSuffix: '${AWS::URLSuffix}',
} as const;

const SYMBOL_SET: ReadonlySet<string> = new Set(Object.values(SYMBOLS));

export function isSymbol(reference: string): boolean {
  return SYMBOL_SET.has(reference);
}

/** The known values of symbols (a task's account, region and partition): `${AWS::Region}` → us-east-1. */
export type SymbolValues = ReadonlyMap<string, string>;

/** Text with the symbols whose values are known written as those values. */
export function withSymbolValues(text: string, values: SymbolValues | undefined): string {
  if (!values || values.size === 0 || !text.includes('${AWS::')) return text;
  let result = text;
  for (const [symbol, value] of values) result = result.split(symbol).join(value);
  return result;
}

/** Name parts with the symbols whose values are known written as those values. */
export function partsWithSymbolValues(parts: readonly NamePart[], values: SymbolValues | undefined): readonly NamePart[] {
  if (!values || values.size === 0) return parts;
  let result: NamePart[] | undefined;
  parts.forEach((part, index) => {
    const value = typeof part === 'object' ? values.get(part.reference) : undefined;
    if (value === undefined) {
      result?.push(part);
      return;
    }
    result ??= parts.slice(0, index);
    pushCharacters(result, value);
  });
  return result ?? parts;
}

/** Patterns and names longer than this are not matched (no ARN comes close): the answer is maybe. */
const MAX_LENGTH = 2048;

/** `${aws:username}`, `${s3:prefix}`: an IAM policy variable (one colon), not a template reference. */
const POLICY_VARIABLE = /^\$\{[A-Za-z][\w-]*:(?!:)/;
const REFERENCE = /\$\{[^{}]*\}/g;

/** Splits text into characters and the template references in it. */
export function nameParts(known: string, unknown = 0): NamePart[] {
  const parts: NamePart[] = [];
  let last = 0;
  if (known.includes('${')) {
    for (const match of known.matchAll(REFERENCE)) {
      if (POLICY_VARIABLE.test(match[0]) || /^\$\{[*?$]\}$/.test(match[0])) continue;
      pushCharacters(parts, known.slice(last, match.index));
      parts.push({ reference: match[0] });
      last = match.index + match[0].length;
    }
  }
  pushCharacters(parts, known.slice(last));
  for (let i = 0; i < unknown; i++) parts.push(UNKNOWN_CHARACTER);
  return parts;
}

/** The characters (code points) of text, one by one: a spread of a long string overflows the stack. */
function pushCharacters(parts: NamePart[], text: string): void {
  for (const character of text) parts.push(character);
}

/**
 * Matches an action pattern (`secretsmanager:Get*`, `*`) against an action: service prefix and
 * action name are compared without regard to case, as IAM does.
 */
export function matchAction(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  // Longer than any name the matcher compares: not a sure match (see MAX_LENGTH), and not worth
  // tokenizing once per action of a service.
  if (!pattern.includes(':') || pattern.length > MAX_LENGTH || action.length > MAX_LENGTH) return false;
  // The common shapes without the general matcher: a name, and a prefix with one star at its end.
  const star = pattern.indexOf('*');
  if (!pattern.includes('?') && !pattern.includes('${') && (star < 0 || star === pattern.length - 1)) {
    const lowerPattern = pattern.toLowerCase();
    const lowerAction = action.toLowerCase();
    return star < 0 ? lowerPattern === lowerAction : lowerAction.startsWith(lowerPattern.slice(0, -1));
  }
  return globMatch(patternTokens(pattern.toLowerCase(), false, 'everywhere'), [...action.toLowerCase()]) === 'yes';
}

/**
 * StringLike on text that may hold template references and symbols on either side (a template's
 * `${AWS::AccountId}`, a value not known): yes or no only where every value of them agrees.
 */
export function likeText(pattern: string, text: string): Tristate {
  if (pattern.length > MAX_LENGTH || text.length > MAX_LENGTH) return 'maybe';
  return globMatch(patternTokens(pattern, false, 'everywhere'), nameParts(text));
}

/** StringEquals on text that may hold template references and symbols on either side. */
export function equalText(a: string, b: string): Tristate {
  if (a === b) return 'yes';
  if (!a.includes('${') && !b.includes('${')) return 'no';
  if (a.length > MAX_LENGTH || b.length > MAX_LENGTH) return 'maybe';
  return globMatch(patternTokens(a, false, 'none'), nameParts(b));
}

/**
 * ArnLike (and ArnEquals) on ARNs that may hold template references and symbols: the six fields
 * matched one by one. Fields that do not line up are a mismatch, unless a reference (which may
 * hold colons) or a star may make them.
 */
export function likeArn(pattern: string, arn: string): Tristate {
  const patternFields = arnFields(pattern);
  const valueFields = arnFields(arn);
  if (patternFields.length !== valueFields.length) return pattern.includes('${') || arn.includes('${') || pattern.includes('*') ? 'maybe' : 'no';
  let result: Tristate = 'yes';
  for (let index = 0; index < patternFields.length && result !== 'no'; index++) result = and(result, likeText(patternFields[index]!, valueFields[index]!));
  return result;
}

/**
 * Matches a resource pattern against a resource name given as parts. `*` and `?` are wildcards;
 * `*` stays within one colon-separated segment of the ARN unless it is the last character of its
 * segment (IAM JSON reference, Resource element). A policy variable (`${aws:username}`) makes the
 * answer maybe when the policy language has them; `${*}`, `${?}` and `${$}` are the literal
 * characters.
 */
export function matchResource(pattern: string, resource: readonly NamePart[], policyVariables = true): Tristate {
  if (pattern === '*') return 'yes';
  return globMatch(patternTokens(pattern, policyVariables, 'segment-end'), resource);
}

/** Whether text holds an IAM policy variable such as ${aws:username}. */
export function hasPolicyVariable(text: string): boolean {
  return [...text.matchAll(REFERENCE)].some((match) => POLICY_VARIABLE.test(match[0]));
}

type Token =
  | { kind: 'star'; crossesColons: boolean }
  | { kind: 'any' }
  | { kind: 'char'; value: string }
  | { kind: 'reference'; value: string; symbol: boolean };

/**
 * The tokens of a pattern. With `policyVariables` (policy language 2012-10-17), `${aws:username}`
 * is a value not known here and `${*}` `${?}` `${$}` are literal characters; without, they are
 * plain text. Template references (`${ExecRole.Arn}`) are references either way. With `stars`
 * "none" (StringEquals), `*` and `?` are the characters themselves.
 */
function patternTokens(pattern: string, policyVariables: boolean, stars: 'segment-end' | 'everywhere' | 'none'): Token[] {
  const tokens: Token[] = [];
  // No "}" after this offset: "${" from here on starts no reference (a scan of the rest once, not per "${").
  let closeless = pattern.length;
  for (let i = 0; i < pattern.length; i++) {
    // Too long to compare (see MAX_LENGTH): globMatch answers maybe without looking further.
    if (tokens.length > MAX_LENGTH) break;
    const c = pattern[i]!;
    if (c === '$' && pattern[i + 1] === '{' && i < closeless) {
      const end = pattern.indexOf('}', i);
      if (end < 0) closeless = i;
      if (end > 0) {
        const text = pattern.slice(i, end + 1);
        const escape = /^\$\{[*?$]\}$/.test(text);
        if (escape && policyVariables) {
          tokens.push({ kind: 'char', value: text[2]! });
          i = end;
          continue;
        }
        const variable = POLICY_VARIABLE.test(text);
        if (!escape && !text.slice(2).includes('{') && (!variable || policyVariables)) {
          // A policy variable is a value not known here, like a reference that matches no other.
          tokens.push({ kind: 'reference', value: variable ? `${text}\u0000` : text, symbol: !variable && isSymbol(text) });
          i = end;
          continue;
        }
      }
    }
    if (stars === 'none') {
      // Plain text (StringEquals): "*" and "?" are the characters themselves.
      tokens.push({ kind: 'char', value: c });
    } else if (c === '*') {
      const next = pattern[i + 1];
      tokens.push({ kind: 'star', crossesColons: stars === 'everywhere' || next === undefined || next === ':' });
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
    } else {
      tokens.push({ kind: 'char', value: c });
    }
  }
  return tokens;
}

/** Whether a symbol may hold this character of a name: not a colon or a slash. */
function symbolMayHold(part: NamePart): boolean {
  return typeof part === 'string' ? part !== ':' && part !== '/' : part === UNKNOWN_CHARACTER;
}

/**
 * Matching by dynamic programming over (pattern token, name part): polynomial in the lengths,
 * never exponential. rank[i][j] is how well tokens[i..] match parts[j..]; a reference on either side
 * may stand for any string, so it may absorb any run of the other side, as a maybe.
 */
function globMatch(tokens: readonly Token[], parts: readonly NamePart[]): Tristate {
  if (tokens.length > MAX_LENGTH || parts.length > MAX_LENGTH) return 'maybe';
  const width = parts.length + 1;
  const rank = new Uint8Array((tokens.length + 1) * width);
  const at = (i: number, j: number) => rank[i * width + j]!;
  rank[tokens.length * width + parts.length] = RANK.yes;
  // With the pattern used up, only references left in the name may still be empty strings.
  for (let j = parts.length - 1; j >= 0; j--) {
    rank[tokens.length * width + j] = typeof parts[j] === 'object' ? Math.min(RANK.maybe, at(tokens.length, j + 1)) : RANK.no;
  }
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    for (let j = parts.length; j >= 0; j--) {
      const part = parts[j];
      let value: number = RANK.no;
      if (token.kind === 'star') {
        value = at(i + 1, j);
        if (part !== undefined) {
          // A symbol holds no colon: a star within a segment takes it whole.
          const absorbs =
            typeof part === 'object' ? (token.crossesColons || isSymbol(part.reference) ? RANK.yes : RANK.maybe) : token.crossesColons || part !== ':' ? RANK.yes : RANK.no;
          value = Math.max(value, Math.min(absorbs, at(i, j + 1)));
        }
      } else if (token.kind === 'reference') {
        if (typeof part === 'object' && part.reference === token.value) value = at(i + 1, j + 1);
        if (token.symbol) {
          if (typeof part === 'object' && !isSymbol(part.reference)) {
            // A reference in the name may hold the symbol and more, or be over within it.
            value = Math.max(value, Math.min(RANK.maybe, Math.max(at(i + 1, j), at(i, j + 1), at(i + 1, j + 1))));
          } else if (part !== undefined && symbolMayHold(part)) {
            // A symbol is not empty and may be the characters of the name up to a colon or slash
            // (never another symbol): a maybe.
            value = Math.max(value, Math.min(RANK.maybe, Math.max(at(i + 1, j + 1), at(i, j + 1))));
          }
        } else {
          // An unknown string: it may be empty or span any part of the name.
          value = Math.max(value, Math.min(RANK.maybe, Math.max(at(i + 1, j), part === undefined ? RANK.no : at(i, j + 1))));
        }
      } else if (part === undefined) {
        value = RANK.no;
      } else if (typeof part === 'object') {
        if (isSymbol(part.reference) && token.kind === 'char' && (token.value === ':' || token.value === '/')) {
          // A symbol of the name holds no colon or slash: it is over before this one.
          value = Math.min(RANK.maybe, at(i, j + 1));
        } else {
          // A reference in the name may absorb this token and more, or be over.
          value = Math.min(RANK.maybe, Math.max(at(i + 1, j), at(i, j + 1), at(i + 1, j + 1)));
        }
      } else if (token.kind === 'any') {
        value = at(i + 1, j + 1);
      } else if (part === UNKNOWN_CHARACTER) {
        // The unknown character is a letter or digit: a literal one may or may not be it.
        value = /^[A-Za-z0-9]$/.test(token.value) ? Math.min(RANK.maybe, at(i + 1, j + 1)) : RANK.no;
      } else {
        value = part === token.value ? at(i + 1, j + 1) : RANK.no;
      }
      rank[i * width + j] = value;
    }
  }
  return BY_RANK[at(0, 0)]!;
}
