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

/** Whether a record's references apply where a task definition is (its scope matches or it has none). */
function inScope(record: { scope?: string }, scope: string | undefined): boolean {
  return record.scope === undefined || record.scope === scope;
}

export class IamWorkspace {
  // A copy made by withFacts shares the records, maps and arrays of the workspace it comes from and
  // clones one only before changing it (every file of a run gets a copy: a deep copy each time
  // would make a run quadratic in the number of roles, secrets and families it knows).
  private roles: RoleRecord[] = [];
  private managed = new Map<string, NamedPolicy>();
  private secrets: SecretRecord[] = [];
  private keys: KeyRecord[] = [];
  /** Task definition families of the run that use registry credentials → the container that does. */
  private registryAuthFamilies = new Map<string, string>();
  /** The records, maps and arrays this workspace made itself, which it may change in place. */
  private readonly owned = new WeakSet<object>([this.roles, this.managed, this.secrets, this.keys, this.registryAuthFamilies]);

  /** A copy with a file's own facts added; the run's workspace is left as it is. */
  withFacts(facts: DocumentFacts | undefined): IamWorkspace {
    if (!facts) return this;
    const copy = new IamWorkspace();
    copy.roles = this.roles;
    copy.managed = this.managed;
    copy.secrets = this.secrets;
    copy.keys = this.keys;
    copy.registryAuthFamilies = this.registryAuthFamilies;
    for (const { arn, policy } of facts.managed) copy.addManagedPolicy(arn, policy);
    for (const role of facts.roles) copy.addRole(role);
    for (const secret of facts.secrets) copy.addSecret(secret);
    if (facts.keys.length > 0) copy.ownKeys().push(...facts.keys);
    return copy;
  }

  private ownRoles(): RoleRecord[] {
    if (!this.owned.has(this.roles)) this.owned.add((this.roles = [...this.roles]));
    return this.roles;
  }

  private ownSecrets(): SecretRecord[] {
    if (!this.owned.has(this.secrets)) this.owned.add((this.secrets = [...this.secrets]));
    return this.secrets;
  }

  private ownKeys(): KeyRecord[] {
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
      : this.roles.find((record) => !record.aliases?.length && (role.arn && record.arn ? record.arn === role.arn : record.name === role.name));
    if (!known) {
      const record = { ...role, inline: [...role.inline], attached: [...role.attached] };
      this.owned.add(record);
      this.ownRoles().push(record);
      return;
    }
    const existing = this.editableRole(known);
    existing.arn ??= role.arn;
    // What one source knows completely (authorization details, the config file) makes the role known.
    if (!role.partial) delete existing.partial;
    for (const policy of role.inline) {
      if (!existing.inline.some((record) => record.source.name === policy.source.name)) existing.inline.push(policy);
    }
    for (const arn of role.attached) if (!existing.attached.includes(arn)) existing.attached.push(arn);
  }

  addManagedPolicy(arn: string, policy: NamedPolicy): void {
    if (!this.owned.has(this.managed)) this.owned.add((this.managed = new Map(this.managed)));
    this.managed.set(arn, policy);
  }

  addSecret(secret: SecretRecord): void {
    const known = secret.aliases?.length
      ? undefined
      : this.secrets.find((record) => !record.aliases?.length && (secret.arn && record.arn ? record.arn === secret.arn : record.name === secret.name));
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
    const role = this.roles.find((known) => known.aliases?.includes(roleAlias) && inScope(known, scope));
    if (role) this.editableRole(role).inline.push(policy);
    return role !== undefined;
  }

  /** Records that a task definition family of the run pulls with registry credentials. */
  addRegistryAuthFamily(family: string, container: string): void {
    if (!this.owned.has(this.registryAuthFamilies)) this.owned.add((this.registryAuthFamilies = new Map(this.registryAuthFamilies)));
    this.registryAuthFamilies.set(family, container);
  }

  /** The container of a family that uses registry credentials, when the run has that family. */
  registryAuthOf(family: string): string | undefined {
    return this.registryAuthFamilies.get(family);
  }

  get isEmpty(): boolean {
    return this.roles.length === 0 && this.secrets.length === 0;
  }

  /**
   * The role an executionRoleArn names: by template reference, by ARN, or by name when either side
   * has no ARN (a bare role name in the task definition, or a role described without its ARN) and
   * the accounts do not contradict each other.
   */
  findRole(executionRoleArn: string, taskAccount?: string, scope?: string): RoleRecord | undefined {
    const byAlias = this.roles.find((role) => role.aliases?.includes(executionRoleArn) && inScope(role, scope));
    if (byAlias) return byAlias;
    // arn:…:role/${ExecRole}: an ARN built around a template reference to the role's name.
    const named = roleNameReference(executionRoleArn);
    if (named) return this.roles.find((role) => role.aliases?.includes(named) && inScope(role, scope));
    const reference = parseRoleReference(executionRoleArn);
    if (reference.kind === 'arn') {
      const byArn = this.roles.find((role) => role.arn === executionRoleArn);
      if (byArn) return byArn;
      return this.roles.find((role) => !role.arn && !role.aliases?.length && role.name === reference.name);
    }
    if (reference.kind !== 'name') return undefined;
    return this.roles.find((role) => {
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
    return { role, policies, unknownManaged };
  }

  /** The secret a template reference, a complete ARN, a partial ARN or a name (in the task's account and region) names. */
  findSecret(query: { alias?: string; arn?: string; name?: string; account?: string; region?: string; scope?: string }): SecretRecord | undefined {
    if (query.alias) return this.secrets.find((secret) => secret.aliases?.includes(query.alias!) && inScope(secret, query.scope));
    if (query.arn) {
      const exact = this.secrets.find((secret) => secret.arn === query.arn);
      if (exact) return exact;
    }
    if (query.name === undefined) return undefined;
    return this.secrets.find((secret) => {
      if (secret.name !== query.name) return false;
      const arn = secret.arn ? parseArn(secret.arn) : undefined;
      if (!arn) return true;
      return (!query.account || arn.account === query.account) && (!query.region || arn.region === query.region);
    });
  }

  /** The key a KmsKeyId names: by template reference, ARN or alias name (alias/x or its ARN). */
  findKey(kmsKeyId: string, scope?: string): KeyRecord | undefined {
    const aliasName = /(?:^|:)(alias\/.+)$/.exec(kmsKeyId)?.[1];
    return this.keys.find(
      (key) => inScope(key, scope) && (key.aliases.includes(kmsKeyId) || key.arn === kmsKeyId || (aliasName !== undefined && key.aliasNames.includes(aliasName))),
    );
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
