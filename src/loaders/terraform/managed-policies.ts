// Managed policies (aws_iam_policy), attached by aws_iam_role_policy_attachment or
// aws_iam_policy_attachment.

import { scopedKey } from '../../facts/records';
import { AWS_MANAGED_POLICIES } from '../../iam/managed-policies';
import type { Located } from '../hcl/located';
import { literal, type ModuleReading, type ResourceReader } from './reader-context';
import { references } from './views';

export const readManagedPolicy: ResourceReader = (resource, reading) => {
  const { content, scope } = reading;
  content.recognized = true;
  const { view } = resource;
  const policyName = literal(view.attribute('name')?.value) ?? resource.address;
  const keys = references(resource, ['arn', 'id']).map((key) => scopedKey(key, scope));
  // A plan or state knows the ARN of a policy that exists.
  const arn = literal(view.attribute('arn')?.value);
  if (arn?.startsWith('arn:')) keys.push(arn);
  const where = reading.reach([], keys);
  for (const key of keys) reading.reachByKey.set(key, where);
  const result = reading.policyArgument(view, 'policy', policyName, resource.address, 'identity', where);
  if (!result || !('policy' in result)) return;
  for (const key of keys) content.facts.managed.push({ arn: key, policy: result.policy });
};

/**
 * data "aws_iam_policy" looked up by the ARN of an AWS managed policy ecs-lint knows: its
 * references (`data.aws_iam_policy.x.arn`) name that policy. Looked up by name, it may be a
 * customer managed policy of the same name: not known.
 */
export const readManagedPolicyData: ResourceReader = (resource, reading) => {
  const arn = literal(resource.view.attribute('arn')?.value);
  const policy = arn ? AWS_MANAGED_POLICIES.get(arn) : undefined;
  if (!policy) return;
  reading.content.recognized = true;
  for (const key of references(resource, ['arn', 'id'])) reading.content.facts.managed.push({ arn: scopedKey(key, reading.scope), policy });
};

/** The key an attachment names a managed policy by: its ARN, or a reference in the module. */
function managedKey(reading: ModuleReading, value: unknown, at: Located | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return at?.opaque || value.startsWith('${') ? scopedKey(value, reading.scope) : value;
}

export const readRolePolicyAttachment: ResourceReader = (resource, reading) => {
  reading.content.recognized = true;
  const arn = resource.view.attribute('policy_arn');
  const key = managedKey(reading, arn?.value, arn?.loc);
  if (key) reading.linkRole(resource.view.attribute('role')?.value, { key });
};

export const readPolicyAttachment: ResourceReader = (resource, reading) => {
  reading.content.recognized = true;
  const arn = resource.view.attribute('policy_arn');
  const key = managedKey(reading, arn?.value, arn?.loc);
  const targets = resource.view.attribute('roles')?.value;
  if (key && Array.isArray(targets)) for (const target of targets) reading.linkRole(target, { key });
};
