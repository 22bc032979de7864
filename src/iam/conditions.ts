// Condition blocks, evaluated against the keys whose values are known for a request (e.g.
// kms:ViaService when Secrets Manager decrypts a secret). A key that is not known, or an operator
// this evaluator does not implement, makes the answer "maybe": the statement may not apply. Values
// may hold template references and symbols (`${AWS::AccountId}`) on either side, compared symbol
// for symbol: the same symbol is the same value, a symbol and a literal value may or may not be.

import type { ConditionBlock } from './policy';
import { and, equalText, hasPolicyVariable, likeArn, likeText, not, or, withSymbolValues, type SymbolValues, type Tristate } from './wildcard';

/**
 * Condition keys known for a request, lower-cased key → values; an empty list means the key is known
 * to be absent from the request. Keys not listed are not known.
 */
export type RequestContext = ReadonlyMap<string, readonly string[]>;

export function requestContext(entries: Record<string, string | readonly string[]>): RequestContext {
  return new Map(Object.entries(entries).map(([key, value]) => [key.toLowerCase(), typeof value === 'string' ? [value] : value]));
}

type Comparator = (policyValue: string, requestValue: string) => Tristate;

/** Equal without regard to case; with a reference on either side, only the same text is sure. */
const equalIgnoringCase: Comparator = (p, r) => {
  if (p.toLowerCase() === r.toLowerCase()) return 'yes';
  return p.includes('${') || r.includes('${') ? 'maybe' : 'no';
};

const COMPARATORS: Record<string, { compare: Comparator; negated: boolean }> = {
  stringequals: { compare: equalText, negated: false },
  stringnotequals: { compare: equalText, negated: true },
  stringequalsignorecase: { compare: equalIgnoringCase, negated: false },
  stringnotequalsignorecase: { compare: equalIgnoringCase, negated: true },
  stringlike: { compare: likeText, negated: false },
  stringnotlike: { compare: likeText, negated: true },
  arnequals: { compare: likeArn, negated: false },
  arnlike: { compare: likeArn, negated: false },
  arnnotequals: { compare: likeArn, negated: true },
  arnnotlike: { compare: likeArn, negated: true },
  bool: { compare: equalIgnoringCase, negated: false },
};

/** Whether every condition of a block holds for a request; `symbols` are the values of the symbols known. */
export function evaluateCondition(block: ConditionBlock, context: RequestContext, symbols?: SymbolValues): Tristate {
  let result: Tristate = 'yes';
  for (const [rawOperator, keys] of Object.entries(block)) {
    for (const [key, values] of Object.entries(keys)) {
      result = and(result, evaluateOne(rawOperator, key, symbols ? values.map((value) => withSymbolValues(value, symbols)) : values, context));
      if (result === 'no') return 'no';
    }
  }
  return result;
}

function evaluateOne(rawOperator: string, key: string, policyValues: readonly string[], context: RequestContext): Tristate {
  let operator = rawOperator.toLowerCase();
  let set: 'any' | 'all' | undefined;
  if (operator.startsWith('foranyvalue:')) {
    set = 'any';
    operator = operator.slice('foranyvalue:'.length);
  } else if (operator.startsWith('forallvalues:')) {
    set = 'all';
    operator = operator.slice('forallvalues:'.length);
  }
  const ifExists = operator.endsWith('ifexists');
  if (ifExists) operator = operator.slice(0, -'ifexists'.length);
  // An own member only: an operator spelled like an Object.prototype member ("constructor") is unknown.
  const comparator = Object.hasOwn(COMPARATORS, operator) ? COMPARATORS[operator] : undefined;
  const requestValues = context.get(key.toLowerCase());
  if (operator === 'null') {
    if (!requestValues) return 'maybe';
    const wantsAbsent = policyValues.some((value) => value.toLowerCase() === 'true');
    return wantsAbsent === (requestValues.length === 0) ? 'yes' : 'no';
  }
  // A policy variable in a value (${aws:PrincipalAccount}) stands for a request value not known here.
  if (!comparator || !requestValues || policyValues.some(hasPolicyVariable)) return 'maybe';
  // An absent key: negated operators hold, others hold only with IfExists (or over no values at all).
  if (requestValues.length === 0) return ifExists || set === 'all' || comparator.negated ? 'yes' : 'no';
  const matches = (requestValue: string) => policyValues.reduce<Tristate>((result, policyValue) => or(result, comparator.compare(policyValue, requestValue)), 'no');
  const holds = (value: string) => (comparator.negated ? not(matches(value)) : matches(value));
  return set === 'all' ? requestValues.reduce<Tristate>((result, value) => and(result, holds(value)), 'yes') : requestValues.reduce<Tristate>((result, value) => or(result, holds(value)), 'no');
}
