// The ARN of the secret a reference names, as IAM sees it: complete when known, otherwise with
// six unknown characters where Secrets Manager's random suffix stands.

import { knownAccount, knownRegion } from '../../aws/arn';
import { partitionById } from '../../aws/partitions';
import type { SecretReference } from '../../aws/secret-reference';
import type { TaskDefinitionUnit } from '../../loaders/document';
import type { AwsContext } from '../../core/types';
import type { SecretRecord } from '../../facts/records';
import { type FactView } from '../../facts/view';
import { nameParts, SYMBOLS, type NamePart, type SymbolValues } from '../../iam/wildcard';

export interface ResolvedSecret {
  /** The secret's ARN as matchable parts. */
  resource: NamePart[];
  /** Other names of the same secret: a template reference and the ARN it stands for. */
  alternatives: NamePart[][];
  /** The ARN for messages, with "??????" for an unknown suffix. */
  display: string;
  /** The ARN when it is complete. */
  arn?: string;
  name: string;
  partition?: string;
  region?: string;
  account?: string;
  record?: SecretRecord;
}

const SUFFIX_LENGTH = 6;

/**
 * Where a task runs, for the ARNs of what it names: its account, region and partition where known,
 * and for a template's task the template's symbols (${AWS::Region}) where not: a bare secret name
 * in a template is in the stack's region, whichever that is.
 */
export function taskPlace(aws: AwsContext, unit: Pick<TaskDefinitionUnit, 'symbolic'>): AwsContext {
  if (!unit.symbolic) return aws;
  return { partition: aws.partition ?? SYMBOLS.partition, region: aws.region ?? SYMBOLS.region, account: aws.account ?? SYMBOLS.account };
}

/** The symbols' values where the task's account, region and partition are known. */
export function symbolValues(aws: AwsContext): SymbolValues {
  const values = new Map<string, string>();
  if (aws.partition && !aws.partition.includes('${')) {
    values.set(SYMBOLS.partition, aws.partition);
    const suffix = partitionById(aws.partition)?.dnsSuffix;
    if (suffix) values.set(SYMBOLS.urlSuffix, suffix);
  }
  if (aws.region && !aws.region.includes('${')) values.set(SYMBOLS.region, aws.region);
  if (aws.account && !aws.account.includes('${')) values.set(SYMBOLS.account, aws.account);
  return values;
}

/**
 * Resolves a Secrets Manager reference (complete or partial ARN, or a bare name in the task's
 * account and region) to the ARN IAM evaluates; undefined when a part of it is not known.
 */
export function resolveSecret(value: string, reference: SecretReference, aws: AwsContext, workspace: FactView, scope?: string): ResolvedSecret | undefined {
  if (reference.kind === 'templated') return resolveTemplateSecret(value, aws, workspace, scope);
  let partition: string | undefined;
  let region: string | undefined;
  let account: string | undefined;
  let name: string;
  let suffix: string | undefined;
  if (reference.kind === 'secret-arn') {
    // A template reference (${AWS::Region}) is as good as a value: the template's policies use it too.
    const reference_ = (field: string) => (/^\$\{[^{}]+\}$/.test(field) ? field : undefined);
    partition = partitionById(reference.arn.partition) ? reference.arn.partition : reference_(reference.arn.partition);
    region = knownRegion(reference.arn) ?? reference_(reference.arn.region);
    account = knownAccount(reference.arn) ?? reference_(reference.arn.account);
    name = reference.name;
    suffix = reference.suffix;
  } else if (reference.kind === 'name') {
    ({ partition, region, account } = aws);
    name = reference.name;
  } else {
    return undefined;
  }
  if (!partition || !region || !account) return undefined;
  const base = `arn:${partition}:secretsmanager:${region}:${account}:secret:${name}`;
  const record = workspace.findSecret({ ...(suffix ? { arn: `${base}-${suffix}` } : {}), name, account, region });
  const resolved: ResolvedSecret = { resource: [], alternatives: [], display: '', name, partition, region, account };
  if (record) resolved.record = record;
  const completeArn = suffix ? `${base}-${suffix}` : record?.arn;
  if (completeArn) {
    resolved.arn = completeArn;
    resolved.resource = nameParts(completeArn);
    resolved.display = completeArn;
  } else {
    resolved.resource = nameParts(`${base}-`, SUFFIX_LENGTH);
    resolved.display = `${base}-${'?'.repeat(SUFFIX_LENGTH)}`;
  }
  return resolved;
}

/**
 * A secret named by a template reference (`${RegistrySecret}`, `${aws_secretsmanager_secret.x.arn}`)
 * that the file defines: known by that reference, and by its ARN when its name is known, in the
 * task's account and region (values, or the template's symbols: it is the template's own secret).
 */
function resolveTemplateSecret(value: string, aws: AwsContext, workspace: FactView, scope?: string): ResolvedSecret | undefined {
  const record = workspace.findSecret({ alias: value, ...(scope !== undefined ? { scope } : {}) });
  if (!record) return undefined;
  const resolved: ResolvedSecret = {
    resource: nameParts(value),
    alternatives: [],
    display: record.name ? `the secret "${record.name}"` : value,
    name: record.name ?? value,
    record,
  };
  if (aws.partition) resolved.partition = aws.partition;
  if (aws.region) resolved.region = aws.region;
  if (aws.account) resolved.account = aws.account;
  for (const alias of record.aliases ?? []) if (alias !== value) resolved.alternatives.push(nameParts(alias));
  if (record.arn) resolved.alternatives.push(nameParts(record.arn));
  else if (record.name && aws.partition && aws.region && aws.account) {
    resolved.alternatives.push(nameParts(`arn:${aws.partition}:secretsmanager:${aws.region}:${aws.account}:secret:${record.name}-`, SUFFIX_LENGTH));
  }
  return resolved;
}
