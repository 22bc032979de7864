// What CloudFormation templates and Terraform configurations know alike of the resources around a
// task: how the records of roles, secrets and keys start, the tags known of a secret, the secret RDS
// keeps a master user password in, and the AWS managed key of Secrets Manager (aws/secretsmanager).

import type { KeyRecord, ParameterRecord, RoleRecord, SecretRecord } from '../facts/records';

/** A role's record before its policies are read: `scope` is a Terraform module's (none in a template). */
export function roleRecord(name: string, aliases: string[], origin: string, scope?: string): RoleRecord {
  return { name, aliases, ...(scope !== undefined ? { scope } : {}), inline: [], attached: [], origin };
}

/** A secret's record before its name, key, tags and policy are read. */
export function secretRecord(aliases: string[], origin: string, scope?: string): SecretRecord {
  return { aliases, ...(scope !== undefined ? { scope } : {}), origin };
}

/** A KMS key's record before its policy and aliases are read. */
export function keyRecord(aliases: string[], scope?: string): KeyRecord {
  return { aliases, ...(scope !== undefined ? { scope } : {}), aliasNames: [] };
}

/** A Systems Manager parameter's record before its name, type and key are read. */
export function parameterRecord(aliases: string[], origin: string, scope?: string): ParameterRecord {
  return { aliases, ...(scope !== undefined ? { scope } : {}), origin };
}

/**
 * The secret RDS keeps a managed master user password in: {"username", "password"}, encrypted with
 * the key the database names, or null for the AWS managed key aws/secretsmanager.
 */
export function masterUserSecret(aliases: string[], kmsKeyId: string | null, origin: string, scope?: string): SecretRecord {
  return { aliases, ...(scope !== undefined ? { scope } : {}), kmsKeyId, jsonKeys: ['username', 'password'], origin };
}

/** The tags of a secret whose key and value are both known text (key, value pairs); undefined when none is. */
export function knownTags(pairs: Iterable<readonly [unknown, unknown]>): Record<string, string> | undefined {
  const known: Record<string, string> = {};
  for (const [key, value] of pairs) {
    if (typeof key === 'string' && typeof value === 'string' && !key.includes('${') && !value.includes('${')) Object.defineProperty(known, key, { value, enumerable: true });
  }
  return Object.keys(known).length > 0 ? known : undefined;
}

/**
 * Whether a secret's KMS key is the AWS managed key aws/secretsmanager: its alias, or the alias's
 * ARN. A template or a Terraform configuration builds the ARN of references
 * (`arn:${AWS::Partition}:kms:${AWS::Region}:…`), so there any text before `:alias/aws/secretsmanager`
 * is taken; the config file's values are written out, and there only a KMS alias ARN is.
 */
export function isAwsManagedSecretsKey(keyId: string, writtenIn: 'template' | 'config'): boolean {
  return writtenIn === 'template' ? /(^|:)alias\/aws\/secretsmanager$/.test(keyId) : /^(?:arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\/secretsmanager$/.test(keyId);
}
