// plaintext-secret-env: a credential written as a literal environment variable is readable by
// anyone who can describe the task definition; ECS injects secrets from Secrets Manager or
// Parameter Store instead. Values that only reference a secret are not findings.

import { credentialReference, credentialWord, DYNAMIC_REFERENCE, literalCredential } from '../model/credentials';
import { containerEntries } from '../model/values';
import { clip, isObject } from '../core/values';
import { defineRule } from './define-rule';

const FIX = 'move it to "secrets" with valueFrom naming a Secrets Manager secret or an SSM SecureString parameter';

export default defineRule({
  id: 'plaintext-secret-env',
  severity: 'error',
  description: 'Forbid credentials written as literal environment variables',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html',
  messages: {
    name: 'environment variable "{name}" of container "{container}" holds a credential (its name has "{word}") as plain text, visible to anyone who can describe the task definition; ' + FIX,
    'access-key': 'environment variable "{name}" of container "{container}" holds an AWS access key id (its value starts with "{prefix}") as plain text; use the task role instead of keys, or ' + FIX,
    'private-key': 'environment variable "{name}" of container "{container}" holds a private key (its value is a PEM "PRIVATE KEY" block) as plain text; ' + FIX,
    'url-password': 'environment variable "{name}" of container "{container}" holds a URL with a password in it (user:password@host); ' + FIX,
    token: 'environment variable "{name}" of container "{container}" holds an access token (its value starts with "{prefix}") as plain text; ' + FIX,
    'registry-auth':
      'environment variable "ECS_ENGINE_AUTH_DATA" of container "{container}" holds registry credentials as plain text; use repositoryCredentials with a Secrets Manager secret instead',
    'dynamic-reference':
      'environment variable "{name}" of container "{container}" is a {{resolve:{service}:…}} dynamic reference, which CloudFormation replaces with the secret\'s value: the task definition holds it as plain text; use "secrets" with valueFrom naming the secret\'s ARN (or the parameter) instead',
    reference:
      'environment variable "{name}" of container "{container}" is filled in from "{reference}", so the task definition will hold that credential as plain text; ' + FIX,
  },
  check({ task, unit, report }) {
    for (const { container, path, label } of containerEntries(task)) {
      if (!Array.isArray(container.environment)) continue;
      container.environment.forEach((entry, index) => {
        if (!isObject(entry) || typeof entry.name !== 'string') return;
        // The value as the service sees it: a template's `Value: 123123` is registered as the
        // string "123123". Where the API gets the number itself, it refuses it (the schema's finding).
        const value = typeof entry.value === 'string' ? entry.value : unit.coercesScalars && isScalar(entry.value) ? String(entry.value) : undefined;
        if (value === undefined) return;
        const kind = literalCredential(entry.name, value);
        if (!kind) return;
        // Point at the value without ever quoting it: the data says what gave it away.
        const data: Record<string, string> = { name: clip(entry.name, 80), container: label };
        if (kind === 'name') data.word = credentialWord(entry.name) ?? entry.name;
        if (kind === 'access-key' || kind === 'token') data.prefix = visiblePrefix(value);
        if (kind === 'reference') data.reference = clip(credentialReference(entry.name, value) ?? '', 80);
        if (kind === 'dynamic-reference') data.service = DYNAMIC_REFERENCE.exec(value)?.[1] ?? 'secretsmanager';
        // An access key id names IAM user credentials but is not their secret half; a reference is
        // filled in at deploy: warnings.
        report({
          messageId: kind,
          path: [...path, 'environment', index, 'value'],
          data,
          ...(kind === 'access-key' || kind === 'reference' ? { severity: 'warn' as const } : {}),
        });
      });
    }
  },
});

/** The well-known prefix of a token or key id (AKIA, ghp_, xoxb-): public, never the secret part. */
function visiblePrefix(value: string): string {
  return /(?:AKIA|ASIA|gh[pousr]_|github_pat_|xox[abprs]-|glpat-|sk_live_|npm_)/.exec(value)?.[0] ?? '';
}

function isScalar(value: unknown): value is number | boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}
