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
  fixable: true,
  messages: {
    'name-only': {
      text: 'credentialsParameter of container "{container}" is the bare secret name "{name}"; use the secret\'s full ARN',
      help: 'A bare name works only through the API, CLI and SDKs, and only for a secret in the task\'s region; the console requires the full ARN.',
    },
    console: {
      text: 'credentialsParameter of container "{container}" is the bare secret name "{name}"; the console needs its full ARN',
      help: 'The task definition is registered through the console (--target console), which requires the secret\'s full ARN in credentialsParameter.',
    },
  },
  check({ task, settings, aws, workspace, report }) {
    for (const { reference, path, container } of registryCredentialReferences(task)) {
      if (reference.kind !== 'name') continue;
      const data = { container: container.label, name: clip(reference.name, 80) };
      // The run knows the secret by that name in the task's account and region: its complete ARN.
      const arn = aws.account && aws.region ? workspace.findSecret({ name: reference.name, account: aws.account, region: aws.region })?.arn : undefined;
      const fix = arn ? { fix: { op: 'replace' as const, path, from: reference.name, value: arn } } : {};
      if (settings.target === 'console') report({ messageId: 'console', path, data, severity: 'error', ...fix });
      else report({ messageId: 'name-only', path, data, ...fix });
    }
  },
});
