// What a reference to a secret is: a Secrets Manager ARN (complete or partial), a bare name, an ARN
// of another service, a CloudFormation dynamic reference, a template placeholder or nothing.

import { isTemplated } from '../core/placeholders';
import { parseArn, type Arn } from './arn';

export type SecretReference =
  | { kind: 'empty' }
  | { kind: 'templated' }
  /** `{{resolve:secretsmanager:…}}`: CloudFormation puts the secret's value, not its ARN, here. */
  | { kind: 'dynamic-reference'; service: string }
  | { kind: 'name'; name: string }
  | SecretArnReference
  | { kind: 'other-arn'; arn: Arn }
  | { kind: 'malformed-arn' };

export interface SecretArnReference {
  kind: 'secret-arn';
  arn: Arn;
  /** The secret's name without the six-character suffix. */
  name: string;
  /** The `-xxxxxx` suffix Secrets Manager appends, when present. */
  suffix?: string;
  /** Whatever follows the name after a colon (`json-key:version-stage:version-id` in `valueFrom`). */
  selector?: string;
}

/** Secrets Manager appends a hyphen and six random characters to the name in a secret's ARN. */
const ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

export function parseSecretReference(value: string): SecretReference {
  if (value.trim() === '') return { kind: 'empty' };
  const dynamic = /^\{\{resolve:(secretsmanager|ssm-secure):/.exec(value);
  if (dynamic) return { kind: 'dynamic-reference', service: dynamic[1]! };
  if (!value.startsWith('arn:')) return isTemplated(value) ? { kind: 'templated' } : { kind: 'name', name: value };
  const arn = parseArn(value);
  // Placeholders in the partition, region or account (arn:aws:secretsmanager:${AWS::Region}:…) are
  // unknown fields; a placeholder in the resource makes the whole reference unknown.
  if (!arn || isTemplated(arn.resource) || isTemplated(arn.service)) return isTemplated(value) ? { kind: 'templated' } : { kind: 'malformed-arn' };
  if (arn.service !== 'secretsmanager' || !arn.resource.startsWith('secret:')) return { kind: 'other-arn', arn };
  const rest = arn.resource.slice('secret:'.length);
  const colon = rest.indexOf(':');
  const fullName = colon < 0 ? rest : rest.slice(0, colon);
  const selector = colon < 0 ? undefined : rest.slice(colon + 1);
  const suffixMatch = ARN_SUFFIX.exec(fullName);
  const reference: SecretArnReference = {
    kind: 'secret-arn',
    arn,
    name: suffixMatch ? fullName.slice(0, suffixMatch.index) : fullName,
  };
  if (suffixMatch) reference.suffix = suffixMatch[0].slice(1);
  if (selector !== undefined) reference.selector = selector;
  return reference;
}

export const SECRET_NAME_MAX_LENGTH = 512;

export type SecretNameProblem =
  | { messageId: 'characters'; data: { name: string; characters: string } }
  | { messageId: 'too-long'; data: { length: number } }
  | { messageId: 'suffix-like'; data: { name: string; ending: string } }
  | { messageId: 'empty-name'; data: Record<string, never> };

/**
 * Problems with a secret name. `bareName` is true for a name written without ARN: only there can a
 * trailing hyphen and six characters be mistaken for the suffix of an ARN.
 */
const SECRET_NAME_CHARACTERS = /^[A-Za-z0-9/_+=.@-]*$/;

export function secretNameProblems(name: string, bareName: boolean): SecretNameProblem[] {
  const problems: SecretNameProblem[] = [];
  if (name === '') return [{ messageId: 'empty-name', data: {} }];
  if (name.length > SECRET_NAME_MAX_LENGTH) problems.push({ messageId: 'too-long', data: { length: name.length } });
  // A secret another service manages is named by that service (rds!db-…), not by CreateSecret's rules.
  if (isServiceManagedName(name)) return problems;
  const bad = SECRET_NAME_CHARACTERS.test(name) ? [] : [...new Set(name.replace(/[A-Za-z0-9/_+=.@-]/g, ''))];
  if (bad.length > 0) {
    problems.push({ messageId: 'characters', data: { name, characters: bad.slice(0, 10).map(describeCharacter).join(', ') } });
  }
  const ending = ARN_SUFFIX.exec(name);
  if (bareName && ending) problems.push({ messageId: 'suffix-like', data: { name, ending: ending[0] } });
  return problems;
}

/**
 * A name that a service gives the secrets it manages: its service id and "!" (RDS's master user
 * secrets are rds!db-… and rds!cluster-…). Users cannot create such names.
 */
export function isServiceManagedName(name: string): boolean {
  return /^[a-z][a-z0-9-]{1,40}!/.test(name);
}

/**
 * Whether six characters after a hyphen look like the random suffix Secrets Manager appends: it
 * draws them from upper- and lower-case letters and digits, so six of one kind only (a word such
 * as "secret", "SECRET" or "123456") is rarely one.
 */
export function plausibleSuffix(suffix: string): boolean {
  const kinds = Number(/[a-z]/.test(suffix)) + Number(/[A-Z]/.test(suffix)) + Number(/[0-9]/.test(suffix));
  return kinds >= 2;
}

function describeCharacter(character: string): string {
  if (character === ' ') return 'space';
  if (/^[\x21-\x7e]$/.test(character)) return `"${character}"`;
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
