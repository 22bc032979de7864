// credentials-parameter-name-only: a bare secret name works only through the API, CLI and SDKs and
// only for a secret in the task's own region; the console needs the full ARN.

import { registryCredentialReferences } from '../model/secret-references';
import { clip } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'credentials-parameter-name-only',
  severity: 'warn',
  description: 'Prefer the full secret ARN to a bare secret name in credentialsParameter',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RepositoryCredentials.html',
  messages: {
    'name-only':
      'credentialsParameter of container "{container}" is the bare secret name "{name}", which works only through the API, CLI and SDKs and only for a secret in the task\'s region; use the secret\'s full ARN',
    console:
      'credentialsParameter of container "{container}" is the bare secret name "{name}", but the console requires the secret\'s full ARN (--target console)',
  },
  check({ task, settings, report }) {
    for (const { reference, path, container } of registryCredentialReferences(task)) {
      if (reference.kind !== 'name') continue;
      const data = { container: container.label, name: clip(reference.name, 80) };
      if (settings.target === 'console') report({ messageId: 'console', path, data, severity: 'error' });
      else report({ messageId: 'name-only', path, data });
    }
  },
});
