// execution-role-required: registry credentials and secrets are fetched with the task execution role.

import { containerEntries, hasFilledEntry, usesRegistryCredentials } from '../model/values';
import { isObject } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'execution-role-required',
  severity: 'error',
  description: 'Require an execution role when containers pull with registry credentials or use secrets',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  messages: {
    'registry-credentials':
      'container "{container}" uses repositoryCredentials but the task has no executionRoleArn; add the ARN of a task execution role that may read the secret',
    secrets:
      'container "{container}" uses {member} but the task has no executionRoleArn; add the ARN of a task execution role that may read them',
    misplaced:
      'container "{container}" uses {member}, but its "executionRoleArn" is inside the container definition, where it has no effect (the AWS CLI rejects it, SDKs and Terraform drop it); move executionRoleArn to the task level',
  },
  check({ task, unit, report }) {
    if (unit.partial) return;
    const role = task.executionRoleArn;
    if (typeof role === 'string' ? role.trim() !== '' : role !== undefined) return;
    for (const { container, path, label } of containerEntries(task)) {
      const uses: Array<{ member: string; memberPath: typeof path }> = [];
      if (usesRegistryCredentials(container)) {
        uses.push({ member: 'repositoryCredentials', memberPath: [...path, 'repositoryCredentials'] });
      }
      if (hasFilledEntry(container.secrets)) {
        uses.push({ member: 'secrets', memberPath: [...path, 'secrets'] });
      }
      const log = container.logConfiguration;
      if (isObject(log) && hasFilledEntry(log.secretOptions)) {
        uses.push({ member: 'logConfiguration.secretOptions', memberPath: [...path, 'logConfiguration', 'secretOptions'] });
      }
      const first = uses[0];
      if (!first) continue;
      if (typeof container.executionRoleArn === 'string') {
        report({ messageId: 'misplaced', path: [...path, 'executionRoleArn'], target: 'key', data: { container: label, member: first.member } });
      } else if (first.member === 'repositoryCredentials') {
        report({ messageId: 'registry-credentials', path: first.memberPath, target: 'key', data: { container: label } });
      } else {
        report({ messageId: 'secrets', path: first.memberPath, target: 'key', data: { container: label, member: first.member } });
      }
    }
  },
});
