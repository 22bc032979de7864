// The run's facts while they are collected: records from the config file and from every file that
// holds some, added as the files are read. The store owns its records (it copies what it is given),
// so a loader's values are never changed by what other files tell. `freeze` gives the view rules ask.

import { sameRoleArn } from '../aws/iam-role';
import type { NamedPolicy } from '../iam/policy';
import type { FamilyNeed } from '../model/fargate-needs';
import { AMBIGUOUS, scopedKey, type DocumentFacts, type KeyRecord, type LogGroupRecord, type ParameterRecord, type PendingLink, type RoleRecord, type SecretRecord, type TerraformFacts } from './records';
import { dropIndex, FactView, firstMatch } from './view';

export class FactStore {
  private readonly roles: RoleRecord[] = [];
  private readonly managed = new Map<string, NamedPolicy>();
  private readonly secrets: SecretRecord[] = [];
  private readonly keys: KeyRecord[] = [];
  private readonly parameters: ParameterRecord[] = [];
  private readonly logGroups: LogGroupRecord[] = [];
  private readonly families = new Map<string, FamilyNeed>();
  private readonly sources = new Set<string>();
  /** Terraform's records by the (scoped) references that name them: a module that defines one twice makes both ambiguous. */
  private readonly claims = new Map<string, object>();
  /** Terraform's links to resources of files not read yet. */
  private pending: PendingLink[] = [];
  /** Terraform's keys, added when the view is made (after every record their links may name). */
  private readonly terraformKeys: KeyRecord[] = [];
  private view: FactView | undefined;

  /**
   * Adds a role, or merges what is learnt into the role already known by the same ARN or name (two
   * ARNs of one account with the same role name are one role, whatever their paths).
   */
  addRole(role: RoleRecord): RoleRecord {
    this.changed();
    const known = role.aliases?.length
      ? undefined
      : firstMatch(
          this.roles,
          (index) => [role.arn ? index.byArn.get(role.arn) : undefined, index.byName.get(role.name)],
          (record) => !record.aliases?.length && (role.arn && record.arn ? sameRoleArn(record.arn, role.arn) : record.name === role.name),
        );
    if (!known) {
      const record = { ...role, inline: [...role.inline], attached: [...role.attached] };
      this.roles.push(record);
      return record;
    }
    dropIndex(this.roles);
    known.arn ??= role.arn;
    known.trust ??= role.trust;
    // What one source knows completely (authorization details, the config file) makes the role known.
    if (!role.partial) delete known.partial;
    if (!role.policiesUnknown) delete known.policiesUnknown;
    for (const policy of role.inline) {
      if (!known.inline.some((record) => record.source.name === policy.source.name)) known.inline.push(policy);
    }
    for (const arn of role.attached) if (!known.attached.includes(arn)) known.attached.push(arn);
    return known;
  }

  addManagedPolicy(arn: string, policy: NamedPolicy): void {
    this.changed();
    this.managed.set(arn, policy);
  }

  /** Adds a secret, or completes the secret already known by the same ARN or name. */
  addSecret(secret: SecretRecord): SecretRecord {
    this.changed();
    const known = secret.aliases?.length
      ? undefined
      : firstMatch(
          this.secrets,
          (index) => [secret.arn ? index.byArn.get(secret.arn) : undefined, secret.name !== undefined ? index.byName.get(secret.name) : undefined],
          (record) => !record.aliases?.length && (secret.arn && record.arn ? record.arn === secret.arn : record.name === secret.name),
        );
    if (!known) {
      const record = { ...secret, ...(secret.aliases ? { aliases: [...secret.aliases] } : {}) };
      this.secrets.push(record);
      return record;
    }
    dropIndex(this.secrets);
    known.arn ??= secret.arn;
    if (known.kmsKeyId === undefined && secret.kmsKeyId !== undefined) known.kmsKeyId = secret.kmsKeyId;
    known.resourcePolicy ??= secret.resourcePolicy;
    return known;
  }

  /** Records what a task definition family of the run asks of a Fargate platform version. */
  addFamilyNeed(family: string, need: FamilyNeed): void {
    this.changed();
    this.families.set(family, need);
  }

  /** What a file defines that serves every file of the run (IAM and Secrets Manager outputs). */
  addFacts(facts: Pick<DocumentFacts, 'roles' | 'managed' | 'secrets'>): void {
    for (const role of facts.roles) this.addRole(role);
    for (const { arn, policy } of facts.managed) this.addManagedPolicy(arn, policy);
    for (const secret of facts.secrets) this.addSecret(secret);
  }

  /**
   * What a .tf file tells (scope: its module), with its links to the module's other files applied
   * as soon as their targets are known. A module that defines the same resource twice (files of
   * several projects in one directory) makes both records stand for nothing: a role's policies are
   * then unknown, a secret or key is known by no reference.
   */
  addTerraform(absolutePath: string, read: TerraformFacts): void {
    this.changed();
    this.sources.add(absolutePath);
    const roles = read.facts.roles.map((role) => ({ ...role, inline: [...role.inline], attached: [...role.attached], ...(role.aliases ? { aliases: [...role.aliases] } : {}) }));
    const secrets = read.facts.secrets.map((secret) => ({ ...secret, ...(secret.aliases ? { aliases: [...secret.aliases] } : {}) }));
    const keys = read.facts.keys.map((key) => ({ ...key, aliases: [...key.aliases], aliasNames: [...key.aliasNames] }));
    const parameters = (read.facts.parameters ?? []).map((parameter) => ({ ...parameter, aliases: [...parameter.aliases] }));
    this.claim(roles, (role) => {
      role.inline.length = 0;
      role.attached.splice(0, role.attached.length, AMBIGUOUS);
    });
    this.claim(secrets, (secret) => secret.aliases?.splice(0, secret.aliases.length, AMBIGUOUS));
    this.claim(keys, (key) => key.aliases.splice(0, key.aliases.length, AMBIGUOUS));
    this.claim(parameters, (parameter) => parameter.aliases.splice(0, parameter.aliases.length, AMBIGUOUS));
    const logGroups = (read.facts.logGroups ?? []).map((group) => ({ ...group, aliases: [...group.aliases], arnAliases: [...group.arnAliases] }));
    this.claim(logGroups, (group) => {
      group.aliases.splice(0, group.aliases.length, AMBIGUOUS);
      group.arnAliases.length = 0;
    });
    this.logGroups.push(...logGroups);
    for (const { arn, policy } of read.facts.managed) this.managed.set(arn, policy);
    // Records with references are never merged: the store's copies above are the ones it keeps.
    this.roles.push(...roles);
    this.secrets.push(...secrets);
    this.terraformKeys.push(...keys);
    this.parameters.push(...parameters);
    for (const [family, need] of read.familyNeeds) this.families.set(family, need);
    this.pending = this.applyLinks([...this.pending, ...read.pending]);
  }

  /** The run's facts, read-only, with Terraform's keys added and its remaining links applied. */
  freeze(): FactView {
    if (this.view) return this.view;
    this.keys.push(...this.terraformKeys.splice(0));
    // Links whose targets came later (a role of an IAM output, a key): applied now.
    this.pending = this.applyLinks(this.pending);
    this.view = FactView.of({ roles: this.roles, managed: this.managed, secrets: this.secrets, keys: this.keys, parameters: this.parameters, logGroups: this.logGroups, families: this.families, sources: this.sources });
    return this.view;
  }

  private changed(): void {
    if (this.view) throw new Error('internal: facts added after the view was made');
  }

  /** Claims the references of a file's records; on a clash, both records are passed to `ambiguous`. */
  private claim<T extends { aliases?: string[]; scope?: string }>(records: readonly T[], ambiguous: (record: T) => void): void {
    for (const record of records) {
      const keys = (record.aliases ?? []).map((alias) => scopedKey(alias, record.scope));
      const clash = keys.map((key) => this.claims.get(key)).find((claimed) => claimed !== undefined && claimed !== record) as T | undefined;
      if (clash) {
        ambiguous(clash);
        ambiguous(record);
      } else {
        for (const key of keys) this.claims.set(key, record);
      }
    }
    dropIndex(this.roles);
    dropIndex(this.secrets);
  }

  /** Applies the links whose targets are known; returns those still waiting. */
  private applyLinks(links: readonly PendingLink[]): PendingLink[] {
    if (links.length === 0) return [];
    const view = FactView.of({ roles: this.roles, managed: this.managed, secrets: this.secrets, keys: this.keys, parameters: this.parameters, families: this.families, sources: this.sources });
    const waiting: PendingLink[] = [];
    for (const link of links) {
      switch (link.kind) {
        case 'role-inline':
        case 'role-attached': {
          const role = view.findRole(link.role, undefined, link.scope);
          if (!role) waiting.push(link);
          else if (link.kind === 'role-inline') role.inline.push(link.policy);
          else if (!role.attached.includes(link.arn)) role.attached.push(link.arn);
          break;
        }
        case 'secret-policy': {
          const secret = view.findSecret({ alias: link.secret, ...(link.scope !== undefined ? { scope: link.scope } : {}) });
          if (secret) secret.resourcePolicy ??= link.policy;
          else waiting.push(link);
          break;
        }
        case 'key-policy':
        case 'key-alias':
        case 'key-grant': {
          const key = view.findKey(link.key, link.scope);
          if (!key) waiting.push(link);
          else if (link.kind === 'key-policy') key.keyPolicy ??= link.policy;
          else if (link.kind === 'key-grant') (key.grantees ??= []).push(link.grantee);
          else if (!key.aliasNames.includes(link.alias)) key.aliasNames.push(link.alias);
          break;
        }
        default:
          break;
      }
    }
    return waiting;
  }
}
