// secret-cross-region: a secret in another region than the task works only through its full ARN,
// and the task then depends on a second region being available.

import { knownRegion } from '../aws/arn';
import { secretsManagerReferences } from '../model/secret-references';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'secret-cross-region',
  severity: 'warn',
  description: 'Flag secrets in another region than the task',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  messages: {
    'cross-region': {
      text: 'the secret is in region {secretRegion}, but the task runs in {taskRegion}; consider replicating it to {taskRegion}',
      help: 'This works with the secret\'s full ARN, but tasks then fail to start when {secretRegion} is unreachable.',
    },
  },
  check({ task, aws, report }) {
    if (!aws.region) return;
    for (const { reference, path } of secretsManagerReferences(task)) {
      if (reference.kind !== 'secret-arn') continue;
      const secretRegion = knownRegion(reference.arn);
      if (!secretRegion || secretRegion === aws.region) continue;
      report({ messageId: 'cross-region', path, data: { secretRegion, taskRegion: aws.region } });
    }
  },
});
