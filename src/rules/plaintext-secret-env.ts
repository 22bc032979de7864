// plaintext-secret-env: a credential written as a literal environment variable is readable by
// anyone who can describe the task definition; ECS injects secrets from Secrets Manager or
// Parameter Store instead. Values that only reference a secret are not findings.

import { credentialReference, credentialWord, DYNAMIC_REFERENCE, literalCredential } from '../model/credentials';
import { containerEntries } from '../model/values';
import { clip, isObject } from '../core/values';
import { defineRule } from './define-rule';

const MOVE_TO_SECRETS =
  'Move it to "secrets" with valueFrom naming a Secrets Manager secret or an SSM SecureString parameter: ECS injects the value when the container starts, and the task definition holds only the reference.';

export default defineRule({
  id: 'plaintext-secret-env',
  severity: 'error',
  description: 'Forbid credentials written as literal environment variables',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html',
  hasSuggestions: true,
  messages: {
    name: {
      text: 'environment variable "{name}" of container "{container}" holds a credential as plain text; move it to "secrets"',
      help: 'Its name has "{word}", and its value is visible to anyone who can describe the task definition. ' + MOVE_TO_SECRETS,
    },
    'access-key': {
      text: 'environment variable "{name}" of container "{container}" holds an AWS access key id; use the task role instead',
      help: 'Its value starts with "{prefix}", as an access key id does, and is plain text in the task definition. Give the task a task role instead of keys, or move the key to "secrets" with valueFrom naming a Secrets Manager secret or an SSM SecureString parameter.',
    },
    'private-key': {
      text: 'environment variable "{name}" of container "{container}" holds a private key as plain text; move it to "secrets"',
      help: 'Its value is a PEM "PRIVATE KEY" block, visible to anyone who can describe the task definition. ' + MOVE_TO_SECRETS,
    },
    'url-password': {
      text: 'environment variable "{name}" of container "{container}" holds a URL with a password in it; move it to "secrets"',
      help: 'The URL has a password in it (user:password@host), visible to anyone who can describe the task definition. ' + MOVE_TO_SECRETS,
    },
    token: {
      text: 'environment variable "{name}" of container "{container}" holds an access token as plain text; move it to "secrets"',
      help: 'Its value starts with "{prefix}", as an access token does, and is visible to anyone who can describe the task definition. ' + MOVE_TO_SECRETS,
    },
    'registry-auth': {
      text: 'container "{container}" has registry credentials in ECS_ENGINE_AUTH_DATA; use repositoryCredentials instead',
      help: 'The environment variable "ECS_ENGINE_AUTH_DATA" holds them as plain text, visible to anyone who can describe the task definition. Use repositoryCredentials with a Secrets Manager secret instead.',
    },
    'dynamic-reference': {
      text: 'environment variable "{name}" of container "{container}" is a "resolve:{service}" dynamic reference; use "secrets"',
      help: 'CloudFormation replaces a dynamic reference with the secret\'s value, so the task definition holds it as plain text. Use "secrets" with valueFrom naming the secret\'s ARN (or the parameter) instead, and ECS fetches the value when the container starts.',
    },
    reference: {
      text: 'environment variable "{name}" of container "{container}" is filled in from "{reference}"; move it to "secrets"',
      help: 'The task definition will hold that credential as plain text, visible to anyone who can describe it. ' + MOVE_TO_SECRETS,
    },
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
          // Moving it to secrets needs a secret: only its removal from environment is offered.
          suggestions: [{ desc: `Remove "${clip(entry.name, 80)}" from environment (and pass it in secrets, with valueFrom naming a secret)`, fix: { op: 'remove', path: [...path, 'environment', index] } }],
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
