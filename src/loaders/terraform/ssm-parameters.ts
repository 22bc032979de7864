// Systems Manager parameters (aws_ssm_parameter): their names, types and the KMS key of a
// SecureString, for the execution role's permissions on them.

import { parameterRecord } from '../aws-resources';
import { literal, text, type ResourceReader } from './reader-context';
import { references } from './views';

export const readParameter: ResourceReader = (resource, reading) => {
  reading.content.recognized = true;
  const { view } = resource;
  // `arn` stands for the ARN; `name` and `id` for the name.
  const record = parameterRecord([...references(resource, ['arn']), ...references(resource, ['name', 'id'])], reading.origin, reading.scope);
  const nameArgument = view.attribute('name');
  const name = literal(nameArgument?.value);
  if (name !== undefined && !nameArgument?.loc.opaque) record.name = name;
  const arn = literal(view.attribute('arn')?.value);
  if (arn?.startsWith('arn:')) record.arn = arn;
  // Another provider configuration may put it in another region or account: its ARN is then not
  // the one its name gives in the task's region, and the parameter is left unknown.
  else if (view.attribute('provider') !== undefined) return;
  const type = literal(view.attribute('type')?.value);
  if (type !== undefined) record.type = type;
  if (type !== undefined && type !== 'SecureString') record.keyId = null;
  else if (type === 'SecureString') {
    // Without key_id, Parameter Store encrypts with the AWS managed key aws/ssm.
    const keyArgument = view.attribute('key_id');
    if (!keyArgument || keyArgument.value === null) record.keyId = null;
    else {
      const keyId = text(keyArgument.value);
      if (keyId !== undefined) record.keyId = isAwsManagedParameterKey(keyId) ? null : keyId;
    }
  }
  (reading.content.facts.parameters ??= []).push(record);
};

/** The AWS managed key of Parameter Store: its alias, or the alias's ARN (any text before it in a template). */
function isAwsManagedParameterKey(keyId: string): boolean {
  return /(^|:)alias\/aws\/ssm$/.test(keyId);
}
