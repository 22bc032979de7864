// KMS keys (aws_kms_key), their policies (the key's own argument or aws_kms_key_policy) and aliases.

import { keyRecord } from '../aws-resources';
import { literal, text, type ResourceReader } from './reader-context';
import { references } from './views';

export const readKey: ResourceReader = (resource, reading) => {
  reading.content.recognized = true;
  const key = keyRecord(references(resource, ['arn', 'key_id', 'id']), reading.scope);
  const keyArn = literal(resource.view.attribute('arn')?.value);
  if (keyArn?.startsWith('arn:')) key.arn = keyArn;
  const result = reading.policyArgument(resource.view, 'policy', `key policy of ${resource.address}`, resource.address, 'resource');
  if (result && 'policy' in result) key.keyPolicy = result.policy;
  reading.content.facts.keys.push(key);
};

export const readKeyPolicy: ResourceReader = (resource, reading) => {
  reading.content.recognized = true;
  const given = reading.targetedPolicy(resource, 'key_id', `key policy of ${resource.address}`);
  if (given) reading.linkKey(given.target, { policy: given.policy });
};

/**
 * aws_kms_grant: a grant that may let its grantee decrypt (operations with Decrypt, or not known)
 * makes the grantee's use of the key a matter of the grant, not of the key policy.
 */
export const readKeyGrant: ResourceReader = (resource, reading) => {
  reading.content.recognized = true;
  const target = text(resource.view.attribute('key_id')?.value);
  const grantee = text(resource.view.attribute('grantee_principal')?.value);
  const operations = resource.view.attribute('operations')?.value;
  const decrypts = !Array.isArray(operations) || operations.some((operation) => typeof operation !== 'string' || operation === 'Decrypt' || operation.includes('${'));
  if (target && decrypts) reading.linkKey(target, { grantee: grantee ?? '*' });
};

export const readKeyAlias: ResourceReader = (resource, reading) => {
  const aliasName = literal(resource.view.attribute('name')?.value);
  const target = text(resource.view.attribute('target_key_id')?.value);
  if (aliasName && target) reading.linkKey(target, { alias: aliasName });
};
