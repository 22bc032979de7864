// Condition blocks, evaluated against the keys whose values are known for a request (e.g.
// kms:ViaService when Secrets Manager decrypts a secret). A key that is not known, or an operator
// this evaluator does not implement, makes the answer "maybe": the statement may not apply.

import type { ConditionBlock } from './policy';
import { and, hasPolicyVariable, matchArn, matchText, type Tristate } from './wildcard';

/**
 * Condition keys known for a request, lower-cased key → values; an empty list means the key is known
 * to be absent from the request. Keys not listed are not known.
 */
export type RequestContext = ReadonlyMap<string, readonly string[]>;

export function requestContext(entries: Record<string, string | readonly string[]>): RequestContext {
  return new Map(Object.entries(entries).map(([key, value]) => [key.toLowerCase(), typeof value === 'string' ? [value] : value]));
}

type Comparator = (policyValue: string, requestValue: string) => boolean;

const COMPARATORS: Record<string, { compare: Comparator; negated: boolean }> = {
  stringequals: { compare: (p, r) => p === r, negated: false },
  stringnotequals: { compare: (p, r) => p === r, negated: true },
  stringequalsignorecase: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
  stringnotequalsignorecase: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: true },
  stringlike: { compare: matchText, negated: false },
  stringnotlike: { compare: matchText, negated: true },
  arnequals: { compare: matchArn, negated: false },
  arnlike: { compare: matchArn, negated: false },
  arnnotequals: { compare: matchArn, negated: true },
  arnnotlike: { compare: matchArn, negated: true },
  bool: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
};

/** Whether every condition of a block holds for a request. */
export function evaluateCondition(block: ConditionBlock, context: RequestContext): Tristate {
  let result: Tristate = 'yes';
  for (const [rawOperator, keys] of Object.entries(block)) {
    for (const [key, values] of Object.entries(keys)) {
      result = and(result, evaluateOne(rawOperator, key, values, context));
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
  const matches = (requestValue: string) => policyValues.some((policyValue) => comparator.compare(policyValue, requestValue));
  const holds = (value: string) => (comparator.negated ? !matches(value) : matches(value));
  const result = set === 'all' ? requestValues.every(holds) : requestValues.some(holds);
  return result ? 'yes' : 'no';
}
