// Does an environment variable carry a credential as a literal? By its name (DB_PASSWORD, API_KEY,
// GITHUB_TOKEN) when the value is not a reference, a placeholder or a setting; and by its value
// alone for credentials whose shape gives them away (AWS access keys, private keys, URLs with a
// password). Names that only point at a secret (DB_SECRET_ARN, SECRET_NAME, PASSWORD_FILE) are not.

import { isTemplated } from '../core/placeholders';

export type CredentialKind = 'name' | 'access-key' | 'private-key' | 'url-password' | 'token' | 'registry-auth' | 'reference' | 'dynamic-reference';

/** Words that make a variable a credential. */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PASSPHRASE', 'SECRET', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATEKEY']);
/** Words before KEY that make it a credential (API_KEY, ACCESS_KEY, SECRET_KEY, …). */
const KEY_QUALIFIERS = new Set(['API', 'ACCESS', 'SECRET', 'PRIVATE', 'SIGNING', 'ENCRYPTION', 'MASTER', 'AUTH', 'CLIENT', 'APP', 'LICENSE', 'WEBHOOK', 'SERVICE']);
/** Last words that make the variable point at, describe or configure a secret instead of holding it. */
const NOT_A_VALUE = new Set([
  'ARN', 'ARNS', 'NAME', 'NAMES', 'ID', 'IDS', 'PATH', 'PATHS', 'FILE', 'FILES', 'FILENAME', 'FILEPATH', 'DIR', 'DIRECTORY',
  'FOLDER', 'MOUNT', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'REGION',
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
  return credentialWord(name) !== undefined;
}

/**
 * The word of a variable name that says it holds a credential's value (PASSWORD, API_KEY, PWD), or
 * undefined when it does not.
 */
export function credentialWord(name: string): string | undefined {
  // The same names recur in every task definition of a repository: each is worked out once.
  let known = CREDENTIAL_NAMES.get(name);
  if (known === undefined) {
    if (CREDENTIAL_NAMES.size >= 4096) CREDENTIAL_NAMES.clear();
    CREDENTIAL_NAMES.set(name, (known = nameCredentialWord(name) ?? ''));
  }
  return known === '' ? undefined : known;
}

const CREDENTIAL_NAMES = new Map<string, string>();

function nameCredentialWord(name: string): string | undefined {
  if (name === 'ECS_ENGINE_AUTH_DATA') return name;
  const parts = words(name);
  if (parts.length === 0) return undefined;
  const last = parts[parts.length - 1]!;
  // PWD is the working directory; DB_PWD and MYSQL_PWD are passwords.
  if (last === 'PWD' && parts.length > 1) return last;
  if (NOT_A_VALUE.has(last) && !(last === 'KEY' && parts.length > 1 && KEY_QUALIFIERS.has(parts[parts.length - 2]!))) return undefined;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    if (SECRET_WORDS.has(part)) return part;
    if (part === 'KEY' && index > 0 && KEY_QUALIFIERS.has(parts[index - 1]!)) return `${parts[index - 1]}_KEY`;
  }
  return undefined;
}

// A number under a name that ends in the credential's word (DB_PASSWORD=123123) is a password of
// digits; under any other name (TOKEN_REFRESH=300, API_KEY_LIMIT=100) it is a setting: a limit, a
// count, a duration.
const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/** Whether the name's last word is the credential's (DB_PASSWORD, MYSQL_PWD, STRIPE_API_KEY). */
function endsInCredentialWord(name: string): boolean {
  const parts = words(name);
  const last = parts[parts.length - 1];
  if (last === undefined) return false;
  if (SECRET_WORDS.has(last)) return true;
  if (last === 'PWD') return parts.length > 1;
  return last === 'KEY' && parts.length > 1 && KEY_QUALIFIERS.has(parts[parts.length - 2]!);
}

const NON_SECRET_VALUES = /^(?:true|false|yes|no|on|off|none|null|nil|undefined|enabled|disabled|required|optional|\d{1,6}(?:ms|s|m|h|d|w))$/i;

/** A whole value that is a placeholder word (UPPER_SNAKE_CASE with two words or more) or a printf slot. */
const PLACEHOLDER_VALUE = /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|%s|%\([A-Za-z_]\w*\)s)$/;

/** A file name with the extension of a key, certificate, keystore or config file. */
const FILE_NAME = /^[\w.-]+\.(?:pem|key|crt|cer|der|csr|p12|pfx|jks|keystore|truststore|pub|asc|gpg|json|ya?ml|toml|ini|conf|cfg|env|txt|properties)$/i;

/** Whether a value is a reference to a secret or a setting rather than a secret itself. */
function isReferenceOrSetting(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '' || NON_SECRET_VALUES.test(trimmed) || isTemplated(trimmed)) return true;
  if (trimmed.startsWith('arn:')) return true;
  // Paths to mounted secrets (/run/secrets/db, /var/secrets/key.pem) and secret names (prod/orders/db).
  if (/^\/?[\w.-]+(?:\/[\w.-]+)+$/.test(trimmed) || /^\/[\w.-]+$/.test(trimmed)) return true;
  // A file the application reads the credential from (cert.pem, ./server.key, C:\certs\tls.pfx).
  if (FILE_NAME.test(trimmed) || /^(?:\.{1,2}[\\/]|~\/|[A-Za-z]:\\)\S+$/.test(trimmed)) return true;
  // Placeholders such as "changeme-in-prod"? No: those are literal passwords; but "<set me>" and
  // "REPLACE_ME" are not values yet.
  if (/^(?:REPLACE|CHANGE|SET|TODO|TBD|FIXME|PLACEHOLDER|DUMMY|XXX+)(?:[_-]?ME)?$/i.test(trimmed) || /^\*+$/.test(trimmed)) return true;
  // A placeholder word a deploy step replaces: REPLACE_DATABASE_PASSWORD, GOOGLE_CLIENT_SECRET_VALUE, %s.
  if (PLACEHOLDER_VALUE.test(trimmed)) return true;
  return false;
}

const CREDENTIAL_SHAPE_HINT = /AKIA|ASIA|-----BEGIN |:\/\/|^(?:gh[pousr]_|github_pat_|xox[abprs]-|glpat-|sk_live_|npm_)/;

/** A credential whose shape gives it away, whatever the variable is called. */
export function credentialByValue(value: string): CredentialKind | undefined {
  // What every pattern below needs, in one test: most values have none of it.
  if (!CREDENTIAL_SHAPE_HINT.test(value)) return undefined;
  // AKIAIOSFODNN7EXAMPLE and its kin are the AWS documentation's example keys.
  if (/(?:^|[^A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?:$|[^A-Z0-9])/.test(value) && !/(?:AKIA|ASIA)[A-Z0-9]{9}EXAMPLE/.test(value)) return 'access-key';
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return 'private-key';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i.test(value) && !/:\/\/[^/\s:@]*:(?:\$\{|\{\{|<|\*+@)/.test(value)) return 'url-password';
  if (/^(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}|xox[abprs]-[A-Za-z0-9-]{10,}|glpat-[A-Za-z0-9_-]{20,}|sk_live_[A-Za-z0-9]{16,}|npm_[A-Za-z0-9]{36})$/.test(value)) {
    return 'token';
  }
  return undefined;
}

/**
 * A CloudFormation dynamic reference to a Secrets Manager secret: {{resolve:secretsmanager:…}}, which
 * CloudFormation resolves in any property. (ssm-secure works only in the properties CloudFormation
 * lists, which an ECS task definition's are not.)
 */
export const DYNAMIC_REFERENCE = /^\s*\{\{resolve:(secretsmanager):/;

/** Why an environment entry carries a credential as a literal, or undefined when it does not. */
export function literalCredential(name: string, value: string): CredentialKind | undefined {
  // CloudFormation resolves {{resolve:secretsmanager:…}} into the secret's value before ECS sees it.
  if (DYNAMIC_REFERENCE.test(value)) return 'dynamic-reference';
  const byValue = credentialByValue(value);
  if (byValue) return byValue;
  if (isCredentialName(name) && !isReferenceOrSetting(value) && !(NUMBER.test(value.trim()) && !endsInCredentialWord(name))) {
    return name === 'ECS_ENGINE_AUTH_DATA' ? 'registry-auth' : 'name';
  }
  return credentialReference(name, value) ? 'reference' : undefined;
}

/**
 * A value that is one template reference (`${var.db_password}`, `${aws_db_instance.x.password}`,
 * `{{ must_env "API_TOKEN" }}`), as the text that names it.
 */
const WHOLE_REFERENCE = /^\s*(?:\$\{([^{}]{1,300})\}|\{\{([^{}]{1,300})\}\})\s*$/;

/** A Terraform expression's head: var.x, local.x, module.m.x, data.t.n.x, or resource_type.name.x. */
const TERRAFORM_ADDRESS = /^(?:var|local|module|data)\.|^[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*\./;

/**
 * The reference a credential is filled in from, when the task definition ends up holding the
 * credential itself: by the variable's name or the reference's, unless the reference names where
 * the credential is (an ARN, a name, a path) rather than the credential.
 */
export function credentialReference(name: string, value: string): string | undefined {
  const trimmed = value.trim();
  // A placeholder word stands for what the deploy step writes there: under a credential's name, the credential.
  if (isCredentialName(name) && (PLACEHOLDER_VALUE.test(trimmed) || /^<[^<>\n]{1,64}>$|^__[A-Z0-9_]{1,64}__$/.test(trimmed))) return trimmed;
  const match = WHOLE_REFERENCE.exec(value);
  if (!match) return undefined;
  const reference = (match[1] ?? match[2]!).trim();
  // ${a.b} names a Terraform value (var.x, local.x, aws_db_instance.main.password); other dotted
  // names are an application's own placeholders (Spring's ${jwt.secret}), left as they are.
  if (match[1] !== undefined && reference.includes('.') && !TERRAFORM_ADDRESS.test(reference)) return undefined;
  // The last name in it: password of aws_db_instance.x.password, DB_PASSWORD of must_env "DB_PASSWORD".
  const names = reference.match(/[A-Za-z_][\w-]*/g) ?? [];
  const last = names[names.length - 1];
  if (!last) return undefined;
  const lastWords = words(last);
  const lastWord = lastWords[lastWords.length - 1];
  if (isCredentialName(last) || (lastWord !== undefined && !NOT_A_VALUE.has(lastWord) && isCredentialName(name))) return reference;
  return undefined;
}
