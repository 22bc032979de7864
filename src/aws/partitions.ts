// AWS partitions: their region patterns and DNS suffixes.
// Source: botocore data/partitions.json (botocore 1.43.11), checked 2026-11-28.

export interface Partition {
  id: string;
  regionPattern: RegExp;
  dnsSuffix: string;
  regions: readonly string[];
}

export const PARTITIONS: readonly Partition[] = [
  {
    id: 'aws',
    regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    dnsSuffix: 'amazonaws.com',
    regions: [
      'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
      'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
      'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1',
      'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
      'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2',
      'us-west-1', 'us-west-2',
    ],
  },
  { id: 'aws-cn', regionPattern: /^cn-\w+-\d+$/, dnsSuffix: 'amazonaws.com.cn', regions: ['cn-north-1', 'cn-northwest-1'] },
  { id: 'aws-us-gov', regionPattern: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com', regions: ['us-gov-east-1', 'us-gov-west-1'] },
  { id: 'aws-iso', regionPattern: /^us-iso-\w+-\d+$/, dnsSuffix: 'c2s.ic.gov', regions: ['us-iso-east-1', 'us-iso-west-1'] },
  { id: 'aws-iso-b', regionPattern: /^us-isob-\w+-\d+$/, dnsSuffix: 'sc2s.sgov.gov', regions: ['us-isob-east-1', 'us-isob-west-1'] },
  { id: 'aws-iso-e', regionPattern: /^eu-isoe-\w+-\d+$/, dnsSuffix: 'cloud.adc-e.uk', regions: ['eu-isoe-west-1'] },
  { id: 'aws-iso-f', regionPattern: /^us-isof-\w+-\d+$/, dnsSuffix: 'csp.hci.ic.gov', regions: ['us-isof-east-1', 'us-isof-south-1'] },
  { id: 'aws-eusc', regionPattern: /^eusc-(de)-\w+-\d+$/, dnsSuffix: 'amazonaws.eu', regions: ['eusc-de-east-1'] },
];

const BY_ID = new Map(PARTITIONS.map((partition) => [partition.id, partition]));

export function partitionById(id: string): Partition | undefined {
  return BY_ID.get(id);
}

/** Every AWS region name ends in a compass direction and a number: us-east-1, il-central-1. */
const REGION_DIRECTION = /-(?:east|west|north|south|central|northeast|northwest|southeast|southwest)-\d+$/;

/**
 * The partition a region belongs to, by its name pattern: regions newer than this list match
 * too, while a misspelt direction (us-easst-1) does not.
 */
export function partitionOfRegion(region: string): Partition | undefined {
  if (!REGION_DIRECTION.test(region)) return undefined;
  // aws's pattern is the widest of those starting with "us-": test the narrower ones first.
  for (let i = PARTITIONS.length - 1; i >= 0; i--) {
    const partition = PARTITIONS[i]!;
    if (partition.regionPattern.test(region)) return partition;
  }
  return undefined;
}

export const PARTITION_IDS = PARTITIONS.map((partition) => partition.id);
