// credentials-parameter-arn: repositoryCredentials.credentialsParameter must be the ARN of a
// Secrets Manager secret (a bare name is credentials-parameter-name-only's concern).

import { checkArnFields } from '../aws/arn';
import { partitionById } from '../aws/partitions';
import { registryCredentialReferences } from '../model/secret-references';
import { clip } from '../core/values';
import { defineRule } from './define-rule';

/** Length limits the ECS developer guide gives for the secret ARN of registry credentials (20–2048). */
const MIN_LENGTH = 20;
const MAX_LENGTH = 2048;

export default defineRule({
  id: 'credentials-parameter-arn',
  severity: 'error',
  description: 'Require repositoryCredentials.credentialsParameter to be a complete Secrets Manager secret ARN',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  messages: {
    empty:
      'credentialsParameter of container "{container}" is empty, as a CLI skeleton leaves it; set it to the ARN of the Secrets Manager secret that holds the registry username and password, or remove repositoryCredentials',
    'dynamic-reference':
      'credentialsParameter of container "{container}" is a {{resolve:{service}:…}} dynamic reference, which puts the secret\'s value into the task definition; use the secret\'s ARN (e.g. !Ref of the secret)',
    'ssm-parameter':
      'credentialsParameter of container "{container}" is a Systems Manager parameter ARN; registry credentials must be a Secrets Manager secret (parameters work only in "secrets")',
    'kms-key':
      'credentialsParameter of container "{container}" is a KMS key ARN; use the ARN of the Secrets Manager secret (the key only encrypts it)',
    'other-service':
      'credentialsParameter of container "{container}" is an ARN of the "{service}" service; use the ARN of a Secrets Manager secret (arn:…:secretsmanager:<region>:<account>:secret:<name>)',
    malformed:
      'credentialsParameter of container "{container}" is not a valid ARN; expected arn:<partition>:secretsmanager:<region>:<account>:secret:<name>',
    'json-key':
      'credentialsParameter of container "{container}" selects ":{selector}" inside the secret, which registry credentials do not support; name the whole secret, which must hold "username" and "password"',
    length: 'credentialsParameter of container "{container}" has {length} characters; the ARN must have 20–2048',
    'unknown-partition': 'credentialsParameter of container "{container}" has the partition "{partition}", which is not an AWS partition',
    'bad-region': 'credentialsParameter of container "{container}" has the region "{region}", which is not an AWS region',
    'region-partition':
      'credentialsParameter of container "{container}" has the region "{region}", which belongs to the partition "{expected}", not "{partition}"',
    'bad-account': 'credentialsParameter of container "{container}" has the account "{account}"; an AWS account id is 12 digits',
    'partition-mismatch':
      'credentialsParameter of container "{container}" is in the partition "{partition}", but the task runs in "{expected}"; a secret cannot be used across partitions',
    partial:
      'credentialsParameter of container "{container}" is a partial ARN, without the six-character suffix Secrets Manager adds ("{name}-xxxxxx"); use the complete ARN: a partial one can match another secret, and IAM policy resources that name the secret match only the complete ARN',
  },
  check({ task, aws, report }) {
    for (const { reference, path, value, container } of registryCredentialReferences(task)) {
      const data = { container: container.label };
      switch (reference.kind) {
        case 'empty':
          // Tools that drop empty values (the ECS deploy action) register it as no credentials at all.
          report({ messageId: 'empty', path, data, severity: 'warn' });
          break;
        case 'dynamic-reference':
          report({ messageId: 'dynamic-reference', path, data: { ...data, service: reference.service } });
          break;
        case 'malformed-arn':
          report({ messageId: 'malformed', path, data });
          break;
        case 'other-arn': {
          const { arn } = reference;
          if (arn.service === 'ssm') report({ messageId: 'ssm-parameter', path, data });
          else if (arn.service === 'kms') report({ messageId: 'kms-key', path, data });
          else if (arn.service === 'secretsmanager') report({ messageId: 'malformed', path, data });
          else report({ messageId: 'other-service', path, data: { ...data, service: clip(arn.service, 40) } });
          break;
        }
        case 'secret-arn': {
          const fieldProblem = checkArnFields(reference.arn, true);
          if (fieldProblem) {
            const fields = { ...fieldProblem.data };
            if (fields.region === '') fields.region = '(empty)';
            report({ messageId: fieldProblem.messageId, path, data: { ...data, ...fields } });
          } else if (reference.name === '') {
            report({ messageId: 'malformed', path, data });
          } else if (reference.selector !== undefined) {
            report({ messageId: 'json-key', path, data: { ...data, selector: clip(reference.selector, 60) } });
          } else if (value.length < MIN_LENGTH || value.length > MAX_LENGTH) {
            report({ messageId: 'length', path, data: { ...data, length: value.length } });
          } else if (
            aws.partition &&
            partitionById(reference.arn.partition) &&
            reference.arn.partition !== aws.partition
          ) {
            report({ messageId: 'partition-mismatch', path, data: { ...data, partition: reference.arn.partition, expected: aws.partition } });
          } else if (reference.suffix === undefined) {
            report({ messageId: 'partial', path, severity: 'warn', data: { ...data, name: clip(reference.name, 80) } });
          }
          break;
        }
        default:
          break;
      }
    }
  },
});
