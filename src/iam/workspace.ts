// What is known about IAM roles, managed policies and secrets in one run: collected from the
// config file, from IAM and Secrets Manager CLI outputs among the files, and from templates. Task
// rules ask it for a role's policies and a secret's key; no record means no finding.

import { parseArn } from '../aws/arn';
import { parseRoleReference } from '../aws/iam-role';
import { AWS_MANAGED_POLICIES } from './managed-policies';
import type { NamedPolicy } from './policy';

export interface RoleRecord {
  name: string;
  /** The role's ARN when known; its account decides which task definitions it serves. */
  arn?: string;
  inline: NamedPolicy[];
  /** ARNs of attached managed policies. */
  attached: string[];
  /** Where the role was described, for messages. */
  origin: string;
}

export interface SecretRecord {
  /** The secret's complete ARN, when known. */
  arn?: string;
  name: string;
  /** The KMS key: its id, ARN, alias or alias ARN; null for the AWS managed key aws/secretsmanager. */
  kmsKeyId?: string | null;
  resourcePolicy?: NamedPolicy;
  origin: string;
}

export interface RolePolicies {
  role: RoleRecord;
  policies: NamedPolicy[];
  /** Attached managed policies whose documents are not known: an implicit deny is then unknown. */
  unknownManaged: string[];
}

export class IamWorkspace {
  private readonly roles: RoleRecord[] = [];
  private readonly managed = new Map<string, NamedPolicy>();
  private readonly secrets: SecretRecord[] = [];

  /** Adds a role, or merges what is learnt into the role already known by the same ARN or name. */
  addRole(role: RoleRecord): void {
    const existing = this.roles.find((known) => (role.arn && known.arn ? known.arn === role.arn : known.name === role.name));
    if (!existing) {
      this.roles.push({ ...role, inline: [...role.inline], attached: [...role.attached] });
      return;
    }
    existing.arn ??= role.arn;
    for (const policy of role.inline) {
      if (!existing.inline.some((known) => known.source.name === policy.source.name)) existing.inline.push(policy);
    }
    for (const arn of role.attached) if (!existing.attached.includes(arn)) existing.attached.push(arn);
  }

  addManagedPolicy(arn: string, policy: NamedPolicy): void {
    this.managed.set(arn, policy);
  }

  addSecret(secret: SecretRecord): void {
    const existing = this.secrets.find((known) => (secret.arn && known.arn ? known.arn === secret.arn : known.name === secret.name));
    if (!existing) {
      this.secrets.push({ ...secret });
      return;
    }
    existing.arn ??= secret.arn;
    if (existing.kmsKeyId === undefined && secret.kmsKeyId !== undefined) existing.kmsKeyId = secret.kmsKeyId;
    existing.resourcePolicy ??= secret.resourcePolicy;
  }

  get isEmpty(): boolean {
    return this.roles.length === 0 && this.secrets.length === 0;
  }

  /**
   * The role an executionRoleArn names: by ARN, or by name when either side has no ARN (a bare
   * role name in the task definition, or a role described without its ARN) and the accounts do
   * not contradict each other.
   */
  findRole(executionRoleArn: string, taskAccount?: string): RoleRecord | undefined {
    const reference = parseRoleReference(executionRoleArn);
    if (reference.kind === 'arn') {
      const byArn = this.roles.find((role) => role.arn === executionRoleArn);
      if (byArn) return byArn;
      return this.roles.find((role) => !role.arn && role.name === reference.name);
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

  /** The secret a complete ARN, a partial ARN or a name (in the task's account and region) names. */
  findSecret(arnOrName: { arn?: string; name: string; account?: string; region?: string }): SecretRecord | undefined {
    if (arnOrName.arn) {
      const exact = this.secrets.find((secret) => secret.arn === arnOrName.arn);
      if (exact) return exact;
    }
    return this.secrets.find((secret) => {
      if (secret.name !== arnOrName.name) return false;
      const arn = secret.arn ? parseArn(secret.arn) : undefined;
      if (!arn) return true;
      return (!arnOrName.account || arn.account === arnOrName.account) && (!arnOrName.region || arn.region === arnOrName.region);
    });
  }
}
