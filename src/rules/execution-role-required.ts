// execution-role-required: registry credentials and secrets are fetched with the task execution role.

import { containerEntries, hasFilledEntry, usesRegistryCredentials } from '../model/values';
import { isObject } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'execution-role-required',
  severity: 'error',
  description: 'Require an execution role when containers pull with registry credentials or use secrets',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  fixable: true,
  messages: {
    'registry-credentials': {
      text: 'container "{container}" uses repositoryCredentials but the task has no executionRoleArn; add a task execution role',
      help: 'ECS reads the registry credentials secret with the task execution role: set executionRoleArn to the ARN of a role that may read the secret.',
    },
    secrets: {
      text: 'container "{container}" uses {member} but the task has no executionRoleArn; add a task execution role',
      help: 'ECS fetches the secrets of {member} with the task execution role: set executionRoleArn to the ARN of a role that may read them.',
    },
    'empty-secrets': {
      text: 'container "{container}" has an empty secrets list and the task has no executionRoleArn; remove the empty list',
      help: 'RegisterTaskDefinition has answered a container with "secrets": [] and no executionRoleArn with a ClientException, "When you are specifying container secrets, you must also specify a value for \'executionRoleArn\'". Tools that drop empty values before registering (the ECS deploy action) register such a container as one without secrets; the AWS CLI and SDKs send the empty list as written.',
    },
    misplaced: {
      text: 'container "{container}" uses {member}, but its "executionRoleArn" is inside the container; move it to the task level',
      help: 'executionRoleArn is a member of the task definition; inside a container definition it has no effect (the AWS CLI rejects it, SDKs and Terraform drop it).',
    },
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
      if (!first) {
        // Evidence that ECS refuses an empty list exists for secrets only (see the rule's page). An
        // executionRoleArn left empty is a value a pipeline may still fill: unknown.
        const noRole = task.executionRoleArn === undefined && container.executionRoleArn === undefined;
        if (noRole && Array.isArray(container.secrets) && container.secrets.length === 0) {
          report({ messageId: 'empty-secrets', path: [...path, 'secrets'], severity: 'warn', data: { container: label } });
        }
        continue;
      }
      if (typeof container.executionRoleArn === 'string') {
        // Set on the task, where ECS reads it (from one container only: two could disagree); the
        // schema rule's fix then removes it from the container.
        const misplaced = containerEntries(task).filter((entry) => typeof entry.container.executionRoleArn === 'string');
        const fix = misplaced.length === 1 ? { fix: { op: 'insert' as const, path: [], key: 'executionRoleArn', value: container.executionRoleArn, position: 'first' as const } } : {};
        report({ messageId: 'misplaced', path: [...path, 'executionRoleArn'], target: 'key', data: { container: label, member: first.member }, ...fix });
      } else if (first.member === 'repositoryCredentials') {
        report({ messageId: 'registry-credentials', path: first.memberPath, target: 'key', data: { container: label } });
      } else {
        report({ messageId: 'secrets', path: first.memberPath, target: 'key', data: { container: label, member: first.member } });
      }
    }
  },
});
