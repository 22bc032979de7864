// ARN parsing: arn:partition:service:region:account-id:resource.

import { isPlaceholderField, isTemplated } from '../core/placeholders';
import { partitionById, partitionOfRegion } from './partitions';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/**
 * The fields of ARN-like text: what comes before each of its first five colons, and the rest (a
 * resource keeps colons of its own). A template reference is one piece of a field: the colons of
 * `${AWS::Partition}` separate nothing. Fewer than six fields when the text has fewer colons.
 */
export function arnFields(value: string): string[] {
  const fields: string[] = [];
  let from = 0;
  // After a "${" with no "}" behind it, no later one has one either: each is looked for once.
  let closes = true;
  for (let i = 0; i < value.length && fields.length < 5; i++) {
    const c = value.charCodeAt(i);
    if (closes && c === 0x24 /* $ */ && value.charCodeAt(i + 1) === 0x7b /* { */) {
      const close = value.indexOf('}', i + 2);
      if (close > 0) i = close;
      else closes = false;
    } else if (c === 0x3a /* : */) {
      fields.push(value.slice(from, i));
      from = i + 1;
    }
  }
  fields.push(value.slice(from));
  return fields;
}

/** Splits an ARN into its fields, or undefined when the value is not of the ARN form at all. */
export function parseArn(value: string): Arn | undefined {
  if (!value.startsWith('arn:')) return undefined;
  const fields = arnFields(value);
  if (fields.length < 6) return undefined;
  const [, partition, service, region, account, resource] = fields as [string, string, string, string, string, string];
  return { partition, service, region, account, resource };
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
