// What a run knows about IAM roles, managed policies, secrets and KMS keys: plain records, as
// loaders find them in files (a template's resources, a Terraform module, IAM and Secrets Manager
// CLI outputs) and as the config file describes them. The store (store.ts) gathers them; rules ask
// a frozen view of it (view.ts). No record means no finding.

import type { NamedPolicy } from '../iam/policy';
import type { FamilyNeed } from '../model/fargate-needs';

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
  /** None of the role's policies are known (a get-role output tells its trust policy only): what it may do is not known. */
  policiesUnknown?: boolean;
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
  /**
   * Grantees of grants on the key that may decrypt (Terraform's aws_kms_grant): principals as
   * written (an ARN or a reference to a role); a grant lets its grantee use the key whatever the
   * key policy says.
   */
  grantees?: string[];
}

/** A Systems Manager parameter a template or Terraform configuration defines. */
export interface ParameterRecord {
  /** The parameter's name as written (`/app/db` or `db`); undefined when generated or not known. */
  name?: string;
  /** The name is left to CloudFormation, which makes a simple name (no "/"). */
  generatedName?: boolean;
  /** The parameter's ARN when known. */
  arn?: string;
  /** String, StringList or SecureString, when known. */
  type?: string;
  /**
   * The KMS key of a SecureString: id, ARN, alias, alias ARN or template reference; null for the
   * AWS managed key aws/ssm (or a parameter that is not a SecureString); undefined when not known.
   */
  keyId?: string | null;
  /** Template references that stand for the parameter, its name or ARN (`${Param}`, `${aws_ssm_parameter.db.arn}`). */
  aliases: string[];
  scope?: string;
  origin: string;
}

/** A CloudWatch Logs log group a template or a Terraform module defines (AWS::Logs::LogGroup, aws_cloudwatch_log_group). */
export interface LogGroupRecord {
  /** Template references that stand for the group's name (`${AppLogs}`, `${aws_cloudwatch_log_group.app.name}`). */
  aliases: string[];
  /**
   * Template references that stand for its ARN: CloudFormation's Arn ends in ":*" (every log stream
   * of the group, `streams`), Terraform's arn does not (the group alone).
   */
  arnAliases: Array<{ reference: string; streams: boolean }>;
  /** Its name, when the file gives it (else it is generated). */
  name?: string;
  scope?: string;
}

/** What one file defines: a template's resources (its own), a Terraform file's (its module's). */
export interface DocumentFacts {
  roles: RoleRecord[];
  managed: Array<{ arn: string; policy: NamedPolicy }>;
  secrets: SecretRecord[];
  keys: KeyRecord[];
  /** Systems Manager parameters (absent: none). */
  parameters?: ParameterRecord[];
  /** Absent: none. */
  logGroups?: LogGroupRecord[];
}

export interface RolePolicies {
  role: RoleRecord;
  policies: NamedPolicy[];
  /**
   * Attached managed policies whose documents are not known, and "*" when none of the role's
   * policies are: an implicit deny is then unknown.
   */
  unknownManaged: string[];
}

export interface SecretQuery {
  alias?: string;
  arn?: string;
  name?: string;
  account?: string;
  region?: string;
  scope?: string;
}

/** A link from a Terraform file to a resource another file of the module may define. */
export type PendingLink =
  | { kind: 'role-inline'; role: string; scope?: string; policy: NamedPolicy }
  | { kind: 'role-attached'; role: string; scope?: string; arn: string }
  | { kind: 'secret-policy'; secret: string; scope?: string; policy: NamedPolicy }
  | { kind: 'key-policy'; key: string; scope?: string; policy: NamedPolicy }
  | { kind: 'key-alias'; key: string; scope?: string; alias: string }
  | { kind: 'key-grant'; key: string; scope?: string; grantee: string };

/** What a .tf file tells the run: its records, its links to other files, what its task definitions ask of Fargate. */
export interface TerraformFacts {
  facts: DocumentFacts;
  /** Links to resources this file does not define, applied once the run knows them all. */
  pending: PendingLink[];
  /** What task definitions of this file ask of a Fargate platform version: family or alias → need. */
  familyNeeds: Array<[string, FamilyNeed]>;
}

/** A reference that stands for nothing: what records defined twice in one module are known by. */
export const AMBIGUOUS = '${ambiguous}';

/** A template reference qualified by the module it is written in (keys of run-wide records). */
export function scopedKey(reference: string, scope: string | undefined): string {
  return scope === undefined ? reference : `${reference}@${scope}`;
}
