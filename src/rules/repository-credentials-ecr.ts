// repository-credentials-ecr: private registry authentication does not apply to Amazon ECR images,
// which ECS pulls with the task execution role.

import { ecrRegistry } from '../aws/image';
import { containerEntries, usesRegistryCredentials } from '../model/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'repository-credentials-ecr',
  severity: 'error',
  description: 'Flag repositoryCredentials on Amazon ECR images, where they do not apply',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  fixable: true,
  messages: {
    ecr: {
      text: 'container "{container}" pulls from Amazon ECR ({registry}), which takes no repositoryCredentials; remove them',
      help: 'ECS answers "Private repository credentials are not a supported authentication method for ECR repositories". ECR images are pulled with the task execution role on Fargate and the container instance role on EC2.',
    },
  },
  check({ task, report }) {
    for (const { container, path, label } of containerEntries(task)) {
      if (!usesRegistryCredentials(container) || typeof container.image !== 'string') continue;
      const registry = ecrRegistry(container.image);
      // ECS pulls from Amazon ECR with the execution role: the block has nothing to do, and goes.
      if (registry) report({ messageId: 'ecr', path: [...path, 'repositoryCredentials'], target: 'key', data: { container: label, registry }, fix: { op: 'remove', path: [...path, 'repositoryCredentials'] } });
    }
  },
});
