// image-reference: every container needs an image reference that Docker and ECS accept.

import { parseImageReference } from '../aws/image';
import { containsPlaceholderWord, isTemplated } from '../core/placeholders';
import { containerEntries } from '../model/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'image-reference',
  severity: 'error',
  description: 'Require a valid container image reference',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html',
  messages: {
    scheme: 'the image of container "{container}" starts with "{scheme}://"; an image reference has no URL scheme: write "<registry>/<repository>:<tag>"',
    whitespace: 'the image of container "{container}" contains whitespace; an image reference has none',
    'too-long':
      'the image of container "{container}" has {length} characters before any "@"; ECS allows at most 255',
    'bad-digest':
      'the image of container "{container}" has the digest "{digest}"; ECS accepts only sha256: followed by 64 hexadecimal digits',
    'bad-tag': 'the image of container "{container}" has the tag "{tag}"; a tag has up to 128 letters, digits, "_", "." and "-", and does not start with "." or "-"',
    uppercase: 'the image of container "{container}" has the repository "{repository}" with upper-case letters; repository names must be lower case',
    'bad-repository':
      'the image of container "{container}" has the repository "{repository}", which is not a valid repository name (lower-case letters and digits separated by ".", "_", "__", "-" or "/")',
    'bad-registry': 'the image of container "{container}" has the registry "{registry}", which is not a valid host name[:port]',
  },
  check({ task, report }) {
    for (const { container, path, label } of containerEntries(task)) {
      const image = container.image;
      // A missing or empty image is how task definitions kept for amazon-ecs-render-task-definition
      // and similar deploy steps leave it to be filled in: unknown, not wrong.
      if (typeof image !== 'string' || image === '' || isTemplated(image)) continue;
      const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(image);
      if (scheme) {
        report({ messageId: 'scheme', path: [...path, 'image'], data: { container: label, scheme: scheme[1]! } });
        continue;
      }
      const { problem } = parseImageReference(image);
      if (!problem || containsPlaceholderWord(image)) continue;
      report({ messageId: problem.messageId, path: [...path, 'image'], data: { container: label, ...('data' in problem ? problem.data : {}) } });
    }
  },
});
