// credentials-parameter-arn: repositoryCredentials.credentialsParameter must be the ARN of a
// Secrets Manager secret (a bare name is credentials-parameter-name-only's concern).

import { checkArnFields } from '../aws/arn';
import { partitionById } from '../aws/partitions';
import { registryCredentialReferences } from '../model/secret-references';
import { clip } from '../core/values';
import { defineRule } from './define-rule';

/** The length of a secret's ARN: 20–2048 characters (Secrets Manager API reference, the ARN of GetSecretValue's response). */
const MIN_LENGTH = 20;
const MAX_LENGTH = 2048;

export default defineRule({
  id: 'credentials-parameter-arn',
  severity: 'error',
  description: 'Require repositoryCredentials.credentialsParameter to be a complete Secrets Manager secret ARN',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  messages: {
    empty: {
      text: 'credentialsParameter of container "{container}" is empty; set it to the secret\'s ARN or remove repositoryCredentials',
      help: 'An empty credentialsParameter is what a CLI skeleton leaves. ECS pulls the image with the credentials in the Secrets Manager secret it names, which holds the registry\'s "username" and "password".',
    },
    'dynamic-reference': {
      text: 'credentialsParameter of container "{container}" is a "resolve:{service}" dynamic reference; use the secret\'s ARN',
      help: 'CloudFormation replaces a dynamic reference with the secret\'s value, which puts the registry password into the task definition. Name the secret by its ARN (for example with !Ref of the secret), and ECS reads it when it pulls the image.',
    },
    'ssm-parameter': {
      text: 'credentialsParameter of container "{container}" is a Systems Manager parameter ARN; use a Secrets Manager secret',
      help: 'Registry credentials must be a Secrets Manager secret; Systems Manager parameters work only in "secrets".',
    },
    'kms-key': {
      text: 'credentialsParameter of container "{container}" is a KMS key ARN; use the ARN of the Secrets Manager secret',
      help: 'The KMS key only encrypts the secret; ECS needs the ARN of the secret itself, which holds the registry credentials.',
    },
    'other-service': {
      text: 'credentialsParameter of container "{container}" is a "{service}" ARN; use the ARN of a Secrets Manager secret',
      help: 'Registry credentials are a Secrets Manager secret, named by an ARN of the form arn:…:secretsmanager:<region>:<account>:secret:<name>.',
    },
    malformed: {
      text: 'credentialsParameter of container "{container}" is not a valid ARN; write the secret\'s full ARN',
      help: 'A secret\'s ARN has the form arn:<partition>:secretsmanager:<region>:<account>:secret:<name>.',
    },
    'json-key': {
      text: 'credentialsParameter of container "{container}" selects ":{selector}" inside the secret; name the whole secret',
      help: 'Registry credentials do not support selecting a JSON key, version stage or version id. The secret itself must hold "username" and "password".',
    },
    length: { text: 'credentialsParameter of container "{container}" has {length} characters; the ARN must have 20–2048' },
    'unknown-partition': { text: 'credentialsParameter of container "{container}" has the partition "{partition}", which is not an AWS partition' },
    'bad-region': {
      text: 'credentialsParameter of container "{container}" has the malformed region "{region}"; a region looks like us-east-1',
      help: 'A region name is a geographic prefix, a direction and a number (us-east-1, eu-central-2, cn-north-1). A region that is well formed but new to ecs-lint is accepted.',
    },
    'region-partition': {
      text: 'credentialsParameter of container "{container}" has the region "{region}", which is in "{expected}", not "{partition}"',
      help: 'Every region belongs to one partition, and an ARN\'s partition must be its region\'s: the region "{region}" is in the partition "{expected}". Correct whichever of the two is wrong.',
    },
    'bad-account': { text: 'credentialsParameter of container "{container}" has the account "{account}"; an AWS account id is 12 digits' },
    'partition-mismatch': {
      text: 'credentialsParameter of container "{container}" is in the partition "{partition}", but the task runs in "{expected}"',
      help: 'A secret cannot be used across partitions: use a secret in the partition "{expected}".',
    },
    partial: {
      text: 'credentialsParameter of container "{container}" is a partial ARN; use the complete ARN ("{name}-xxxxxx")',
      help: 'Secrets Manager adds a hyphen and six random characters to the secret\'s name in its ARN. A partial ARN, without them, can match another secret, and IAM policy resources that name the secret match only the complete ARN.',
    },
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
