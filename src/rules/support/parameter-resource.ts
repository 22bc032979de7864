// The ARN of the Systems Manager parameter a valueFrom names, as IAM sees it: an ARN as written, a
// name in the task's account and region (`/a/b` → `parameter/a/b`, `name` → `parameter/name`), or
// a parameter the file defines, known by its template reference and by the ARN its name gives.

import { parseArn, knownAccount, knownRegion } from '../../aws/arn';
import { partitionById } from '../../aws/partitions';
import type { AwsContext } from '../../core/types';
import type { ParameterRecord } from '../../facts/records';
import { type FactView } from '../../facts/view';
import { rewriteResources, type NamedPolicy } from '../../iam/policy';
import { isSymbol, nameParts, type NamePart } from '../../iam/wildcard';

export interface ResolvedParameter {
  resource: NamePart[];
  /** Other names of the same parameter: a template reference to its ARN, the ARN it stands for. */
  alternatives: NamePart[][];
  /** The parameter for messages: its name, or the reference that names it. */
  display: string;
  /** The ARN when every part of it is known (the encryption context of a SecureString). */
  arn?: string;
  /** The ARN for messages, template references and all. */
  arnText: string;
  partition: string;
  region: string;
  account: string;
  record?: ParameterRecord;
}

/** A parameter name: letters, digits and . - _, with levels after a leading "/". */
const PARAMETER_NAME = /^(?:[A-Za-z0-9_.-]+|(?:\/[A-Za-z0-9_.-]+)+)$/;
/** A name with levels some of which are template references: `/${var.env}/web/db`. */
const TEMPLATED_LEVELS = /^(?:\/(?:[A-Za-z0-9_.-]|\$\{[^{}]+\})+)+$/;
/** A reference that names one thing (`${DbPassword}`, `${aws_ssm_parameter.db.name}`). */
const REFERENCE = /^\$\{[^{}]+\}$/;

/**
 * Resolves a valueFrom to the parameter ARN ECS asks Systems Manager for; undefined when it is not
 * a parameter, or a part of it is not known (a templated name, a name where the task's region is
 * not known), or it is one of AWS's own (`/aws/…`: public parameters and Secrets Manager references).
 */
export function resolveParameter(value: string, place: AwsContext, workspace: FactView, scope: string | undefined): ResolvedParameter | undefined {
  if (REFERENCE.test(value)) return resolveReference(value, place, workspace, scope);
  if (value.startsWith('arn:')) return resolveArn(value, place, workspace, scope);
  // A name with levels built from references (/${var.env}/web/db) is a parameter's name: an ARN
  // cannot start with "/". Its ARN has parts not known, which a policy may or may not match.
  if (TEMPLATED_LEVELS.test(value) && value.includes('${')) {
    const { partition, region, account } = place;
    return partition && region && account ? build(partition, region, account, value, `"${value}"`) : undefined;
  }
  if (!PARAMETER_NAME.test(value) || isAwsOwned(value) || /^(aws|ssm)/i.test(value)) return undefined;
  const { partition, region, account } = place;
  if (!partition || !region || !account) return undefined;
  const record = workspace.findParameter({ name: value, ...(scope !== undefined ? { scope } : {}) });
  return withRecord(build(partition, region, account, value, `"${value}"`), record);
}

/** A template reference to a parameter the file defines: its name (`Ref`, `.name`) or its ARN (`.arn`). */
function resolveReference(value: string, place: AwsContext, workspace: FactView, scope: string | undefined): ResolvedParameter | undefined {
  const record = workspace.findParameter({ alias: value, ...(scope !== undefined ? { scope } : {}) });
  const { partition, region, account } = place;
  if (!record || !partition || !region || !account) return undefined;
  if (record.name !== undefined) {
    if (isAwsOwned(record.name)) return undefined;
    // A plan knows the parameter's ARN: it is the resource, whatever the task's region.
    const arn = record.arn ? parseArn(record.arn) : undefined;
    if (record.arn && arn) return withRecord({ resource: nameParts(record.arn), alternatives: [], display: `"${record.name}"`, arn: record.arn, arnText: record.arn, partition: arn.partition, region: arn.region, account: arn.account }, record);
    return withRecord(build(partition, region, account, record.name, `"${record.name}"`), record);
  }
  const display = `"${value.slice(2, -1).replace(/\.(?:arn|name|id)$/, '')}"`;
  // A name not known: the parameter is known by the reference to its ARN, or (a name the template
  // leaves to CloudFormation, which is a simple name) by parameter/<reference>.
  const arnAlias = record.aliases.find((alias) => /\.arn\}$/.test(alias));
  if (arnAlias) return withRecord({ resource: nameParts(arnAlias), alternatives: [], display, arnText: arnAlias, partition, region, account }, record);
  if (record.generatedName) return withRecord(build(partition, region, account, value, display), record);
  return undefined;
}

/** An ARN as written, with references to the file's parameters (`parameter${DbParam}`) read as their names. */
function resolveArn(value: string, place: AwsContext, workspace: FactView, scope: string | undefined): ResolvedParameter | undefined {
  const arn = parseArn(value);
  if (!arn || arn.service !== 'ssm' || !/^parameter(?:\/|\$\{)/.test(arn.resource)) return undefined;
  const field = (known: string | undefined, written: string) => known ?? (REFERENCE.test(written) && isSymbol(written) ? written : undefined);
  const partition = field(partitionById(arn.partition) ? arn.partition : undefined, arn.partition);
  const region = field(knownRegion(arn), arn.region);
  const account = field(knownAccount(arn), arn.account);
  if (!partition || !region || !account) return undefined;
  let name = arn.resource.slice('parameter'.length);
  let record: ParameterRecord | undefined;
  if (name.includes('${')) {
    // parameter/${Param} (a simple name) or parameter${Param} (a name with levels): one reference, to a parameter the file defines.
    const reference = /^\/?(\$\{[^{}]+\})$/.exec(name)?.[1];
    record = reference ? workspace.findParameter({ alias: reference, ...(scope !== undefined ? { scope } : {}) }) : undefined;
    if (!record) return undefined;
    if (record.name !== undefined) {
      // The name as the ARN spells it: parameter/name, parameter/a/b.
      const levels = record.name.startsWith('/');
      if (levels !== !name.startsWith('/')) return undefined;
      name = levels ? record.name : `/${record.name}`;
    } else if (!record.generatedName || !name.startsWith('/')) return undefined;
  } else if (!/^(?:\/[A-Za-z0-9_.-]+)+$/.test(name)) return undefined;
  const bare = name.startsWith('/') && !name.slice(1).includes('/') ? name.slice(1) : name;
  if (isAwsOwned(name)) return undefined;
  // An ARN in the template's own account and region is shown by its name; another, as written.
  const ownPlace = [arn.partition, arn.region, arn.account].every((part) => isSymbol(part));
  const display = `"${record ? record.name ?? referenceName(arn.resource) : ownPlace ? bare : value}"`;
  const resolved = build(partition, region, account, bare, display);
  if (!record) {
    // A parameter the file defines, by this ARN or (in the task's account and region) by its name.
    const here = (region === place.region || region === '${AWS::Region}') && (account === place.account || account === '${AWS::AccountId}');
    record = workspace.findParameter({ arn: value }) ?? (here ? workspace.findParameter({ name: bare, ...(scope !== undefined ? { scope } : {}) }) : undefined);
  }
  return withRecord(resolved, record);
}

/** The parameter's ARN: `/a/b` → `parameter/a/b`, `name` → `parameter/name`. */
function build(partition: string, region: string, account: string, name: string, display: string): ResolvedParameter {
  const arn = `arn:${partition}:ssm:${region}:${account}:parameter${name.startsWith('/') ? name : `/${name}`}`;
  const resolved: ResolvedParameter = { resource: nameParts(arn), alternatives: [], display, arnText: arn, partition, region, account };
  if (!arn.includes('${')) resolved.arn = arn;
  return resolved;
}

function withRecord(resolved: ResolvedParameter, record: ParameterRecord | undefined): ResolvedParameter {
  if (!record) return resolved;
  resolved.record = record;
  const forms = [record.arn, ...record.aliases.filter((alias) => /\.arn\}$/.test(alias))];
  for (const form of forms) {
    if (form === undefined) continue;
    const parts = nameParts(form);
    if (![resolved.resource, ...resolved.alternatives].some((known) => sameParts(known, parts))) resolved.alternatives.push(parts);
  }
  return resolved;
}

function sameParts(a: readonly NamePart[], b: readonly NamePart[]): boolean {
  return a.length === b.length && a.every((part, index) => {
    const other = b[index];
    return typeof part === 'object' && typeof other === 'object' ? part.reference === other.reference : part === other;
  });
}

/** `DbParam` of `parameter/${DbParam}`. */
function referenceName(text: string): string {
  return /\$\{([^{}]+)\}/.exec(text)?.[1] ?? text;
}

/** AWS's own parameters: public ones (/aws/service/…) and references to Secrets Manager (/aws/reference/…). */
function isAwsOwned(name: string): boolean {
  return /^\/aws\//i.test(name);
}

/**
 * The role with its policies' references to the file's parameters written as what they stand for
 * (`${aws_ssm_parameter.db.arn}` → its ARN, `${DbParam}` → its name), where the name is known: a
 * statement about another parameter of the file then surely does not name this one.
 */
export function withParameterReferences<T extends { policies: NamedPolicy[] }>(role: T, place: AwsContext, workspace: FactView, scope: string | undefined): T {
  const { partition, region, account } = place;
  if (!partition || !region || !account) return role;
  const cache = new Map<string, string | undefined>();
  const meaning = (reference: string): string | undefined => {
    if (cache.has(reference)) return cache.get(reference);
    const record = workspace.findParameter({ alias: reference, ...(scope !== undefined ? { scope } : {}) });
    let value: string | undefined;
    if (record?.name !== undefined && /^[A-Za-z0-9_.\/-]+$/.test(record.name)) {
      const arn = record.arn ?? `arn:${partition}:ssm:${region}:${account}:parameter${record.name.startsWith('/') ? record.name : `/${record.name}`}`;
      value = /\.arn\}$/.test(reference) ? arn : record.name;
    }
    cache.set(reference, value);
    return value;
  };
  const rewrite = (pattern: string): string => (pattern.includes('${') ? pattern.replace(/\$\{[^{}]+\}/g, (reference) => meaning(reference) ?? reference) : pattern);
  const policies = rewriteResources(role.policies, rewrite);
  return policies.every((policy, index) => policy === role.policies[index]) ? role : { ...role, policies };
}
