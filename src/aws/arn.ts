// ARN parsing: arn:partition:service:region:account-id:resource.

import { isPlaceholderField, isTemplated } from '../model/placeholders';
import { partitionById, partitionOfRegion } from './partitions';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/**
 * Splits an ARN into its fields, or undefined when the value is not of the ARN form at all. A
 * template reference is one piece of a field: the colons of `${AWS::Partition}` separate nothing.
 */
export function parseArn(value: string): Arn | undefined {
  if (!value.startsWith('arn:')) return undefined;
  // The first five colons end the fields; the resource keeps any colons of its own.
  const ends: number[] = [];
  // After a "${" with no "}" behind it, no later one has one either: each is looked for once.
  let closes = true;
  for (let i = 4; i < value.length && ends.length < 4; i++) {
    const c = value.charCodeAt(i);
    if (closes && c === 0x24 /* $ */ && value.charCodeAt(i + 1) === 0x7b /* { */) {
      const close = value.indexOf('}', i + 2);
      if (close > 0) i = close;
      else closes = false;
    } else if (c === 0x3a /* : */) ends.push(i);
  }
  if (ends.length < 4) return undefined;
  const [partitionEnd, serviceEnd, regionEnd, accountEnd] = ends as [number, number, number, number];
  return {
    partition: value.slice(4, partitionEnd),
    service: value.slice(partitionEnd + 1, serviceEnd),
    region: value.slice(serviceEnd + 1, regionEnd),
    account: value.slice(regionEnd + 1, accountEnd),
    resource: value.slice(accountEnd + 1),
  };
}

/** A problem with the partition, region or account fields of an ARN, as a message id and data. */
export interface ArnFieldProblem {
  messageId: 'unknown-partition' | 'bad-region' | 'region-partition' | 'bad-account';
  data: Record<string, string>;
}

/**
 * Checks the fields every regional ARN shares. Placeholder fields (`ACCOUNT_ID`, `${region}`) are
 * unknown, not wrong. `regional: false` is for global services such as IAM, whose region is empty.
 */
export function checkArnFields(arn: Arn, regional: boolean): ArnFieldProblem | undefined {
  const partition = partitionById(arn.partition);
  if (!partition) {
    // An upper-case word (PARTITION) or a template is a placeholder; a lower-case one is a typo.
    if (isTemplated(arn.partition) || /^[A-Z_]+$/.test(arn.partition)) return undefined;
    return { messageId: 'unknown-partition', data: { partition: arn.partition } };
  }
  if (regional && !isPlaceholderField(arn.region)) {
    const regionPartition = partitionOfRegion(arn.region);
    if (!regionPartition) return { messageId: 'bad-region', data: { region: arn.region } };
    if (regionPartition.id !== partition.id) {
      return {
        messageId: 'region-partition',
        data: { region: arn.region, partition: arn.partition, expected: regionPartition.id },
      };
    }
  }
  if (!/^\d{12}$/.test(arn.account) && !isPlaceholderField(arn.account)) {
    return { messageId: 'bad-account', data: { account: arn.account } };
  }
  return undefined;
}

/** The account of an ARN when it is a real 12-digit account id. */
export function knownAccount(arn: Arn): string | undefined {
  return /^\d{12}$/.test(arn.account) ? arn.account : undefined;
}

/** The region of an ARN when it is a real region name. */
export function knownRegion(arn: Arn): string | undefined {
  return partitionOfRegion(arn.region) ? arn.region : undefined;
}
