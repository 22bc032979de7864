// The KMS key of a secret or a parameter as IAM evaluates it (a key ARN, never an alias), and
// whether the key's own policy lets a role decrypt with it.

import { requestContext } from '../../iam/conditions';
import { evaluate } from '../../iam/evaluate';
import type { NamedPolicy, Statement } from '../../iam/policy';
import { nameParts, type NamePart, type SymbolValues } from '../../iam/wildcard';
import { type FactView } from '../../facts/view';
import type { ExecutionRole } from './execution-role';

export interface KeyTarget {
  display: string;
  keyPolicy?: NamedPolicy;
  /** Grantees of grants on the key that may decrypt. */
  grantees?: readonly string[];
  resource: NamePart[];
  alternatives: NamePart[][];
  region?: string;
}

const KEY_ARN = /^arn:[^:]+:kms:([^:]+):\d{12}:key\/[\w-]+$/;
const KEY_ID = /^(mrk-)?[0-9a-f]{8}(-?[0-9a-f]{4}){3}-?[0-9a-f]{12}$|^mrk-[0-9a-f]{32}$/i;

/**
 * The key IAM evaluates for a secret's KmsKeyId (or a parameter's key_id), in every form known: a
 * key ARN as is, a key id in the secret's (parameter's) account and region, a key the file defines
 * (by template reference or alias name); undefined when it cannot be known (an alias of a key
 * defined elsewhere).
 */
export function resolveKey(
  kmsKeyId: string,
  secret: { partition?: string; region?: string; account?: string },
  workspace: FactView,
  scope: string | undefined,
): KeyTarget | undefined {
  const record = workspace.findKey(kmsKeyId, scope);
  const forms: string[] = [];
  if (KEY_ARN.test(kmsKeyId)) forms.push(kmsKeyId);
  else if (KEY_ID.test(kmsKeyId) && secret.partition && secret.region && secret.account) {
    forms.push(`arn:${secret.partition}:kms:${secret.region}:${secret.account}:key/${kmsKeyId}`);
  }
  if (record) {
    if (record.arn) forms.push(record.arn);
    forms.push(...record.aliases);
    // A key the template defines is in the task's account and region: its ARN is built around its id.
    const keyId = record.aliases.find((alias) => /\.(?:KeyId|key_id)\}$/.test(alias));
    if (!record.arn && keyId && secret.partition && secret.region && secret.account) {
      forms.push(`arn:${secret.partition}:kms:${secret.region}:${secret.account}:key/${keyId}`);
    }
  }
  const [first, ...rest] = [...new Set(forms)];
  if (!first) return undefined;
  // A key the file defines is named by its resource: ${RegistryKey.Arn} is "RegistryKey",
  // ${aws_kms_key.registry.arn} is "aws_kms_key.registry".
  const reference = /^\$\{([^}]+?)(?:\.(?:Arn|KeyId|arn|id|key_id))?\}$/.exec(first)?.[1];
  const display = reference ? `"${reference}"` : first;
  const target: KeyTarget = { display, resource: nameParts(first), alternatives: rest.map((form) => nameParts(form)) };
  if (record?.keyPolicy) target.keyPolicy = record.keyPolicy;
  if (record?.grantees) target.grantees = record.grantees;
  const region = KEY_ARN.exec(first)?.[1];
  if (region) target.region = region;
  return target;
}

/** Whether a key policy lets the role decrypt by itself (naming the role, or "*" without conditions). */
export function keyPolicyGrants(keyPolicy: NamedPolicy, target: KeyTarget, principal: ExecutionRole['principal'], symbols: SymbolValues): boolean {
  const names = principal.names;
  const decision = evaluate([keyPolicy], {
    action: 'kms:Decrypt',
    resource: target.resource,
    alternatives: target.alternatives,
    symbols,
    context: requestContext({}),
    principal: { ...(principal.arn ? { arn: principal.arn } : { account: principal.account }), aliases: names },
  });
  // A statement naming only the account delegates to IAM policies, which do not allow it here.
  const namesRole = (statement: Statement) =>
    statement.principal === '*' || (typeof statement.principal === 'object' && statement.principal.aws.some((value) => names.includes(value)));
  return decision.outcome === 'allowed' && decision.by.some(({ statement }) => namesRole(statement));
}

/** A region known by name, not a template reference to one. */
export function realRegion(region: string | undefined): boolean {
  return region !== undefined && !region.includes('${');
}

/**
 * Whether a grant on the key may let the role decrypt: its grantee is the role, a reference or
 * value not known here, or any principal; a grant to another principal's ARN does not.
 */
export function grantMayAllow(target: KeyTarget, principal: ExecutionRole['principal']): boolean {
  return (target.grantees ?? []).some((grantee) => !grantee.startsWith('arn:') || principal.names.includes(grantee) || (!principal.arn && !grantee.includes(':role/')));
}
