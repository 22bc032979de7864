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
    scheme: {
      text: 'the image of container "{container}" starts with "{scheme}://"; remove the URL scheme',
      help: 'An image reference has no URL scheme: write "<registry>/<repository>:<tag>".',
    },
    whitespace: { text: 'the image of container "{container}" contains whitespace; an image reference has none' },
    'too-long': { text: 'the image of container "{container}" has {length} characters before any "@"; ECS allows at most 255' },
    'bad-digest': {
      text: 'the image of container "{container}" has the digest "{digest}"; use sha256: and 64 hexadecimal digits',
      help: 'ECS accepts only a sha256 digest: "sha256:" followed by 64 hexadecimal digits.',
    },
    'bad-tag': {
      text: 'the image of container "{container}" has the tag "{tag}", which is not a valid tag',
      help: 'A tag has up to 128 letters, digits, "_", "." and "-", and does not start with "." or "-".',
    },
    uppercase: {
      text: 'the image of container "{container}" has the repository "{repository}"; write it in lower case',
      help: 'Repository names must be lower case.',
    },
    'bad-repository': {
      text: 'the image of container "{container}" has the repository "{repository}", which is not a valid repository name',
      help: 'A repository name is lower-case letters and digits, separated by ".", "_", "__", "-" or "/".',
    },
    'bad-registry': { text: 'the image of container "{container}" has the registry "{registry}", which is not a valid host name[:port]' },
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
