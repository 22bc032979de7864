// The run's facts as rules see them: read-only, with lookups by reference, ARN and name. A view is
// made once the run's facts are all collected (FactStore.freeze); a template's own records are a
// layer over it (`with`), searched after the run's: a find gives the first match, the run's first.

import { parseArn } from '../aws/arn';
import { parseRoleReference, sameRoleArn } from '../aws/iam-role';
import { AWS_MANAGED_POLICIES } from '../iam/managed-policies';
import type { NamedPolicy } from '../iam/policy';
import type { FamilyNeed } from '../model/fargate-needs';
import type { DocumentFacts, KeyRecord, LogGroupRecord, ParameterRecord, RolePolicies, RoleRecord, SecretQuery, SecretRecord } from './records';

/** The records of one layer: the run's, or a file's own. */
export interface FactLayer {
  readonly roles: readonly RoleRecord[];
  readonly managed: ReadonlyMap<string, NamedPolicy>;
  readonly secrets: readonly SecretRecord[];
  readonly keys: readonly KeyRecord[];
  /** Systems Manager parameters (absent: none). */
  readonly parameters?: readonly ParameterRecord[];
  /** Absent: none. */
  readonly logGroups?: readonly LogGroupRecord[];
  /** Task definition families (or Terraform references) of the run → what they ask of a Fargate platform version. */
  readonly families: ReadonlyMap<string, FamilyNeed>;
  /** The files whose facts the layer holds (absolute paths): a file's own facts are not added again. */
  readonly sources: ReadonlySet<string>;
}

export class FactView {
  private constructor(private readonly layers: readonly FactLayer[]) {}

  static of(layer: FactLayer): FactView {
    return new FactView([layer]);
  }

  /** No facts: a file linted alone (its own records come as a layer). */
  static readonly EMPTY = new FactView([]);

  /** This view with a file's own records over it (searched after this view's). */
  with(facts: DocumentFacts | undefined): FactView {
    if (!facts) return this;
    const managed = new Map<string, NamedPolicy>();
    for (const { arn, policy } of facts.managed) managed.set(arn, policy);
    return new FactView([
      ...this.layers,
      { roles: facts.roles, managed, secrets: facts.secrets, keys: facts.keys, parameters: facts.parameters ?? [], ...(facts.logGroups ? { logGroups: facts.logGroups } : {}), families: NO_FAMILIES, sources: NO_SOURCES },
    ]);
  }

  /** Whether the view holds the facts of this file (a Terraform file the run collected). */
  holdsFactsOf(absolutePath: string | undefined): boolean {
    return absolutePath !== undefined && this.layers.some((layer) => layer.sources.has(absolutePath));
  }

  /**
   * The role an executionRoleArn names: by template reference, by ARN, or by name when either side
   * has no ARN (a bare role name in the task definition, or a role described without its ARN) and
   * the accounts do not contradict each other. Two ARNs of one account with the same role name name
   * one role, whatever their paths: a role's name is unique in its account.
   */
  findRole(executionRoleArn: string, taskAccount?: string, scope?: string): RoleRecord | undefined {
    const byAlias = (alias: string) =>
      this.first((layer) => firstMatch(layer.roles, (index) => aliased(index, alias, scope), (role) => role.aliases?.includes(alias) === true && inScope(role, scope)));
    const referenced = byAlias(executionRoleArn);
    if (referenced) return referenced;
    // arn:…:role/${ExecRole}: an ARN built around a template reference to the role's name.
    const named = roleNameReference(executionRoleArn);
    if (named) return byAlias(named);
    const reference = parseRoleReference(executionRoleArn);
    const byName = (name: string, predicate: (role: RoleRecord) => boolean) => this.first((layer) => firstMatch(layer.roles, (index) => [index.byName.get(name)], predicate));
    if (reference.kind === 'arn') {
      const byArn = this.first((layer) => firstMatch(layer.roles, (index) => [index.byArn.get(executionRoleArn)], (role) => role.arn === executionRoleArn));
      if (byArn) return byArn;
      return byName(reference.name, (role) => !role.aliases?.length && role.name === reference.name && (!role.arn || sameRoleArn(role.arn, executionRoleArn)));
    }
    if (reference.kind !== 'name') return undefined;
    return byName(reference.name, (role) => {
      if (role.name !== reference.name) return false;
      const account = role.arn ? parseArn(role.arn)?.account : undefined;
      return !account || !taskAccount || account === taskAccount;
    });
  }

  policiesOf(role: RoleRecord): RolePolicies {
    const policies = [...role.inline];
    // A role known by its trust policy alone (a get-role output) may have any policy.
    const unknownManaged: string[] = role.policiesUnknown ? ['*'] : [];
    for (const arn of role.attached) {
      const policy = this.managedPolicy(arn) ?? AWS_MANAGED_POLICIES.get(arn);
      if (policy) policies.push(policy);
      else unknownManaged.push(arn);
    }
    return { role, policies, unknownManaged };
  }

  /** A policy document of the run by the ARN or reference it is known by (a managed policy, a Terraform data source). */
  /** A role's trust policy: its own, or the policy document of the run it names (a Terraform data source). */
  trustPolicyOf(role: RoleRecord): NamedPolicy | undefined {
    return typeof role.trust === 'string' ? this.managedPolicy(role.trust) : role.trust;
  }

  managedPolicy(key: string): NamedPolicy | undefined {
    // A file's own managed policies stand over the run's of the same key.
    for (let index = this.layers.length - 1; index >= 0; index--) {
      const policy = this.layers[index]!.managed.get(key);
      if (policy) return policy;
    }
    return undefined;
  }

  /** The roles that attach a managed policy (or a policy document of another file) by this ARN or reference. */
  rolesAttaching(key: string): RoleRecord[] {
    return this.layers.flatMap((layer) => layer.roles.filter((role) => role.attached.includes(key)));
  }

  /** The secret a template reference, a complete ARN, a partial ARN or a name (in the task's account and region) names. */
  findSecret(query: SecretQuery): SecretRecord | undefined {
    const { alias, arn: queryArn, name } = query;
    if (alias) return this.first((layer) => firstMatch(layer.secrets, (index) => aliased(index, alias, query.scope), (secret) => secret.aliases?.includes(alias) === true && inScope(secret, query.scope)));
    if (queryArn) {
      const exact = this.first((layer) => firstMatch(layer.secrets, (index) => [index.byArn.get(queryArn)], (secret) => secret.arn === queryArn));
      if (exact) return exact;
    }
    if (name === undefined) return undefined;
    return this.first((layer) =>
      firstMatch(layer.secrets, (index) => [index.byName.get(name)], (secret) => {
        if (secret.name !== query.name) return false;
        const arn = secret.arn ? parseArn(secret.arn) : undefined;
        if (!arn) return true;
        return (!query.account || arn.account === query.account) && (!query.region || arn.region === query.region);
      }),
    );
  }

  /** The key a KmsKeyId names: by template reference, ARN or alias name (alias/x or its ARN). */
  findKey(kmsKeyId: string, scope?: string): KeyRecord | undefined {
    const aliasName = /(?:^|:)(alias\/.+)$/.exec(kmsKeyId)?.[1];
    return this.first((layer) =>
      layer.keys.find((key) => inScope(key, scope) && (key.aliases.includes(kmsKeyId) || key.arn === kmsKeyId || (aliasName !== undefined && key.aliasNames.includes(aliasName)))),
    );
  }

  /**
   * The Systems Manager parameter a template reference names, or else the one with this ARN, or
   * with this name (`/a/b`, `name`) among the records without an ARN where the task is (a template's
   * own, or its Terraform module's): those deploy to the task's account and region.
   */
  findParameter(query: { alias?: string; arn?: string; name?: string; scope?: string }): ParameterRecord | undefined {
    const { alias, arn, name } = query;
    if (alias !== undefined) return this.first((layer) => layer.parameters?.find((parameter) => parameter.aliases.includes(alias) && inScope(parameter, query.scope)));
    if (arn !== undefined) {
      const exact = this.first((layer) => layer.parameters?.find((parameter) => parameter.arn === arn));
      if (exact) return exact;
    }
    if (name === undefined) return undefined;
    return this.first((layer) => layer.parameters?.find((parameter) => parameter.arn === undefined && parameter.name === name && inScope(parameter, query.scope)));
  }

  /** The log group a template reference to its name stands for (`${AppLogs}`, `${aws_cloudwatch_log_group.app.name}`). */
  findLogGroup(reference: string, scope?: string): LogGroupRecord | undefined {
    return this.first((layer) => layer.logGroups?.find((group) => inScope(group, scope) && group.aliases.includes(reference)));
  }

  /** What a family of the run asks of a Fargate platform version, when the run knows. */
  familyNeedOf(family: string): FamilyNeed | undefined {
    return this.first((layer) => layer.families.get(family));
  }

  private first<T>(find: (layer: FactLayer) => T | undefined): T | undefined {
    for (const layer of this.layers) {
      const found = find(layer);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}

const NO_FAMILIES: ReadonlyMap<string, FamilyNeed> = new Map();
const NO_SOURCES: ReadonlySet<string> = new Set();

/**
 * Where records are in a list, by reference, ARN and name: finds look at the records that may
 * match instead of all of them. An index follows its list as it grows (records are appended); the
 * store drops it when it changes a record in place.
 */
interface RecordIndex {
  indexed: number;
  /** By reference and scope (aliasKey): Terraform modules use the same references in each directory. */
  byAlias: Map<string, number[]>;
  byArn: Map<string, number[]>;
  byName: Map<string, number[]>;
}

const recordIndexes = new WeakMap<readonly object[], RecordIndex>();

/** Forgets the index of a list whose records changed in place. */
export function dropIndex(list: readonly object[]): void {
  recordIndexes.delete(list);
}

function indexOf(list: ReadonlyArray<{ aliases?: string[]; arn?: string; name?: string; scope?: string }>): RecordIndex {
  let index = recordIndexes.get(list);
  if (!index) recordIndexes.set(list, (index = { indexed: 0, byAlias: new Map(), byArn: new Map(), byName: new Map() }));
  const add = (map: Map<string, number[]>, key: string, position: number) => {
    const positions = map.get(key);
    if (positions) positions.push(position);
    else map.set(key, [position]);
  };
  for (; index.indexed < list.length; index.indexed++) {
    const record = list[index.indexed]!;
    for (const alias of record.aliases ?? []) add(index.byAlias, aliasKey(alias, record.scope), index.indexed);
    if (record.arn !== undefined) add(index.byArn, record.arn, index.indexed);
    if (record.name !== undefined) add(index.byName, record.name, index.indexed);
  }
  return index;
}

const SHORT_LIST = 16;

function aliasKey(alias: string, scope: string | undefined): string {
  return `${scope === undefined ? '*' : `=${scope}`}\0${alias}`;
}

/** The positions of the records a reference names where a task definition is (see inScope). */
function aliased(index: RecordIndex, alias: string, scope: string | undefined): Array<number[] | undefined> {
  const everywhere = index.byAlias.get(aliasKey(alias, undefined));
  return scope === undefined ? [everywhere] : [everywhere, index.byAlias.get(aliasKey(alias, scope))];
}

/** The first record of a list (in its order) among the candidates the index gives that passes the test. */
export function firstMatch<T extends { aliases?: string[]; arn?: string; name?: string; scope?: string }>(
  list: readonly T[],
  candidates: (index: RecordIndex) => ReadonlyArray<readonly number[] | undefined>,
  test: (record: T) => boolean,
): T | undefined {
  // A short list is looked through: cheaper than indexing it (a template's own records).
  if (list.length <= SHORT_LIST) return list.find(test);
  let first: T | undefined;
  let firstAt = Infinity;
  for (const positions of candidates(indexOf(list))) {
    for (const position of positions ?? []) {
      const record = list[position];
      if (position < firstAt && record && test(record)) {
        first = record;
        firstAt = position;
      }
    }
  }
  return first;
}

/** Whether a record's references apply where a task definition is (its scope matches or it has none). */
function inScope(record: { scope?: string }, scope: string | undefined): boolean {
  return record.scope === undefined || record.scope === scope;
}

/**
 * The `${…}` reference that ends a role ARN's path (`arn:aws:iam::…:role/${ExecRole}`, also after a
 * path such as `role/service/${Name}`), else undefined. A scan, not a regular expression: it stays
 * linear on long hostile input.
 */
function roleNameReference(arn: string): string | undefined {
  const roleAt = arn.indexOf(':role/');
  if (roleAt < 0 || !arn.endsWith('}')) return undefined;
  // The reference holds no "}" but its last character.
  const lastClose = arn.lastIndexOf('}', arn.length - 2);
  for (let slash = arn.lastIndexOf('/'); slash >= roleAt + 5; slash = arn.lastIndexOf('/', slash - 1)) {
    const start = slash + 1;
    if (start <= lastClose) break;
    if (arn.startsWith('${', start) && arn.length - start >= 4) return arn.slice(start);
  }
  return undefined;
}
