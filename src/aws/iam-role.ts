// IAM role references: a role ARN (arn:partition:iam::account:role/path/name) or a bare role name,
// which ECS completes with the task's account when the task definition is registered.
// Limits: IAM API reference, Role (RoleName 1–64 of [\w+=,.@-]; Path "/" alone, or "/" and "/" around
// at least one of the characters ! to ~, up to 512 in all).

import { isTemplated } from '../core/placeholders';
import { checkArnFields, parseArn, type Arn, type ArnFieldProblem } from './arn';

export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH_MAX_LENGTH = 512;
/** IAM's Path pattern, (\u002F)|(\u002F[\u0021-\u007E]+\u002F): "//" has nothing between its slashes. */
const ROLE_PATH = /^\/(?:[\x21-\x7e]+\/)?$/;

export type RoleReference =
  | { kind: 'empty' }
  | { kind: 'templated' }
  | { kind: 'name'; name: string }
  | { kind: 'arn'; arn: Arn; name: string; path: string };

export type RoleProblem =
  | (ArnFieldProblem & { messageId: 'unknown-partition' | 'bad-account' })
  | { messageId: 'not-an-arn'; data: { value: string } }
  | { messageId: 'not-a-role'; data: { what: string } }
  | { messageId: 'region-in-arn'; data: { region: string } }
  | { messageId: 'bad-role-name'; data: { name: string }; at: TextSpan }
  | { messageId: 'bad-role-path'; data: { path: string }; at: TextSpan };

/** Where in the value a problem is: [start, end). */
export interface TextSpan {
  start: number;
  end: number;
}

const OTHER_IAM_RESOURCES: Record<string, string> = {
  'user/': 'an IAM user',
  'group/': 'an IAM group',
  'policy/': 'an IAM policy',
  'instance-profile/': 'an EC2 instance profile',
  'oidc-provider/': 'an OIDC provider',
  'saml-provider/': 'a SAML provider',
};

export function parseRoleReference(value: string): RoleReference {
  if (value.trim() === '') return { kind: 'empty' };
  if (isTemplated(value)) return { kind: 'templated' };
  const arn = parseArn(value);
  if (!arn || arn.service !== 'iam' || !arn.resource.startsWith('role/')) {
    return value.startsWith('arn:') ? { kind: 'arn', arn: arn ?? emptyArn(), name: '', path: '' } : { kind: 'name', name: value };
  }
  const rest = arn.resource.slice('role/'.length);
  const slash = rest.lastIndexOf('/');
  return { kind: 'arn', arn, name: rest.slice(slash + 1), path: slash < 0 ? '/' : `/${rest.slice(0, slash + 1)}` };
}

/**
 * Whether two role ARNs name one role: the same partition, account and role name. A role's name is
 * unique in its account whatever its path (IAM API reference, CreateRole: "IAM user, group, role, and
 * policy names must be unique within the account"), so role/exec and role/service/exec are one role
 * of one account, one of the two written with the wrong path. An account that is not 12 digits (a
 * placeholder) proves nothing.
 */
export function sameRoleArn(a: string, b: string): boolean {
  if (a === b) return true;
  const first = parseRoleReference(a);
  const second = parseRoleReference(b);
  if (first.kind !== 'arn' || second.kind !== 'arn' || first.arn.service !== 'iam' || second.arn.service !== 'iam') return false;
  if (first.name === '' || isTemplated(first.name) || first.name !== second.name) return false;
  return /^\d{12}$/.test(first.arn.account) && first.arn.account === second.arn.account && first.arn.partition === second.arn.partition;
}

function emptyArn(): Arn {
  return { partition: '', service: '', region: '', account: '', resource: '' };
}

/** Why a value is not a usable role ARN or role name, or undefined when it is (or is unknown). */
export function roleReferenceProblem(value: string): RoleProblem | undefined {
  const reference = parseRoleReference(value);
  if (reference.kind === 'empty' || reference.kind === 'templated') return undefined;
  if (reference.kind === 'name') {
    if (ROLE_NAME.test(reference.name)) return undefined;
    // A name that cannot be a role name is most likely a mistyped ARN or something else entirely.
    return { messageId: 'not-an-arn', data: { value: clip(value) } };
  }
  const { arn } = reference;
  if (!arn.service) return { messageId: 'not-an-arn', data: { value: clip(value) } };
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    return { messageId: 'not-a-role', data: { what: 'an STS assumed-role session' } };
  }
  if (arn.service !== 'iam') return { messageId: 'not-a-role', data: { what: `a resource of the "${clip(arn.service, 40)}" service` } };
  if (!arn.resource.startsWith('role/')) {
    const kind = Object.keys(OTHER_IAM_RESOURCES).find((prefix) => arn.resource.startsWith(prefix));
    return { messageId: 'not-a-role', data: { what: kind ? OTHER_IAM_RESOURCES[kind]! : 'an IAM resource other than a role' } };
  }
  if (arn.region !== '') return { messageId: 'region-in-arn', data: { region: clip(arn.region, 40) } };
  // IAM is global: with the region checked empty above, only partition and account can be wrong.
  const fieldProblem = checkArnFields(arn, false) as (ArnFieldProblem & { messageId: 'unknown-partition' | 'bad-account' }) | undefined;
  if (fieldProblem) return fieldProblem;
  if (isTemplated(reference.name)) return undefined;
  // The resource (role/<path><name>) ends the value.
  const nameAt = value.length - reference.name.length;
  if (!ROLE_NAME.test(reference.name)) return { messageId: 'bad-role-name', data: { name: clip(reference.name) }, at: { start: nameAt, end: value.length } };
  if (reference.path.length > ROLE_PATH_MAX_LENGTH || !ROLE_PATH.test(reference.path)) {
    // The path's first "/" is the one after "role".
    return { messageId: 'bad-role-path', data: { path: clip(reference.path) }, at: { start: nameAt - reference.path.length, end: nameAt } };
  }
  return undefined;
}

function clip(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
