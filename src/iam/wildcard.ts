// IAM wildcard matching of actions and resources, with three answers: yes, no, or maybe when the
// name matched has parts that are not known (the six random characters of a secret ARN).

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
export type NamePart = string | typeof UNKNOWN_CHARACTER;

/** Patterns and names longer than this are not matched (no ARN comes close): the answer is maybe. */
const MAX_LENGTH = 4096;

/**
 * Matches an action pattern (`secretsmanager:Get*`, `*`) against an action: service prefix and
 * action name are compared without regard to case, as IAM does.
 */
export function matchAction(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  const colon = pattern.indexOf(':');
  if (colon < 0) return false;
  return globMatch(pattern.toLowerCase(), [...action.toLowerCase()], false) === 'yes';
}

/**
 * Matches a resource pattern against a resource name given as characters and unknown characters.
 * `*` and `?` are wildcards; `*` stays within one colon-separated segment of the ARN unless it is
 * the last character of its segment (IAM JSON reference, Resource element). Policy variables
 * (`${aws:username}`) are unknown, so a pattern with one can only answer maybe; `${*}`, `${?}` and
 * `${$}` stand for the literal characters.
 */
export function matchResource(pattern: string, resource: readonly NamePart[], policyVariables = true): Tristate {
  if (pattern === '*') return 'yes';
  let literal = pattern;
  if (policyVariables && pattern.includes('${')) {
    const unescaped = pattern.replace(/\$\{([*?$])\}/g, (_, character: string) => `\u0000${character}`);
    if (unescaped.includes('${')) return 'maybe';
    literal = unescaped;
  }
  return globMatch(literal, resource, true);
}

/**
 * Wildcard matching by dynamic programming over (pattern position, name position): linear in the
 * product of the lengths, never exponential. A NUL before `*`, `?` or `$` marks it literal.
 */
function globMatch(pattern: string, name: readonly NamePart[], segmentedStar: boolean): Tristate {
  if (pattern.length > MAX_LENGTH || name.length > MAX_LENGTH) return 'maybe';
  type Token = { kind: 'star'; crossesColons: boolean } | { kind: 'any' } | { kind: 'char'; value: string };
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\u0000' && i + 1 < pattern.length) {
      tokens.push({ kind: 'char', value: pattern[++i]! });
    } else if (c === '*') {
      const next = pattern[i + 1];
      tokens.push({ kind: 'star', crossesColons: !segmentedStar || next === undefined || next === ':' });
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
    } else {
      tokens.push({ kind: 'char', value: c });
    }
  }
  // rank[j] for the current token index i: how well tokens[i..] match name[j..].
  let next = new Uint8Array(name.length + 1);
  next[name.length] = RANK.yes;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    const current = new Uint8Array(name.length + 1);
    for (let j = name.length; j >= 0; j--) {
      const part = name[j];
      if (token.kind === 'star') {
        let value = next[j]!;
        if (part !== undefined && (token.crossesColons || part !== ':')) value = Math.max(value, current[j + 1]!);
        current[j] = value;
      } else if (part === undefined) {
        current[j] = RANK.no;
      } else if (token.kind === 'any') {
        current[j] = next[j + 1]!;
      } else if (part === UNKNOWN_CHARACTER) {
        // The unknown character is a letter or digit: a literal one may or may not be it.
        current[j] = /^[A-Za-z0-9]$/.test(token.value) ? Math.min(RANK.maybe, next[j + 1]!) : RANK.no;
      } else {
        current[j] = part === token.value ? next[j + 1]! : RANK.no;
      }
    }
    next = current;
  }
  return BY_RANK[next[0]!]!;
}

/** A name as matchable parts: its characters, then `unknown` unknown characters. */
export function nameParts(known: string, unknown = 0): NamePart[] {
  const parts: NamePart[] = [...known];
  for (let i = 0; i < unknown; i++) parts.push(UNKNOWN_CHARACTER);
  return parts;
}
