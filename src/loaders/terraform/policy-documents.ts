// Policy documents: a document's unknown parts settled as the policy rules expect, and
// `data "aws_iam_policy_document"` rendered as the JSON policy it stands for.

import { UNKNOWN_VALUE } from '../../core/unknown';
import { isObject } from '../../core/values';
import { define, keyed, leafAt, type Located } from '../hcl/located';
import type { ResourceView, TfResource } from './views';

/** A policy document value with positions, its unknown parts settled as the policy rules expect. */
export function settlePolicy(document: Record<string, unknown>, loc: Located): void {
  const statementLoc = loc.members?.get('Statement');
  const statement = document.Statement;
  if (statement === undefined) return;
  if (statementLoc?.opaque || (typeof statement === 'string' && statement.includes('${'))) {
    document.Statement = UNKNOWN_VALUE;
    return;
  }
  const settle = (value: unknown, at: Located | undefined): unknown => {
    if (at?.opaque || (typeof value === 'string' && value.includes('${'))) return UNKNOWN_VALUE;
    if (!isObject(value)) return value;
    const condition = value.Condition;
    const conditionLoc = at?.members?.get('Condition');
    if (conditionLoc?.opaque || (typeof condition === 'string' && condition.includes('${'))) return UNKNOWN_VALUE;
    // A condition whose operator is not known may hold or not.
    if (isObject(condition) && Object.keys(condition).some((operator) => operator.includes('${') || conditionLoc?.members?.get(operator)?.opaque)) return UNKNOWN_VALUE;
    return value;
  };
  if (Array.isArray(statement)) document.Statement = statement.map((item, index) => settle(item, statementLoc?.items?.[index]));
  else document.Statement = settle(statement, statementLoc);
}

/** Whether a document's statements name principals (a trust, key or secret policy). */
export function hasPrincipal(document: Record<string, unknown>): boolean {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.some((statement) => isObject(statement) && ('Principal' in statement || 'NotPrincipal' in statement));
}

/**
 * `data "aws_iam_policy_document"` as the policy it renders: statement blocks become statements,
 * each element at the position of the argument or block it comes from. Terraform writes Version
 * "2012-10-17" unless `version` says otherwise.
 */
export function dataPolicyDocument(resource: TfResource, unknown: () => string): { document: Record<string, unknown>; loc: Located } {
  const view = resource.view;
  const document: Record<string, unknown> = {};
  const members = new Map<string, Located>();
  const head = leafAt(view.loc.key?.[0] ?? view.loc.start, view.loc.key?.[1] ?? view.loc.start);
  const version = view.attribute('version');
  define(document, 'Version', typeof version?.value === 'string' ? version.value : '2012-10-17');
  members.set('Version', version?.loc ?? head);
  const id = view.attribute('policy_id');
  if (id && id.value !== null) {
    define(document, 'Id', id.value);
    members.set('Id', id.loc);
  }
  const statements: unknown[] = [];
  const statementLocs: Located[] = [];
  const blocks = view.blocks('statement');
  if (!Array.isArray(blocks)) {
    statements.push(UNKNOWN_VALUE);
    statementLocs.push(blocks.unknown);
  } else {
    for (const statementBlock of blocks) {
      const { value, loc } = statementOf(statementBlock, unknown);
      statements.push(value);
      statementLocs.push(loc);
    }
  }
  // Documents merged in from elsewhere may add any statement.
  for (const merged of ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json']) {
    const argument = view.attribute(merged);
    if (!argument || argument.value === null || (Array.isArray(argument.value) && argument.value.length === 0)) continue;
    statements.push(UNKNOWN_VALUE);
    statementLocs.push(argument.loc);
  }
  define(document, 'Statement', statements);
  const first = statementLocs[0];
  members.set('Statement', { start: first?.start ?? view.loc.start, end: statementLocs[statementLocs.length - 1]?.end ?? view.loc.end, key: first?.key ?? head.key ?? [head.start, head.end], items: statementLocs });
  return { document, loc: { ...view.loc, members } };
}

function statementOf(view: ResourceView, unknown: () => string): { value: Record<string, unknown>; loc: Located } {
  const value: Record<string, unknown> = {};
  const members = new Map<string, Located>();
  const head = leafAt(view.loc.key?.[0] ?? view.loc.start, view.loc.key?.[1] ?? view.loc.start);
  const sid = view.attribute('sid');
  if (sid && sid.value !== null && sid.value !== '') {
    define(value, 'Sid', sid.value);
    members.set('Sid', sid.loc);
  }
  const effect = view.attribute('effect');
  define(value, 'Effect', effect && effect.value !== null ? effect.value : 'Allow');
  members.set('Effect', effect?.loc ?? head);
  for (const [argument, key] of [
    ['actions', 'Action'],
    ['not_actions', 'NotAction'],
    ['resources', 'Resource'],
    ['not_resources', 'NotResource'],
  ] as const) {
    const list = view.attribute(argument);
    // Terraform leaves empty lists out of the JSON it renders.
    if (!list || list.value === null || (Array.isArray(list.value) && list.value.length === 0)) continue;
    define(value, key, stringsOf(list.value, unknown));
    members.set(key, list.loc);
  }
  for (const [blockType, key] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const blocks = view.blocks(blockType);
    if (!Array.isArray(blocks)) {
      define(value, key, unknown());
      members.set(key, blocks.unknown);
      continue;
    }
    if (blocks.length === 0) continue;
    const principal: Record<string, unknown> = {};
    const principalMembers = new Map<string, Located>();
    let everyone = false;
    for (const principalBlock of blocks) {
      const type = principalBlock.attribute('type');
      const identifiers = principalBlock.attribute('identifiers');
      const typeName = typeof type?.value === 'string' ? type.value : unknown();
      const names = stringsOf(identifiers?.value ?? [], unknown);
      if (typeName === '*' && (names === '*' || (Array.isArray(names) && names.includes('*')))) everyone = true;
      const existing = principal[typeName];
      define(principal, typeName, existing === undefined ? names : [...(Array.isArray(existing) ? existing : [existing]), ...(Array.isArray(names) ? names : [names])]);
      if (!principalMembers.has(typeName)) principalMembers.set(typeName, keyed(identifiers?.loc ?? principalBlock.loc, type?.loc ? [type.loc.start, type.loc.end] : principalBlock.loc.key));
    }
    define(value, key, everyone ? '*' : principal);
    members.set(key, { ...blocks[0]!.loc, members: principalMembers });
  }
  const conditions = view.blocks('condition');
  if (!Array.isArray(conditions)) {
    define(value, 'Condition', unknown());
    members.set('Condition', conditions.unknown);
  } else if (conditions.length > 0) {
    const condition: Record<string, Record<string, unknown>> = {};
    const conditionMembers = new Map<string, Located>();
    for (const conditionBlock of conditions) {
      const test = conditionBlock.attribute('test');
      const variable = conditionBlock.attribute('variable');
      const values = conditionBlock.attribute('values');
      const operator = typeof test?.value === 'string' && !test.loc.opaque ? test.value : unknown();
      const conditionKey = typeof variable?.value === 'string' ? variable.value : unknown();
      const operatorMembers = conditionMembers.get(operator)?.members ?? new Map<string, Located>();
      condition[operator] ??= {};
      define(condition[operator]!, conditionKey, stringsOf(values?.value ?? [], unknown));
      operatorMembers.set(conditionKey, keyed(values?.loc ?? conditionBlock.loc, variable?.loc ? [variable.loc.start, variable.loc.end] : undefined));
      if (!conditionMembers.has(operator)) {
        conditionMembers.set(operator, { ...(test?.loc ?? conditionBlock.loc), ...(test?.loc.opaque ? { opaque: true } : {}), key: test ? [test.loc.start, test.loc.end] : (conditionBlock.loc.key ?? [conditionBlock.loc.start, conditionBlock.loc.start]), members: operatorMembers });
      }
    }
    define(value, 'Condition', condition);
    members.set('Condition', { ...conditions[0]!.loc, members: conditionMembers });
  }
  return { value, loc: { ...view.loc, members } };
}

/** A list of strings as written (numbers as text); anything else an unknown string. */
function stringsOf(value: unknown, unknown: () => string): unknown {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : typeof item === 'number' || typeof item === 'boolean' ? String(item) : unknown()));
  return unknown();
}
