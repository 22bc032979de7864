// Evaluation of identity policies for one request, the way IAM decides: an explicit Deny wins over
// any Allow, an Allow is needed, and nothing allows by default. Statements with a Condition that
// cannot be decided statically "may not apply": never counted as a pass, never as an error.

import { evaluateCondition, type RequestContext } from './conditions';
import type { NamedPolicy, Statement } from './policy';
import { matchServicePrincipal } from './service-principal';
import { and, matchAction, matchResource, nameParts, not, or, partsWithSymbolValues, SYMBOLS, withSymbolValues, type NamePart, type SymbolValues, type Tristate } from './wildcard';

export interface Request {
  action: string;
  resource: readonly NamePart[];
  /**
   * Other names of the same resource (a template reference, the ARN it stands for): each is the
   * resource's name, so a sure match of one decides, and so does a sure mismatch.
   */
  alternatives?: ReadonlyArray<readonly NamePart[]>;
  /** Values of the symbols (${AWS::Region}) known for this request: in names and patterns alike. */
  symbols?: SymbolValues;
  context: RequestContext;
  /**
   * For a resource policy: who makes the request; statements apply by their Principal. A role (its
   * ARN, account, template references), or a service principal (`ecs-tasks.amazonaws.com`).
   */
  principal?: { arn?: string; account?: string; aliases?: readonly string[]; service?: string };
  /**
   * The request is on the policy's own resource (a role's trust policy, which has no Resource
   * element): statements without Resource or NotResource apply to it.
   */
  ownResource?: boolean;
}

/**
 * Whether a resource policy statement's Principal names the requesting role: "*", the role's ARN,
 * or its account (as "123456789012" or its root ARN), which delegates to the account's own policies.
 */
export function statementPrincipal(statement: Statement, principal: NonNullable<Request['principal']>, symbols?: SymbolValues): Tristate {
  if (statement.notPrincipal) return 'maybe';
  if (statement.principal === undefined) return 'no';
  if (statement.principal === '*') return 'yes';
  if (statement.principal.unknown) return 'maybe';
  let result: Tristate = 'no';
  if (principal.service) {
    for (const value of statement.principal.services) result = or(result, matchServicePrincipal(withSymbolValues(value, symbols), principal.service, symbols?.get(SYMBOLS.partition)));
    return result;
  }
  const requesterAccount = principal.account ?? (principal.arn ? /^arn:[^:]+:iam::(\d{12}):/.exec(principal.arn)?.[1] : undefined);
  for (const value of statement.principal.aws) {
    if ((principal.arn && value === principal.arn) || principal.aliases?.includes(value)) return 'yes';
    const account = /^\d{12}$/.test(value) ? value : /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1];
    if (account && requesterAccount === account) return 'yes';
    // A role named by ARN when the requester's ARN is not known may be it.
    if (!principal.arn && principal.account && value.startsWith(`arn:`) && value.includes(`::${principal.account}:role/`)) result = 'maybe';
  }
  return result;
}

export interface StatementMatch {
  policy: NamedPolicy;
  statement: Statement;
  /** Why a "maybe": a condition that may not hold, or a resource that may not be this one. */
  reason?: 'condition' | 'resource';
}

export type Decision =
  | { outcome: 'allowed'; by: StatementMatch[] }
  | { outcome: 'denied'; by: StatementMatch[] }
  /** Allowed only by statements whose condition may not hold, or a Deny whose condition may hold. */
  | { outcome: 'conditional'; by: StatementMatch[]; deny: boolean }
  /** No statement allows: IAM's implicit deny; `conditionNotMet` would, but for a Condition that does not hold. */
  | { outcome: 'implicit-deny'; conditionNotMet: StatementMatch[] }
  /** Allowed only if the resource named with an unknown part is the one a statement names. */
  | { outcome: 'unknown' };

function matchesAny(patterns: readonly string[], test: (pattern: string) => Tristate): Tristate {
  let result: Tristate = 'no';
  for (const pattern of patterns) {
    const match = test(pattern);
    if (match === 'yes') return 'yes';
    if (match === 'maybe') result = 'maybe';
  }
  return result;
}

export function statementAction(statement: Statement, action: string): Tristate {
  if (statement.actions) return matchesAny(statement.actions, (pattern) => actionMatch(pattern, action));
  if (statement.notActions) return not(matchesAny(statement.notActions, (pattern) => actionMatch(pattern, action)));
  return 'no';
}

/** An action pattern with a template reference in it (`${Action}`) may be any action. */
function actionMatch(pattern: string, action: string): Tristate {
  if (matchAction(pattern, action)) return 'yes';
  return pattern.includes('${') && nameParts(pattern).some((part) => typeof part === 'object') ? 'maybe' : 'no';
}

export function statementResource(statement: Statement, resource: readonly NamePart[], policyVariables: boolean, symbols?: SymbolValues): Tristate {
  const test = (pattern: string) => matchResource(withSymbolValues(pattern, symbols), resource, policyVariables);
  if (statement.resources) return matchesAny(statement.resources, test);
  if (statement.notResources) return not(matchesAny(statement.notResources, test));
  return 'no';
}

/**
 * How a statement's resources match a resource from its names' answers: all names are the one
 * resource, so one sure answer decides (two that contradict each other decide nothing).
 */
function sameResource(answers: readonly Tristate[]): Tristate {
  const yes = answers.includes('yes');
  const no = answers.includes('no');
  return yes === no ? 'maybe' : yes ? 'yes' : 'no';
}

/** Evaluates `policies` for a request. A malformed statement (no Effect, Action or Resource) grants nothing. */
export function evaluate(policies: readonly NamedPolicy[], request: Request): Decision {
  const allows: StatementMatch[] = [];
  const maybeAllows: StatementMatch[] = [];
  const denies: StatementMatch[] = [];
  const maybeDenies: StatementMatch[] = [];
  const conditionNotMet: StatementMatch[] = [];
  const names = [request.resource, ...(request.alternatives ?? [])].map((name) => partsWithSymbolValues(name, request.symbols));
  for (const policy of policies) {
    // Policy variables exist only in version 2012-10-17; elsewhere "${…}" is literal text.
    const variables = policy.document.version === '2012-10-17';
    for (const statement of policy.document.statements) {
      if (statement.unknown) {
        // It may allow or deny: whatever else holds, the answer cannot be certain.
        maybeAllows.push({ policy, statement, reason: 'resource' });
        maybeDenies.push({ policy, statement, reason: 'resource' });
        continue;
      }
      if (!statement.effect || statement.malformed) continue;
      const action = statementAction(statement, request.action);
      if (action === 'no') continue;
      const implied = request.ownResource === true && !statement.resources && !statement.notResources;
      const resource = implied ? 'yes' : sameResource(names.map((name) => statementResource(statement, name, variables, request.symbols)));
      if (resource === 'no') continue;
      const condition: Tristate = statement.condition ? evaluateCondition(statement.condition, request.context, request.symbols) : 'yes';
      const principal: Tristate = request.principal ? statementPrincipal(statement, request.principal, request.symbols) : 'yes';
      if (principal === 'no') continue;
      const match = and(and(and(action, resource), condition), principal);
      if (match === 'no') {
        if (statement.effect === 'Allow' && condition === 'no' && action === 'yes' && resource === 'yes' && principal === 'yes') conditionNotMet.push({ policy, statement });
        continue;
      }
      const entry: StatementMatch = { policy, statement };
      if (match === 'maybe') entry.reason = condition === 'maybe' || principal === 'maybe' ? 'condition' : 'resource';
      if (statement.effect === 'Deny') (match === 'yes' ? denies : maybeDenies).push(entry);
      else (match === 'yes' ? allows : maybeAllows).push(entry);
    }
  }
  if (denies.length > 0) return { outcome: 'denied', by: denies };
  // A Deny that may apply only matters where something would allow.
  const conditionalDenies = maybeDenies.filter((entry) => entry.reason === 'condition');
  if (allows.length > 0) {
    if (conditionalDenies.length > 0) return { outcome: 'conditional', by: conditionalDenies, deny: true };
    if (maybeDenies.length > 0) return { outcome: 'unknown' };
    return { outcome: 'allowed', by: allows };
  }
  const conditionalAllows = maybeAllows.filter((entry) => entry.reason === 'condition');
  if (conditionalAllows.length > 0) return { outcome: 'conditional', by: conditionalAllows, deny: false };
  if (maybeAllows.length > 0) return { outcome: 'unknown' };
  return { outcome: 'implicit-deny', conditionNotMet };
}
