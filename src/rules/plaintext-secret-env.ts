// plaintext-secret-env: a credential written as a literal environment variable is readable by
// anyone who can describe the task definition; ECS injects secrets from Secrets Manager or
// Parameter Store instead. Values that only reference a secret are not findings.

import { literalCredential } from '../model/credentials';
import { clip, containerEntries, isObject } from '../model/values';
import { defineRule } from './define-rule';

const FIX = 'move it to "secrets" with valueFrom naming a Secrets Manager secret or an SSM SecureString parameter';

export default defineRule({
  id: 'plaintext-secret-env',
  severity: 'error',
  description: 'Forbid credentials written as literal environment variables',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html',
  messages: {
    name: 'environment variable "{name}" of container "{container}" holds a credential as plain text, visible to anyone who can describe the task definition; ' + FIX,
    'access-key': 'environment variable "{name}" of container "{container}" holds an AWS access key id as plain text; use the task role instead of keys, or ' + FIX,
    'private-key': 'environment variable "{name}" of container "{container}" holds a private key as plain text; ' + FIX,
    'url-password': 'environment variable "{name}" of container "{container}" holds a URL with a password in it; ' + FIX,
    token: 'environment variable "{name}" of container "{container}" holds an access token as plain text; ' + FIX,
    'registry-auth':
      'environment variable "ECS_ENGINE_AUTH_DATA" of container "{container}" holds registry credentials as plain text; use repositoryCredentials with a Secrets Manager secret instead',
  },
  check({ task, report }) {
    for (const { container, path, label } of containerEntries(task)) {
      if (!Array.isArray(container.environment)) continue;
      container.environment.forEach((entry, index) => {
        if (!isObject(entry) || typeof entry.name !== 'string' || typeof entry.value !== 'string') return;
        const kind = literalCredential(entry.name, entry.value);
        if (!kind) return;
        // Point at the value without ever quoting it.
        // An access key id names IAM user credentials but is not their secret half: a warning.
        report({
          messageId: kind,
          path: [...path, 'environment', index, 'value'],
          data: { name: clip(entry.name, 80), container: label },
          ...(kind === 'access-key' ? { severity: 'warn' as const } : {}),
        });
      });
    }
  },
});
