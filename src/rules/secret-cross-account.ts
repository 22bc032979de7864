// secret-cross-account: a secret in another account than the task. The current ECS guide allows it
// only with the complete ARN, a resource policy on the secret that grants the execution role, and a
// customer managed KMS key (the AWS managed aws/secretsmanager key cannot be shared).

import { knownAccount } from '../aws/arn';
import { secretsManagerReferences } from '../model/secret-references';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'secret-cross-account',
  severity: 'warn',
  description: 'Flag secrets in another account than the task, naming what cross-account access needs',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  messages: {
    'cross-account':
      'the secret is in account {secretAccount}, not the task\'s account {taskAccount}; this works only if the secret\'s resource policy allows the execution role and the secret is encrypted with a customer managed KMS key that the role may use (aws/secretsmanager cannot be shared)',
    'partial-arn':
      'the secret is in account {secretAccount}, not the task\'s account {taskAccount}, and ECS needs the full ARN of a secret in another account; use the complete ARN with the six-character suffix ("{name}-xxxxxx"), and allow the execution role in the secret\'s resource policy and its KMS key',
  },
  check({ task, aws, report }) {
    if (!aws.account) return;
    for (const { reference, path } of secretsManagerReferences(task)) {
      if (reference.kind !== 'secret-arn') continue;
      const secretAccount = knownAccount(reference.arn);
      if (!secretAccount || secretAccount === aws.account) continue;
      const data = { secretAccount, taskAccount: aws.account };
      if (reference.suffix === undefined) {
        report({ messageId: 'partial-arn', path, data: { ...data, name: reference.name } });
      } else {
        report({ messageId: 'cross-account', path, data });
      }
    }
  },
});
