// What is known about IAM roles, managed policies, secrets and KMS keys in one run: collected from
// the config file, from IAM and Secrets Manager CLI outputs among the files, and from the resources
// of the template being linted. Task rules ask it for a role's policies and a secret's key; no
// record means no finding.

import { parseArn } from '../aws/arn';
import { parseRoleReference } from '../aws/iam-role';
import { AWS_MANAGED_POLICIES } from './managed-policies';
import type { NamedPolicy } from './policy';

export interface RoleRecord {
  name: string;
  /** The role's ARN when known; its account decides which task definitions it serves. */
  arn?: string;
  /** Template references that stand for the role or its ARN (`${ExecRole}`, `${ExecRole.Arn}`). */
  aliases?: string[];
  /** Where the references mean this role: a Terraform module's directory (absent: everywhere). */
  scope?: string;
  inline: NamedPolicy[];
  /** ARNs of attached managed policies, or template references to managed policy resources. */
  attached: string[];
  /** Where the role was described, for messages. */
  origin: string;
  /** Only some of the role's policies are known (a get-role-policy output): a missing Allow may be elsewhere. */
  partial?: boolean;
  /** The trust policy, or the key of a policy document of the run that is (a Terraform data source in another file). */
  trust?: NamedPolicy | string;
}

export interface SecretRecord {
  /** The secret's complete ARN, when known. */
  arn?: string;
  /** The secret's name; undefined when a template leaves it to be generated. */
  name?: string;
  aliases?: string[];
  scope?: string;
  /** The KMS key: id, ARN, alias, alias ARN or template reference; null for the AWS managed key aws/secretsmanager. */
  kmsKeyId?: string | null;
  resourcePolicy?: NamedPolicy;
  /**
   * Tags the secret is known to have (a template's Tags, Terraform's tags). Others may be added where
   * it is deployed (stack tags, a provider's default_tags): a tag not listed is not known to be absent.
   */
  tags?: Readonly<Record<string, string>>;
  /** The keys of the JSON object the secret holds, when known (a template's secret string, RDS's master user secret). */
  jsonKeys?: readonly string[];
  origin: string;
}

export interface KeyRecord {
  /** The key's ARN when known. */
  arn?: string;
  /** Template references that stand for the key, its id or ARN (`${Key}`, `${Key.Arn}`). */
  aliases: string[];
  scope?: string;
  /** Alias names that point at the key (alias/registry). */
  aliasNames: string[];
  /** The key policy, when the file defines the key. */
  keyPolicy?: NamedPolicy;
}

export interface RolePolicies {
  role: RoleRecord;
  policies: NamedPolicy[];
  /** Attached managed policies whose documents are not known: an implicit deny is then unknown. */
  unknownManaged: string[];
}

/** What one file (a template) defines, added to the run's workspace while that file is linted. */
export interface DocumentFacts {
  roles: RoleRecord[];
  managed: Array<{ arn: string; policy: NamedPolicy }>;
  secrets: SecretRecord[];
  keys: KeyRecord[];
}

export interface SecretQuery {
  alias?: string;
  arn?: string;
  name?: string;
  account?: string;
  region?: string;
  scope?: string;
}

/**
 * Where records are in a list, by reference, ARN and name: finds look at the records that may
 * match instead of all of them. An index follows its list as it grows (records are appended); a
 * record replaced or changed in place (editable) drops it. A record whose references are taken
 * back in place (an ambiguous Terraform resource) stays listed under them: every candidate is
 * tested again.
 */
interface RecordIndex {
  indexed: number;
  /** By reference and scope (aliasKey): Terraform modules use the same references in each directory. */
  byAlias: Map<string, number[]>;
  byArn: Map<string, number[]>;
  byName: Map<string, number[]>;
}

const recordIndexes = new WeakMap<readonly object[], RecordIndex>();

function indexOf(list: ReadonlyArray<{ aliases?: string[]; arn?: string; name?: string }>): RecordIndex {
  let index = recordIndexes.get(list);
  if (!index) recordIndexes.set(list, (index = { indexed: 0, byAlias: new Map(), byArn: new Map(), byName: new Map() }));
  const add = (map: Map<string, number[]>, key: string, position: number) => {
    const positions = map.get(key);
    if (positions) positions.push(position);
    else map.set(key, [position]);
  };
  for (; index.indexed < list.length; index.indexed++) {
    const record = list[index.indexed]!;
    for (const alias of record.aliases ?? []) add(index.byAlias, aliasKey(alias, (record as { scope?: string }).scope), index.indexed);
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
function firstMatch<T extends { aliases?: string[]; arn?: string; name?: string }>(
  list: readonly T[],
  candidates: (index: RecordIndex) => ReadonlyArray<readonly number[] | undefined>,
  test: (record: T) => boolean,
): T | undefined {
  // A short list is looked through: cheaper than indexing it (a template's own copy of the run's).
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
 * One question a lint asked a workspace, told whole by its key (the kind of question and its
 * arguments: see questionKey), with its answer in each state (generation) of the run's facts it
 * was asked in. A key, not a closure: a run keeps a question for every distinct secret it names.
 */
export interface Question {
  key: string;
  generation: number;
  answer: unknown[];
  /** Answers in later generations. */
  later?: Map<number, unknown[]>;
  /** The answer of the finished workspace, once asked (and which workspace, at which change). */
  final?: { workspace: IamWorkspace; changes: number; answer: unknown[] };
}

/**
 * The questions the files of a run asked, each kept once however many files asked it (a run's
 * task definitions ask much the same): a file keeps only which questions it asked.
 */
export class QuestionBook {
  private readonly questions = new Map<string, Question>();

  /** Whether the workspace (the run's, finished) answers every question as it was answered in a generation. */
  answersHold(questions: readonly Question[], generation: number, workspace: IamWorkspace): boolean {
    return questions.every((question) => {
      const then = question.generation === generation ? question.answer : question.later?.get(generation);
      if (!then) return false;
      const { final } = question;
      if (final?.workspace !== workspace || final.changes !== workspace.changes) {
        question.final = { workspace, changes: workspace.changes, answer: askAgain(question.key, workspace) };
      }
      const now = question.final!.answer;
      return now.length === then.length && now.every((part, index) => part === then[index]);
    });
  }

  /** The question of this key, made (with its answer in this generation) if not asked yet. */
  question(key: string, generation: number, answer: () => unknown[]): Question {
    let question = this.questions.get(key);
    if (!question) this.questions.set(key, (question = { key, generation, answer: answer() }));
    else if (question.generation !== generation && !question.later?.has(generation)) (question.later ??= new Map()).set(generation, answer());
    return question;
  }
}

/**
 * What one file's lint asked a workspace: a file linted before the run's facts were all known
 * keeps its result when every question gets the same answer from the finished workspace
 * (`answersHold`).
 *
 * A file's own facts (a template's roles, a module's) are not kept: they hold its policies, and
 * their text. Questions are answered again from the run's facts alone, which is enough because own
 * records known by references are added after the run's and never merged into them: a find gives
 * the first match, so the run's part of an answer decides whether the whole answer changes.
 */
export class WorkspaceReads {
  /** The workspace the questions are answered from (the run's facts) while the lint runs. */
  private base: IamWorkspace | undefined;
  private ownFacts = false;
  /** Own facts that could merge into the run's records, or a question that cannot be told by a key. */
  private unrepeatable = false;
  /** The questions asked, made on the first one. */
  private asked: Question[] | undefined;

  constructor(
    base: IamWorkspace,
    private readonly book: QuestionBook,
    private readonly generation: number,
  ) {
    this.base = base;
  }

  /** Notes a question (undefined: one its key cannot tell) and the answer the lint got. */
  note(key: string | undefined, answer: () => unknown[]): void {
    if (this.unrepeatable) return;
    if (key === undefined) {
      this.unrepeatable = true;
      this.asked = undefined;
      return;
    }
    const base = this.base;
    const question = this.book.question(key, this.generation, this.ownFacts && base ? () => askAgain(key, base) : answer);
    if (!this.asked) this.asked = [question];
    else if (this.asked[this.asked.length - 1] !== question) this.asked.push(question);
  }

  addFacts(facts: DocumentFacts): void {
    this.ownFacts = true;
    const unreferenced = (record: { aliases?: string[] }) => !record.aliases?.length;
    if (facts.roles.some(unreferenced) || facts.secrets.some(unreferenced)) {
      this.unrepeatable = true;
      this.asked = undefined;
    }
  }

  /**
   * The lint is over: the run's facts of that time are let go. The questions asked (for the book's
   * answersHold), or undefined when they cannot be asked again.
   */
  done(): Question[] | undefined {
    this.base = undefined;
    return this.unrepeatable ? undefined : (this.asked ?? NO_QUESTIONS);
  }

  /** Whether the workspace (the run's, finished) answers every question as it was answered. */
  answersHold(workspace: IamWorkspace): boolean {
    return !this.unrepeatable && this.book.answersHold(this.asked ?? NO_QUESTIONS, this.generation, workspace);
  }
}

const NO_QUESTIONS: Question[] = [];
const SEPARATOR = '\0';
const NOTHING = '\u0001';

/**
 * A question's key: its kind and arguments, undefined told apart from "". Undefined when an
 * argument holds the characters keys are made of (such a question is not asked again).
 */
function questionKey(kind: string, ...parts: Array<string | undefined>): string | undefined {
  let key = kind;
  for (const part of parts) {
    if (part !== undefined && (part.includes(SEPARATOR) || part.includes(NOTHING))) return undefined;
    key += SEPARATOR + (part ?? NOTHING);
  }
  // A flat copy: the concatenation holds its parts, which may be slices of a file's whole text.
  return (SEPARATOR + key).slice(1);
}

const SECRET_QUERY_KEYS = ['alias', 'arn', 'name', 'account', 'region', 'scope'] as const;

/** The answer a workspace gives to the question a key tells. */
function askAgain(key: string, workspace: IamWorkspace): unknown[] {
  const [kind, ...parts] = key.split(SEPARATOR);
  const argument = (index: number): string | undefined => (parts[index] === NOTHING ? undefined : parts[index]);
  switch (kind) {
    case 'role':
      return roleParts(workspace.findRole(argument(0)!, argument(1), argument(2)));
    case 'managed':
      return workspace.managedPolicies(parts);
    case 'secret': {
      const query: SecretQuery = {};
      SECRET_QUERY_KEYS.forEach((name, index) => {
        const value = argument(index);
        if (value !== undefined) query[name] = value;
      });
      return secretParts(workspace.findSecret(query));
    }
    case 'key':
      return keyParts(workspace.findKey(argument(0)!, argument(1)));
    case 'family':
      return [workspace.registryAuthOf(argument(0)!)];
    case 'attaching':
      return attachingParts(workspace.rolesAttaching(argument(0)!));
    default:
      throw new Error(`not a workspace question: ${kind}`);
  }
}

// What an answer looks like, part by part: copies made on write compare equal to their originals
// until they are changed, and a record changed in place no longer compares equal to its old parts.
const roleParts = (role: RoleRecord | undefined): unknown[] =>
  role ? [role.name, role.arn, role.scope, role.partial, role.origin, role.trust, ...(role.aliases ?? []), '|', ...role.inline, '|', ...role.attached] : [undefined];
const attachingParts = (roles: readonly RoleRecord[]): unknown[] => roles.flatMap((role) => [...roleParts(role), '||']);
const secretParts = (secret: SecretRecord | undefined): unknown[] =>
  secret
    ? [secret.arn, secret.name, secret.scope, secret.kmsKeyId, secret.resourcePolicy, secret.tags, secret.jsonKeys, secret.origin, ...(secret.aliases ?? [])]
    : [undefined];
const keyParts = (key: KeyRecord | undefined): unknown[] =>
  key ? [key.arn, key.scope, key.keyPolicy, ...key.aliases, '|', ...key.aliasNames] : [undefined];

export class IamWorkspace {
  // A copy made by withFacts shares the records, maps and arrays of the workspace it comes from and
  // clones one only before changing it (every file of a run gets a copy: a deep copy each time
  // would make a run quadratic in the number of roles, secrets and families it knows).
  private roles: RoleRecord[];
  private managed: Map<string, NamedPolicy>;
  private secrets: SecretRecord[];
  private keys: KeyRecord[];
  /** Task definition families of the run that use registry credentials → the container that does. */
  private registryAuthFamilies: Map<string, string>;
  /** The records, maps and arrays this workspace made itself, which it may change in place. */
  private readonly owned: WeakSet<object>;
  /** Counts the changes made to this workspace. */
  private changeCount = 0;
  /** Where the questions asked of this workspace are written down (see recording). */
  private reads: WorkspaceReads | undefined;

  /** How many changes this workspace has had: equal counts, same facts. */
  get changes(): number {
    return this.changeCount;
  }

  /** An empty workspace, or (from) a copy that shares everything the given one has and owns nothing yet. */
  constructor(from?: IamWorkspace) {
    if (from) {
      this.roles = from.roles;
      this.managed = from.managed;
      this.secrets = from.secrets;
      this.keys = from.keys;
      this.registryAuthFamilies = from.registryAuthFamilies;
      this.reads = from.reads;
      this.owned = new WeakSet();
      return;
    }
    this.roles = [];
    this.managed = new Map();
    this.secrets = [];
    this.keys = [];
    this.registryAuthFamilies = new Map();
    this.owned = new WeakSet<object>([this.roles, this.managed, this.secrets, this.keys, this.registryAuthFamilies]);
  }

  /** A copy that writes down the questions asked of it (and of its withFacts copies) in a run's book. */
  recording(book: QuestionBook, generation: number): { workspace: IamWorkspace; reads: WorkspaceReads } {
    const copy = this.sharingCopy();
    copy.reads = new WorkspaceReads(this, book, generation);
    return { workspace: copy, reads: copy.reads };
  }

  private sharingCopy(): IamWorkspace {
    return new IamWorkspace(this);
  }

  /** A copy with a file's own facts added; the run's workspace is left as it is. */
  withFacts(facts: DocumentFacts | undefined): IamWorkspace {
    if (!facts) return this;
    const copy = this.sharingCopy();
    copy.reads?.addFacts(facts);
    for (const { arn, policy } of facts.managed) copy.addManagedPolicy(arn, policy);
    for (const role of facts.roles) copy.addRole(role);
    for (const secret of facts.secrets) copy.addSecret(secret);
    if (facts.keys.length > 0) copy.ownKeys().push(...facts.keys);
    return copy;
  }

  private ownRoles(): RoleRecord[] {
    this.changeCount++;
    if (!this.owned.has(this.roles)) this.owned.add((this.roles = [...this.roles]));
    return this.roles;
  }

  private ownSecrets(): SecretRecord[] {
    this.changeCount++;
    if (!this.owned.has(this.secrets)) this.owned.add((this.secrets = [...this.secrets]));
    return this.secrets;
  }

  private ownKeys(): KeyRecord[] {
    this.changeCount++;
    if (!this.owned.has(this.keys)) this.owned.add((this.keys = [...this.keys]));
    return this.keys;
  }

  /** A role record of this workspace that may be changed: the shared one is replaced by a copy first. */
  editableRole(role: RoleRecord): RoleRecord {
    return this.editable(role, () => this.ownRoles(), (record) => ({ ...record, inline: [...record.inline], attached: [...record.attached] }));
  }

  /** A secret record of this workspace that may be changed (see editableRole). */
  editableSecret(secret: SecretRecord): SecretRecord {
    return this.editable(secret, () => this.ownSecrets(), (record) => ({ ...record }));
  }

  /** A key record of this workspace that may be changed (see editableRole). */
  editableKey(key: KeyRecord): KeyRecord {
    return this.editable(key, () => this.ownKeys(), (record) => ({ ...record, aliases: [...record.aliases], aliasNames: [...record.aliasNames] }));
  }

  private editable<T extends object>(record: T, list: () => T[], clone: (record: T) => T): T {
    // The caller changes what it gets (its ARN, say): the list's index is made again.
    this.changeCount++;
    recordIndexes.delete(list());
    if (this.owned.has(record)) return record;
    const copy = clone(record);
    const records = list();
    const index = records.indexOf(record);
    if (index >= 0) records[index] = copy;
    this.owned.add(copy);
    return copy;
  }

  /** Adds a role, or merges what is learnt into the role already known by the same ARN or name. */
  addRole(role: RoleRecord): void {
    const known = role.aliases?.length
      ? undefined
      : firstMatch(
          this.roles,
          (index) => [role.arn ? index.byArn.get(role.arn) : undefined, index.byName.get(role.name)],
          (record) => !record.aliases?.length && (role.arn && record.arn ? record.arn === role.arn : record.name === role.name),
        );
    if (!known) {
      const record = { ...role, inline: [...role.inline], attached: [...role.attached] };
      this.owned.add(record);
      this.ownRoles().push(record);
      return;
    }
    const existing = this.editableRole(known);
    existing.arn ??= role.arn;
    existing.trust ??= role.trust;
    // What one source knows completely (authorization details, the config file) makes the role known.
    if (!role.partial) delete existing.partial;
    for (const policy of role.inline) {
      if (!existing.inline.some((record) => record.source.name === policy.source.name)) existing.inline.push(policy);
    }
    for (const arn of role.attached) if (!existing.attached.includes(arn)) existing.attached.push(arn);
  }

  addManagedPolicy(arn: string, policy: NamedPolicy): void {
    this.changeCount++;
    if (!this.owned.has(this.managed)) this.owned.add((this.managed = new Map(this.managed)));
    this.managed.set(arn, policy);
  }

  addSecret(secret: SecretRecord): void {
    const known = secret.aliases?.length
      ? undefined
      : firstMatch(
          this.secrets,
          (index) => [secret.arn ? index.byArn.get(secret.arn) : undefined, secret.name !== undefined ? index.byName.get(secret.name) : undefined],
          (record) => !record.aliases?.length && (secret.arn && record.arn ? record.arn === secret.arn : record.name === secret.name),
        );
    if (!known) {
      const record = { ...secret };
      this.owned.add(record);
      this.ownSecrets().push(record);
      return;
    }
    const existing = this.editableSecret(known);
    existing.arn ??= secret.arn;
    if (existing.kmsKeyId === undefined && secret.kmsKeyId !== undefined) existing.kmsKeyId = secret.kmsKeyId;
    existing.resourcePolicy ??= secret.resourcePolicy;
  }

  /** Attaches a policy to the role a template reference names (AWS::IAM::Policy with Roles). */
  attachInline(roleAlias: string, policy: NamedPolicy, scope?: string): boolean {
    const role = firstMatch(this.roles, (index) => aliased(index, roleAlias, scope), (known) => known.aliases?.includes(roleAlias) === true && inScope(known, scope));
    if (role) this.editableRole(role).inline.push(policy);
    return role !== undefined;
  }

  /** Records that a task definition family of the run pulls with registry credentials. */
  addRegistryAuthFamily(family: string, container: string): void {
    this.changeCount++;
    if (!this.owned.has(this.registryAuthFamilies)) this.owned.add((this.registryAuthFamilies = new Map(this.registryAuthFamilies)));
    this.registryAuthFamilies.set(family, container);
  }

  /** The container of a family that uses registry credentials, when the run has that family. */
  registryAuthOf(family: string): string | undefined {
    const container = this.registryAuthFamilies.get(family);
    this.reads?.note(questionKey('family', family), () => [container]);
    return container;
  }

  /**
   * The role an executionRoleArn names: by template reference, by ARN, or by name when either side
   * has no ARN (a bare role name in the task definition, or a role described without its ARN) and
   * the accounts do not contradict each other.
   */
  findRole(executionRoleArn: string, taskAccount?: string, scope?: string): RoleRecord | undefined {
    const role = this.lookUpRole(executionRoleArn, taskAccount, scope);
    this.reads?.note(questionKey('role', executionRoleArn, taskAccount, scope), () => roleParts(role));
    return role;
  }

  private lookUpRole(executionRoleArn: string, taskAccount?: string, scope?: string): RoleRecord | undefined {
    if (this.roles.length === 0) return undefined;
    const byAlias = (alias: string) =>
      firstMatch(this.roles, (index) => aliased(index, alias, scope), (role) => role.aliases?.includes(alias) === true && inScope(role, scope));
    const referenced = byAlias(executionRoleArn);
    if (referenced) return referenced;
    // arn:…:role/${ExecRole}: an ARN built around a template reference to the role's name.
    const named = roleNameReference(executionRoleArn);
    if (named) return byAlias(named);
    const reference = parseRoleReference(executionRoleArn);
    const byName = (name: string, predicate: (role: RoleRecord) => boolean) => firstMatch(this.roles, (index) => [index.byName.get(name)], predicate);
    if (reference.kind === 'arn') {
      const byArn = firstMatch(this.roles, (index) => [index.byArn.get(executionRoleArn)], (role) => role.arn === executionRoleArn);
      if (byArn) return byArn;
      return byName(reference.name, (role) => !role.arn && !role.aliases?.length && role.name === reference.name);
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
    const unknownManaged: string[] = [];
    for (const arn of role.attached) {
      const policy = this.managed.get(arn) ?? AWS_MANAGED_POLICIES.get(arn);
      if (policy) policies.push(policy);
      else unknownManaged.push(arn);
    }
    // What the run's facts add to a role's policies: the managed policies it names.
    if (this.reads && role.attached.length > 0) {
      const { attached } = role;
      this.reads.note(questionKey('managed', ...attached), () => this.managedPolicies(attached));
    }
    return { role, policies, unknownManaged };
  }

  /** A policy document of the run by the ARN or reference it is known by (a managed policy, a Terraform data source). */
  managedPolicy(key: string): NamedPolicy | undefined {
    const policy = this.managed.get(key);
    this.reads?.note(questionKey('managed', key), () => [policy]);
    return policy;
  }

  /** The roles that attach a managed policy (or a policy document of another file) by this ARN or reference. */
  rolesAttaching(key: string): RoleRecord[] {
    const roles = this.roles.filter((role) => role.attached.includes(key));
    this.reads?.note(questionKey('attaching', key), () => attachingParts(roles));
    return roles;
  }

  /** The managed policies of the run (not AWS managed ones) that ARNs or references name. */
  managedPolicies(arns: readonly string[]): Array<NamedPolicy | undefined> {
    return arns.map((arn) => this.managed.get(arn));
  }

  /** The secret a template reference, a complete ARN, a partial ARN or a name (in the task's account and region) names. */
  findSecret(query: SecretQuery): SecretRecord | undefined {
    const secret = this.lookUpSecret(query);
    this.reads?.note(
      questionKey('secret', ...SECRET_QUERY_KEYS.map((name) => query[name])),
      () => secretParts(secret),
    );
    return secret;
  }

  private lookUpSecret(query: SecretQuery): SecretRecord | undefined {
    if (this.secrets.length === 0) return undefined;
    const { alias, arn: queryArn, name } = query;
    if (alias) return firstMatch(this.secrets, (index) => aliased(index, alias, query.scope), (secret) => secret.aliases?.includes(alias) === true && inScope(secret, query.scope));
    if (queryArn) {
      const exact = firstMatch(this.secrets, (index) => [index.byArn.get(queryArn)], (secret) => secret.arn === queryArn);
      if (exact) return exact;
    }
    if (name === undefined) return undefined;
    return firstMatch(this.secrets, (index) => [index.byName.get(name)], (secret) => {
      if (secret.name !== query.name) return false;
      const arn = secret.arn ? parseArn(secret.arn) : undefined;
      if (!arn) return true;
      return (!query.account || arn.account === query.account) && (!query.region || arn.region === query.region);
    });
  }

  /** The key a KmsKeyId names: by template reference, ARN or alias name (alias/x or its ARN). */
  findKey(kmsKeyId: string, scope?: string): KeyRecord | undefined {
    const aliasName = /(?:^|:)(alias\/.+)$/.exec(kmsKeyId)?.[1];
    const found = this.keys.find(
      (key) => inScope(key, scope) && (key.aliases.includes(kmsKeyId) || key.arn === kmsKeyId || (aliasName !== undefined && key.aliasNames.includes(aliasName))),
    );
    this.reads?.note(questionKey('key', kmsKeyId, scope), () => keyParts(found));
    return found;
  }
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
