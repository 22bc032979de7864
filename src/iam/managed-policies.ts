// AWS managed policies commonly attached to task execution roles (data: managed-policies.json),
// by ARN in any partition.

import data from './managed-policies.json';
import { parsePolicyDocument, type NamedPolicy } from './policy';

interface ManagedPolicyData {
  name: string;
  arn: string;
  version: string;
  /** The reference's "Edited time" of the default version (UTC); absent where the page was not read. */
  versionDate?: string;
  source: string;
  document: unknown;
}

const BY_ARN = new Map<string, NamedPolicy>();
for (const policy of (data as { policies: ManagedPolicyData[] }).policies) {
  BY_ARN.set(policy.arn, { source: { name: policy.name, arn: policy.arn }, document: parsePolicyDocument(policy.document) });
}

/** The same managed policy exists in every partition: arn:aws-cn:iam::aws:policy/… is arn:aws:…'s twin. */
function canonical(arn: string): string {
  return arn.replace(/^arn:aws[a-z-]*:iam::aws:policy\//, 'arn:aws:iam::aws:policy/');
}

export const AWS_MANAGED_POLICIES = {
  get(arn: string): NamedPolicy | undefined {
    return BY_ARN.get(canonical(arn));
  },
  has(arn: string): boolean {
    return BY_ARN.has(canonical(arn));
  },
};

export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}
