// aws_iam_role, with its trust policy, inline policies and the managed policies it lists, and
// aws_iam_role_policy, a role's inline policy of its own.

import { scopedKey } from '../../facts/records';
import { roleRecord } from '../aws-resources';
import { literal, type ResourceReader } from './reader-context';
import { references } from './views';

export const readRole: ResourceReader = (resource, reading) => {
  const { content, scope, unknown } = reading;
  content.recognized = true;
  const { view } = resource;
  const name = literal(view.attribute('name')?.value);
  const record = roleRecord(name ?? resource.address, references(resource, ['arn', 'name', 'id', 'unique_id']), reading.origin, scope);
  const roleArn = literal(view.attribute('arn')?.value);
  if (roleArn?.startsWith('arn:')) record.arn = roleArn;
  const own = reading.reach([record]);
  const trust = reading.policyArgument(view, 'assume_role_policy', `trust policy of ${resource.address}`, resource.address, 'resource', own);
  if (trust) record.trust = 'policy' in trust ? trust.policy : trust.key;
  const inline = view.blocks('inline_policy');
  if (Array.isArray(inline)) {
    inline.forEach((policyBlock, index) => {
      const policyName = literal(policyBlock.attribute('name')?.value) ?? `${resource.address} inline policy #${index + 1}`;
      const result = reading.policyArgument(policyBlock, 'policy', policyName, resource.address, 'identity', own);
      if (result && 'policy' in result) record.inline.push(result.policy);
      else if (result) record.attached.push(result.key);
    });
  } else {
    // Generated inline policies: they may allow anything.
    record.attached.push(unknown());
  }
  const managed = view.attribute('managed_policy_arns');
  if (managed) {
    if (Array.isArray(managed.value)) {
      managed.value.forEach((arn, index) => {
        if (typeof arn !== 'string') return;
        record.attached.push(managed.loc.items?.[index]?.opaque || arn.startsWith('${') ? scopedKey(arn, scope) : arn);
      });
    } else {
      record.attached.push(unknown());
    }
  }
  reading.roles.set(resource.address, record);
  content.facts.roles.push(record);
};

export const readRolePolicy: ResourceReader = (resource, reading) => {
  reading.content.recognized = true;
  const { view } = resource;
  const policyName = literal(view.attribute('name')?.value) ?? resource.address;
  const role = view.attribute('role')?.value;
  const result = reading.policyArgument(view, 'policy', policyName, resource.address, 'identity', reading.reach(typeof role === 'string' ? [reading.roleOf(role) ?? role] : []));
  reading.linkRole(role, result);
};
