// execution-role-required: registry credentials and secrets are fetched with the task execution role;
// on AWS Fargate, Amazon ECR images are pulled and awslogs logs written with it too.

import { ecrRepositoryOf } from '../model/ecr-images';
import { awslogsOptions, executionRoleHosts } from '../model/launch';
import { containerEntries, hasFilledEntry, usesRegistryCredentials } from '../model/values';
import { isObject } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'execution-role-required',
  severity: 'error',
  description: 'Require an execution role when containers pull with registry credentials or use secrets, or pull from Amazon ECR or use awslogs on Fargate',
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
    'ecr-image': {
      text: 'container "{container}" pulls from Amazon ECR on Fargate but the task has no executionRoleArn; add a task execution role',
      help: 'On AWS Fargate the image is pulled with the task execution role, and there is no other role to pull with; ECS has refused to register such a task definition ("Fargate requires task definition to have execution role ARN to support ECR images"). Set executionRoleArn to a role that may pull the image, such as one with the AWS managed policy AmazonECSTaskExecutionRolePolicy.',
    },
    awslogs: {
      text: 'container "{container}" logs with awslogs on Fargate but the task has no executionRoleArn; add a task execution role',
      help: 'On AWS Fargate the awslogs driver writes to CloudWatch Logs with the task execution role, and there is no other role to write with; ECS has refused to register such a task definition ("Fargate requires task definition to have execution role ARN to support log driver awslogs"). Set executionRoleArn to a role that may write the logs, such as one with the AWS managed policy AmazonECSTaskExecutionRolePolicy.',
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
    // Fargate has no instance role: it pulls from ECR and writes awslogs logs with the execution
    // role or not at all. Elsewhere (external instances, Managed Instances) an instance role may.
    const fargate = role === undefined && executionRoleHosts(task)?.includes('FARGATE') === true;
    for (const { container, path, label } of containerEntries(task)) {
      const uses: Array<{ member: string; memberPath: typeof path; messageId?: string }> = [];
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
      if (fargate && typeof container.image === 'string' && ecrRepositoryOf(container.image)) {
        uses.push({ member: 'an Amazon ECR image', memberPath: [...path, 'image'], messageId: 'ecr-image' });
      }
      if (fargate && awslogsOptions(container)) {
        uses.push({ member: 'the awslogs log driver', memberPath: [...path, 'logConfiguration', 'logDriver'], messageId: 'awslogs' });
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
      } else if (first.messageId) {
        report({ messageId: first.messageId, path: first.memberPath, data: { container: label } });
      } else if (first.member === 'repositoryCredentials') {
        report({ messageId: 'registry-credentials', path: first.memberPath, target: 'key', data: { container: label } });
      } else {
        report({ messageId: 'secrets', path: first.memberPath, target: 'key', data: { container: label, member: first.member } });
      }
    }
  },
});
