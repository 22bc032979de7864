// Does an environment variable carry a credential as a literal? By its name (DB_PASSWORD, API_KEY,
// GITHUB_TOKEN) when the value is not a reference, a placeholder or a setting; and by its value
// alone for credentials whose shape gives them away (AWS access keys, private keys, URLs with a
// password). Names that only point at a secret (DB_SECRET_ARN, SECRET_NAME, PASSWORD_FILE) are not.

import { isTemplated } from './placeholders';

export type CredentialKind = 'name' | 'access-key' | 'private-key' | 'url-password' | 'token' | 'registry-auth';

/** Words that make a variable a credential. */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PASSPHRASE', 'SECRET', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATEKEY']);
/** Words before KEY that make it a credential (API_KEY, ACCESS_KEY, SECRET_KEY, …). */
const KEY_QUALIFIERS = new Set(['API', 'ACCESS', 'SECRET', 'PRIVATE', 'SIGNING', 'ENCRYPTION', 'MASTER', 'AUTH', 'CLIENT', 'APP', 'LICENSE', 'WEBHOOK', 'SERVICE']);
/** Last words that make the variable point at, describe or configure a secret instead of holding it. */
const NOT_A_VALUE = new Set([
  'ARN', 'ARNS', 'NAME', 'NAMES', 'ID', 'IDS', 'PATH', 'FILE', 'DIR', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'REGION',
  'TYPE', 'LENGTH', 'TTL', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'TIMEOUT', 'HEADER', 'FIELD', 'PARAM', 'PARAMETER', 'KEY',
  'ENABLED', 'DISABLED', 'REQUIRED', 'POLICY', 'PROVIDER', 'MODE', 'LOCATION', 'VERSION', 'STAGE', 'PREFIX', 'SUFFIX',
  'FORMAT', 'ALGORITHM', 'ALG', 'ISSUER', 'AUDIENCE', 'STORE', 'SOURCE', 'BACKEND', 'REF', 'REFERENCE', 'LABEL', 'HASH_ALGORITHM',
  'ROTATION', 'COUNT', 'MIN', 'MAX', 'SIZE', 'BITS', 'ROUNDS', 'COMPLEXITY', 'RESET', 'USER', 'USERNAME', 'LOGIN', 'EMAIL',
  'IN', 'LIFETIME', 'AGE', 'INTERVAL', 'DURATION', 'PERIOD', 'SECONDS', 'MINUTES', 'HOURS', 'DAYS', 'RETRIES', 'ATTEMPTS',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/** Whether a variable name says it holds a credential's value. */
export function isCredentialName(name: string): boolean {
  // The same names recur in every task definition of a repository: each is worked out once.
  let known = CREDENTIAL_NAMES.get(name);
  if (known === undefined) {
    if (CREDENTIAL_NAMES.size >= 4096) CREDENTIAL_NAMES.clear();
    CREDENTIAL_NAMES.set(name, (known = nameHoldsCredential(name)));
  }
  return known;
}

const CREDENTIAL_NAMES = new Map<string, boolean>();

function nameHoldsCredential(name: string): boolean {
  if (name === 'ECS_ENGINE_AUTH_DATA') return true;
  const parts = words(name);
  if (parts.length === 0) return false;
  const last = parts[parts.length - 1]!;
  // PWD is the working directory; DB_PWD and MYSQL_PWD are passwords.
  if (last === 'PWD' && parts.length > 1) return true;
  if (NOT_A_VALUE.has(last) && !(last === 'KEY' && parts.length > 1 && KEY_QUALIFIERS.has(parts[parts.length - 2]!))) return false;
  return parts.some((part, index) => SECRET_WORDS.has(part) || (part === 'KEY' && index > 0 && KEY_QUALIFIERS.has(parts[index - 1]!)));
}

// Numbers are settings only under names that say so (PASSWORD_MIN_LENGTH): DB_PASSWORD=123456 is a password.
const NON_SECRET_VALUES = /^(?:true|false|yes|no|on|off|none|null|nil|undefined|enabled|disabled|required|optional|\d{1,6}(?:ms|s|m|h|d|w))$/i;

/** Whether a value is a reference to a secret or a setting rather than a secret itself. */
function isReferenceOrSetting(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '' || NON_SECRET_VALUES.test(trimmed) || isTemplated(trimmed)) return true;
  if (trimmed.startsWith('arn:')) return true;
  // Paths to mounted secrets (/run/secrets/db, /var/secrets/key.pem) and secret names (prod/orders/db).
  if (/^\/?[\w.-]+(?:\/[\w.-]+)+$/.test(trimmed) || /^\/[\w.-]+$/.test(trimmed)) return true;
  // Placeholders such as "changeme-in-prod"? No: those are literal passwords; but "<set me>" and
  // "REPLACE_ME" are not values yet.
  if (/^(?:REPLACE|CHANGE|SET|TODO|TBD|FIXME|PLACEHOLDER|DUMMY|XXX+)(?:[_-]?ME)?$/i.test(trimmed) || /^\*+$/.test(trimmed)) return true;
  return false;
}

const CREDENTIAL_SHAPE_HINT = /AKIA|ASIA|-----BEGIN |:\/\/|^(?:gh[pousr]_|github_pat_|xox[abprs]-|glpat-|sk_live_|npm_)/;

/** A credential whose shape gives it away, whatever the variable is called. */
export function credentialByValue(value: string): CredentialKind | undefined {
  // What every pattern below needs, in one test: most values have none of it.
  if (!CREDENTIAL_SHAPE_HINT.test(value)) return undefined;
  if (/(?:^|[^A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?:$|[^A-Z0-9])/.test(value)) return 'access-key';
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return 'private-key';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i.test(value) && !/:\/\/[^/\s:@]*:(?:\$\{|\{\{|<|\*+@)/.test(value)) return 'url-password';
  if (/^(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}|xox[abprs]-[A-Za-z0-9-]{10,}|glpat-[A-Za-z0-9_-]{20,}|sk_live_[A-Za-z0-9]{16,}|npm_[A-Za-z0-9]{36})$/.test(value)) {
    return 'token';
  }
  return undefined;
}

/** Why an environment entry carries a credential as a literal, or undefined when it does not. */
export function literalCredential(name: string, value: string): CredentialKind | undefined {
  const byValue = credentialByValue(value);
  if (byValue) return byValue;
  if (!isCredentialName(name) || isReferenceOrSetting(value)) return undefined;
  return name === 'ECS_ENGINE_AUTH_DATA' ? 'registry-auth' : 'name';
}
