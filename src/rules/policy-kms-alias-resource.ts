// policy-kms-alias-resource: an Allow of kms:Decrypt (or kms:*) whose Resource is an alias ARN
// grants nothing on the key: for the key's own operations IAM matches the key's ARN, and an alias
// ARN in a policy controls the alias (kms:CreateAlias and the like), not the key it points at.

import { parseArn } from '../aws/arn';
import { statementEntries } from '../iam/policy';
import { matchAction } from '../iam/wildcard';
import { clip, isObject } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'policy-kms-alias-resource',
  severity: 'warn',
  description: 'Report kms:Decrypt allowed on a KMS alias ARN, which IAM never matches for use of the key',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html',
  messages: {
    alias: {
      text: 'the statement allows {action} on the alias ARN "{resource}"; name the key\'s ARN instead',
      help: 'For decryption IAM matches the key\'s own ARN, never an alias. Name the key\'s ARN, or allow key ARNs under the condition kms:ResourceAliases.',
    },
  },
  checkPolicy({ policy, unit, report }) {
    if (unit.kind !== 'identity') return;
    for (const { value, path } of statementEntries(policy)) {
      if (!isObject(value) || value.Effect !== 'Allow') continue;
      const actions = typeof value.Action === 'string' ? [value.Action] : Array.isArray(value.Action) ? value.Action : [];
      const action = actions.find((item): item is string => typeof item === 'string' && item !== '*' && matchAction(item, 'kms:Decrypt'));
      if (!action) continue;
      const resources = typeof value.Resource === 'string' ? [value.Resource] : Array.isArray(value.Resource) ? value.Resource : [];
      resources.forEach((resource, index) => {
        if (typeof resource !== 'string') return;
        const arn = parseArn(resource);
        if (arn?.service !== 'kms' || !arn.resource.startsWith('alias/')) return;
        const resourcePath = typeof value.Resource === 'string' ? [...path, 'Resource'] : [...path, 'Resource', index];
        report({ messageId: 'alias', path: resourcePath, data: { action: clip(action, 60), resource: clip(resource, 120) } });
      });
    }
  },
});
