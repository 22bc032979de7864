// policy-version: a policy should say "Version": "2012-10-17". Without it IAM applies the 2008-10-17
// language, in which policy variables such as ${aws:username} are plain text.

import { statementEntries } from '../iam/policy';
import { clip, isObject } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'policy-version',
  severity: 'warn',
  description: 'Require "Version": "2012-10-17" in IAM policies',
  source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html',
  fixable: true,
  messages: {
    missing: {
      text: 'the policy has no "Version"; add "Version": "2012-10-17"',
      help: 'Without a Version, IAM uses the 2008-10-17 policy language, in which policy variables are plain text.',
    },
    old: { text: 'the policy has "Version": "2008-10-17"; use "2012-10-17", the current policy language' },
    invalid: {
      text: 'the policy has "Version": "{version}"; use "2012-10-17"',
      help: 'The only versions IAM knows are "2012-10-17" and "2008-10-17": a version names a policy language, not the day you wrote the policy.',
    },
    variables: {
      text: 'the policy uses policy variables ({variable}) but {version}; set "Version": "2012-10-17"',
      help: 'Before version 2012-10-17, IAM takes policy variables as plain text, so they match nothing.',
    },
  },
  checkPolicy({ policy, unit, report }) {
    const version = policy.Version;
    // The current version, added or corrected; a policy in a JSON string is not edited inside.
    const fix = unit.embedded
      ? {}
      : version === undefined
        ? { fix: { op: 'insert' as const, path: [], key: 'Version', value: '2012-10-17', position: 'first' as const } }
        : typeof version === 'string' || typeof version === 'number'
          ? { fix: { op: 'replace' as const, path: ['Version'], from: version, value: '2012-10-17' } }
          : {};
    if (version === '2012-10-17') return;
    if (version !== undefined && version !== '2008-10-17') {
      // IAM refuses such a policy (MalformedPolicyDocument).
      report({ messageId: 'invalid', path: ['Version'], severity: 'error', data: { version: clip(String(version), 40) }, ...fix });
      return;
    }
    const variable = firstPolicyVariable(policy);
    const path = version === undefined ? [] : ['Version'];
    const target = version === undefined ? ('key' as const) : ('value' as const);
    if (variable) {
      const versionText = version === undefined ? 'has no "Version"' : 'is version "2008-10-17"';
      report({ messageId: 'variables', path, target, severity: 'error', data: { variable: clip(variable, 60), version: versionText }, ...fix });
    } else {
      report({ messageId: version === undefined ? 'missing' : 'old', path, target, ...fix });
    }
  },
});

function firstPolicyVariable(policy: Record<string, unknown>): string | undefined {
  for (const { value } of statementEntries(policy)) {
    if (!isObject(value)) continue;
    const texts = JSON.stringify([value.Resource, value.NotResource, value.Condition]);
    // ${aws:username}; not a template's ${AWS::Region} or ${ExecRole.Arn}.
    const match = /\$\{[A-Za-z][\w-]*:(?!:)[^}]*\}/.exec(texts);
    if (match) return match[0];
  }
  return undefined;
}
