// policy-secret-wildcard: a resource "…:secret:name-*" (or "…:secret:name*") also matches other
// secrets whose names start with "name-"; "name-??????" matches exactly the secret's random suffix.

import { parseArn } from '../aws/arn';
import { statementEntries } from '../iam/policy';
import { clip, isObject } from '../core/values';
import { defineRule } from './define-rule';

/** A secret ARN's resource whose name is literal up to one trailing "*" (prefix grants like "prod/*" excepted). */
const SECRET_NAME_STAR = /^secret:([^*?]*[A-Za-z0-9_+=.@-])\*$/;

export default defineRule({
  id: 'policy-secret-wildcard',
  severity: 'warn',
  description: 'Prefer "name-??????" to "name-*" in secret ARNs of policies',
  source: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html',
  fixable: true,
  hasSuggestions: true,
  messages: {
    'hyphen-star': {
      text: 'the resource "{resource}" also matches other secrets whose names start with "{prefix}"; use "{exact}"',
      help: '"{exact}" matches just this secret, with the six random characters Secrets Manager adds to its name.',
    },
    star: {
      text: 'the resource "{resource}" matches every secret whose name starts with "{prefix}"; for "{prefix}" alone, use "{exact}"',
      help: 'It matches "{prefix}2" and "{prefix}-old" too. "{exact}" matches just the secret "{prefix}", with the six random characters Secrets Manager adds to its name.',
    },
  },
  checkPolicy({ policy, report }) {
    for (const { value, path } of statementEntries(policy)) {
      if (!isObject(value) || value.Effect !== 'Allow') continue;
      const resources = typeof value.Resource === 'string' ? [value.Resource] : Array.isArray(value.Resource) ? value.Resource : [];
      resources.forEach((resource, index) => {
        if (typeof resource !== 'string') return;
        // The ARN's fields may be template references (${AWS::Region}): split it around them.
        const arn = parseArn(resource);
        const match = arn?.service === 'secretsmanager' ? SECRET_NAME_STAR.exec(arn.resource) : undefined;
        if (!match) return;
        const name = match[1]!;
        const arnPrefix = `${resource.slice(0, resource.length - arn!.resource.length)}secret:`;
        const resourcePath = typeof value.Resource === 'string' ? [...path, 'Resource'] : [...path, 'Resource', index];
        const base = name.endsWith('-') ? name.slice(0, -1) : name;
        const data = { resource: clip(resource, 120), prefix: clip(name, 80), exact: clip(`${arnPrefix}${base}-??????`, 120) };
        // "name-*" has one right answer; "name*" may be meant for other secrets too: a suggestion.
        const fix = { op: 'replace-within' as const, path: resourcePath, value: resource, start: resource.length - (name.endsWith('-') ? 2 : 1), end: resource.length, text: '-??????' };
        if (name.endsWith('-')) report({ messageId: 'hyphen-star', path: resourcePath, data, fix });
        else report({ messageId: 'star', path: resourcePath, data, suggestions: [{ desc: `Match only the secret "${clip(name, 80)}": use "${data.exact}"`, fix }] });
      });
    }
  },
});
