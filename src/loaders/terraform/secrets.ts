// Secrets Manager secrets, their names (secret-name), the keys of what they hold (a secret version,
// RDS's managed master user secret) and their resource policies.

import type { SecretUnit } from '../document';
import { isObject } from '../../core/values';
import { isAwsManagedSecretsKey, knownTags, masterUserSecret, secretRecord } from '../aws-resources';
import { jsonArgument } from './arguments';
import { literal, text, type ResourceReader } from './reader-context';
import { references } from './views';

export const readSecret: ResourceReader = (resource, reading) => {
  const { content } = reading;
  content.recognized = true;
  const { view } = resource;
  const nameArgument = view.attribute('name');
  const name = text(nameArgument?.value);
  const record = secretRecord(references(resource, ['arn', 'id']), reading.origin, reading.scope);
  const secretArn = literal(view.attribute('arn')?.value);
  if (secretArn?.startsWith('arn:')) record.arn = secretArn;
  if (name !== undefined && !nameArgument?.loc.opaque) record.name = name;
  const kms = view.attribute('kms_key_id');
  if (!kms || kms.value === null) record.kmsKeyId = null;
  else if (typeof kms.value === 'string') record.kmsKeyId = isAwsManagedSecretsKey(kms.value, 'template') ? null : kms.value;
  const result = reading.policyArgument(view, 'policy', `resource policy of ${resource.address}`, resource.address, 'resource');
  if (result && 'policy' in result) record.resourcePolicy = result.policy;
  const tags = view.attribute('tags')?.value;
  if (isObject(tags)) {
    const known = knownTags(Object.entries(tags));
    if (known) record.tags = known;
  }
  content.facts.secrets.push(record);
  if (nameArgument) {
    const prefix = reading.register(nameArgument.loc);
    const secret: SecretUnit = { namePath: prefix, label: resource.address };
    if (name !== undefined && !name.includes('${')) (secret as { name?: string }).name = name;
    content.secrets.push(secret);
  }
};

// What a secret holds: the keys of a JSON secret string (for valueFrom's ":key::").
export const readSecretVersion: ResourceReader = (resource, reading) => {
  const target = text(resource.view.attribute('secret_id')?.value);
  const document = jsonArgument(resource.view.attribute('secret_string'));
  const secret = target === undefined ? undefined : reading.secretOf(target);
  if (secret && document.kind === 'value' && isObject(document.value)) secret.jsonKeys = Object.keys(document.value);
};

// RDS keeps a managed master user password in a secret of its own: {"username", "password"},
// encrypted with master_user_secret_kms_key_id or else the AWS managed key aws/secretsmanager.
export const readMasterUserSecret: ResourceReader = (resource, reading) => {
  if (resource.view.attribute('manage_master_user_password')?.value !== true) return;
  reading.content.recognized = true;
  const kms = text(resource.view.attribute('master_user_secret_kms_key_id')?.value);
  reading.content.facts.secrets.push(masterUserSecret(references(resource, ['master_user_secret[0].secret_arn']), kms ?? null, reading.origin, reading.scope));
};

export const readSecretPolicy: ResourceReader = (resource, reading) => {
  reading.content.recognized = true;
  const given = reading.targetedPolicy(resource, 'secret_arn', `resource policy of ${resource.address}`);
  if (given) reading.linkSecretPolicy(given.target, given.policy);
};
