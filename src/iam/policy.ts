// IAM policy documents: the statements an evaluator needs, read leniently from user input (the
// policy-syntax rule reports what is malformed; a malformed statement never grants anything here).

import type { Path } from '../core/types';
import { isUnknownValue } from '../core/unknown';
import { isObject } from '../core/values';

export type Effect = 'Allow' | 'Deny';

/** A condition block: operator → condition key → values. */
export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface Statement {
  /** Position in the Statement list (0 when Statement is a single object). */
  index: number;
  sid?: string;
  effect?: Effect;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  condition?: ConditionBlock;
  /**
   * Principal of a resource policy statement: "*" or the AWS and service principals named;
   * `unknown` when a template leaves part of it to be decided at deploy (Fn::If).
   */
  principal?: '*' | { aws: string[]; services: string[]; other: boolean; unknown?: boolean };
  /** A NotPrincipal is not evaluated: statements with one may or may not apply. */
  notPrincipal?: boolean;
  /** Malformed beyond reading (a Condition that is not an object): IAM rejects it, it grants nothing. */
  malformed?: boolean;
  /** Not known statically (a template's Fn::If): it may allow or deny anything. */
  unknown?: boolean;
  /** Path of the statement in the policy document. */
  path: Path;
}

export interface PolicyDocument {
  version?: string;
  statements: Statement[];
}

/** Where a policy comes from, for messages: "policy "exec-secrets" (iam/exec.json)". */
export interface PolicySource {
  /** The policy's name: an inline policy name, a managed policy name, or the file's. */
  name: string;
  /** The managed policy's ARN, when it is one. */
  arn?: string;
  /** The file it was read from, as shown in reports; absent for AWS managed policies from ecs-lint's data. */
  file?: string;
}

export interface NamedPolicy {
  source: PolicySource;
  document: PolicyDocument;
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

/** The statements of a policy document as written (Statement may be one object or a list). */
export function statementEntries(document: unknown): Array<{ value: unknown; path: Path; index: number }> {
  if (!isObject(document)) return [];
  const statement = document.Statement;
  if (Array.isArray(statement)) return statement.map((value, index) => ({ value, path: ['Statement', index], index }));
  if (statement !== undefined) return [{ value: statement, path: ['Statement'], index: 0 }];
  return [];
}

export function parsePolicyDocument(value: unknown): PolicyDocument {
  const document: PolicyDocument = { statements: [] };
  if (!isObject(value)) return document;
  if (typeof value.Version === 'string') document.version = value.Version;
  for (const { value: raw, path, index } of statementEntries(value)) {
    if (isUnknownValue(raw)) {
      document.statements.push({ index, path, unknown: true });
      continue;
    }
    if (!isObject(raw)) continue;
    const statement: Statement = { index, path };
    // An Effect, Action or Resource a template decides at deploy: the statement may allow or deny anything.
    if (undecided(raw)) {
      document.statements.push({ index, path, unknown: true, ...(typeof raw.Sid === 'string' ? { sid: raw.Sid } : {}) });
      continue;
    }
    if (typeof raw.Sid === 'string') statement.sid = raw.Sid;
    if (raw.Effect === 'Allow' || raw.Effect === 'Deny') statement.effect = raw.Effect;
    const actions = stringList(raw.Action);
    const notActions = stringList(raw.NotAction);
    const resources = stringList(raw.Resource);
    const notResources = stringList(raw.NotResource);
    if (actions) statement.actions = actions;
    if (notActions) statement.notActions = notActions;
    if (resources) statement.resources = resources;
    if (notResources) statement.notResources = notResources;
    if (raw.Condition !== undefined) {
      // A Condition a template decides at deploy holds or not: an operator no evaluator knows.
      if (isUnknownValue(raw.Condition)) statement.condition = { [UNDECIDED]: { [UNDECIDED]: [] } };
      else if (isObject(raw.Condition)) statement.condition = parseCondition(raw.Condition);
      else statement.malformed = true;
    }
    if (raw.Principal !== undefined) statement.principal = parsePrincipal(raw.Principal);
    if (raw.NotPrincipal !== undefined) statement.notPrincipal = true;
    document.statements.push(statement);
  }
  return document;
}

/** A condition operator that stands for a Condition a template decides at deploy. */
const UNDECIDED = 'Undecided';

/** Whether a statement's Effect, Action or Resource is a value a template decides at deploy. */
function undecided(raw: Record<string, unknown>): boolean {
  const effect = raw.Effect;
  if (isUnknownValue(effect) || (typeof effect === 'string' && effect.includes('${'))) return true;
  return ['Action', 'NotAction', 'Resource', 'NotResource'].some((key) => {
    const value = raw[key];
    return isUnknownValue(value) || (Array.isArray(value) && value.some(isUnknownValue));
  });
}

function parsePrincipal(value: unknown): Statement['principal'] {
  if (value === '*') return '*';
  if (isUnknownValue(value)) return { aws: [], services: [], other: false, unknown: true };
  if (!isObject(value)) return { aws: [], services: [], other: true };
  const aws = value.AWS === undefined ? [] : stringList(value.AWS);
  const services = value.Service === undefined ? [] : stringList(value.Service);
  if (aws?.includes('*')) return '*';
  const principal: Statement['principal'] = { aws: aws ?? [], services: services ?? [], other: Object.keys(value).some((key) => key !== 'AWS') };
  // A list with a value decided at deploy (Fn::If) may name anyone.
  if (!aws || !services) principal.unknown = true;
  return principal;
}

/** A Condition block; values that are not strings, numbers or booleans make it unreadable ({}). */
function parseCondition(value: Record<string, unknown>): ConditionBlock {
  const block: ConditionBlock = {};
  for (const [operator, keys] of Object.entries(value)) {
    if (!isObject(keys)) {
      block[operator] = { '?': [] };
      continue;
    }
    const entry: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(keys)) {
      const list = Array.isArray(values) ? values : [values];
      // A value decided at deploy is a template reference: it may be any string.
      entry[key] = list.map((item) => (typeof item === 'string' ? item : isUnknownValue(item) ? '${Undecided}' : JSON.stringify(item)));
    }
    block[operator] = entry;
  }
  return block;
}

/** A statement as messages name it: its Sid, or its position. */
/**
 * The policies with each Resource and NotResource pattern passed through `rewrite` (a template
 * reference written as what it stands for); a policy or statement nothing changes in is kept as is.
 */
export function rewriteResources(policies: readonly NamedPolicy[], rewrite: (pattern: string) => string): NamedPolicy[] {
  const patterns = (list: string[] | undefined) => {
    const rewritten = list?.map(rewrite);
    return rewritten && rewritten.some((pattern, index) => pattern !== list![index]) ? rewritten : list;
  };
  return policies.map((policy) => {
    const statements = policy.document.statements.map((statement) => {
      const resources = patterns(statement.resources);
      const notResources = patterns(statement.notResources);
      if (resources === statement.resources && notResources === statement.notResources) return statement;
      return { ...statement, ...(resources ? { resources } : {}), ...(notResources ? { notResources } : {}) };
    });
    return statements.every((statement, index) => statement === policy.document.statements[index]) ? policy : { ...policy, document: { ...policy.document, statements } };
  });
}

export function describeStatement(statement: Statement): string {
  return statement.sid ? `statement "${statement.sid}"` : `statement #${statement.index + 1}`;
}

export function describePolicy(source: PolicySource): string {
  return source.file ? `policy "${source.name}" (${source.file})` : `policy "${source.name}"`;
}

/** A policy document given as a JSON string, possibly URL-encoded as the IAM API returns it. */
export function decodePolicyString(text: string): unknown {
  for (const candidate of [text, safeDecode(text)]) {
    if (candidate === undefined) continue;
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
