// secret-cross-account: a secret in another account than the task. The current ECS guide allows it
// only with the full ARN, a resource policy on the secret that grants the execution role, and a
// customer managed KMS key (the AWS managed aws/secretsmanager key cannot be shared). Where the run
// knows the secret's key or resource policy, a condition known to fail is an error.

import { knownAccount } from '../aws/arn';
import { parseRoleReference } from '../aws/iam-role';
import { requestContext } from '../iam/conditions';
import { evaluate } from '../iam/evaluate';
import { resolveSecret } from './support/secret-resource';
import { secretsManagerReferences } from '../model/secret-references';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'secret-cross-account',
  severity: 'warn',
  description: 'Flag secrets in another account than the task, naming what cross-account access needs',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  messages: {
    'cross-account': {
      text: 'the secret is in account {secretAccount}, not the task\'s account {taskAccount}; share it with the execution role',
      help: 'This works only if the secret\'s resource policy allows the execution role and the secret is encrypted with a customer managed KMS key that the role may use; the AWS managed key aws/secretsmanager cannot be shared.',
    },
    'partial-arn': {
      text: 'the secret is in account {secretAccount}, not the task\'s account {taskAccount}; use its full ARN ("{name}-xxxxxx")',
      help: 'ECS needs the full ARN, with the six-character suffix, of a secret in another account. Also allow the execution role in the secret\'s resource policy and in the key policy of its KMS key.',
    },
    'default-key': {
      text: 'the secret in account {secretAccount} is encrypted with aws/secretsmanager, which account {taskAccount} cannot use',
      help: 'The AWS managed key aws/secretsmanager cannot be used from another account than the secret\'s. Re-encrypt the secret with a customer managed KMS key whose key policy allows the execution role.',
    },
    'not-granted': {
      text: 'the resource policy of the secret in account {secretAccount} (in {policy}) does not allow the execution role; add it',
      help: 'The task runs in account {taskAccount}, so the secret\'s resource policy must allow the execution role secretsmanager:GetSecretValue. Add a statement with the role (or account {taskAccount}) as Principal.',
    },
    'key-policy': {
      text: 'the secret is in account {secretAccount}, not the task\'s account {taskAccount}; its KMS key must let the role decrypt',
      help: 'Its resource policy allows the execution role, so the secret must also be encrypted with a customer managed KMS key whose key policy lets the role decrypt; the AWS managed key aws/secretsmanager cannot be shared.',
    },
  },
  check({ task, unit, aws, workspace, report }) {
    if (!aws.account) return;
    const role = typeof task.executionRoleArn === 'string' ? parseRoleReference(task.executionRoleArn) : undefined;
    const roleArn = role?.kind === 'arn' ? task.executionRoleArn as string : undefined;
    for (const { reference, path, value } of secretsManagerReferences(task)) {
      if (reference.kind !== 'secret-arn') continue;
      const secretAccount = knownAccount(reference.arn);
      if (!secretAccount || secretAccount === aws.account) continue;
      const data = { secretAccount, taskAccount: aws.account };
      const secret = resolveSecret(value, reference, aws, workspace, unit.scope);
      const record = secret?.record;
      if (record?.kmsKeyId === null) {
        report({ messageId: 'default-key', path, severity: 'error', data });
        continue;
      }
      if (secret && record?.resourcePolicy) {
        const decision = evaluate([record.resourcePolicy], {
          action: 'secretsmanager:GetSecretValue',
          resource: secret.resource,
          alternatives: secret.alternatives,
          context: requestContext({ 'aws:PrincipalAccount': aws.account, ...(roleArn ? { 'aws:PrincipalArn': roleArn } : {}) }),
          principal: { account: aws.account, ...(roleArn ? { arn: roleArn } : {}) },
        });
        if (decision.outcome === 'allowed') {
          report({ messageId: 'key-policy', path, data });
          continue;
        }
        if (decision.outcome === 'implicit-deny' || decision.outcome === 'denied') {
          const source = record.resourcePolicy.source;
          report({ messageId: 'not-granted', path, severity: 'error', data: { ...data, policy: source.file ?? source.name } });
          continue;
        }
      }
      if (reference.suffix === undefined) {
        report({ messageId: 'partial-arn', path, data: { ...data, name: reference.name } });
      } else {
        report({ messageId: 'cross-account', path, data });
      }
    }
  },
});
