// Template placeholders: values that a tool fills in before deploy are unknown, never wrong.

/**
 * Markers of templating in a value: `${var}` (Terraform, shell, envsubst), `{{ x }}` (ecspresso,
 * Go templates, Jinja, Helm), `%{ if }` (Terraform directives), `#{var}` (Octopus), `$(cmd)`,
 * `$VAR`, `<your-account-id>` and `<<TODO: set the ARN>>` (documentation placeholders) and `__TOKEN__`
 * (CI token replacement).
 */
const TEMPLATE_MARKER = /\$\{|\{\{|%\{|#\{|\$\(|\$[A-Za-z_]|<[^<>\s]{1,64}>|<<?[A-Za-z][^<>\n]{0,80}>>?|__[A-Z0-9_]{1,64}__/;

export function isTemplated(value: string): boolean {
  return TEMPLATE_MARKER.test(value);
}

/**
 * A field of an ARN that is a placeholder rather than a value: `ACCOUNT_ID`, `aws_account_id`,
 * `region`, `XXXXXXXXXXXX`, or anything templated. Real accounts and regions contain digits.
 */
export function isPlaceholderField(value: string): boolean {
  return /^[A-Za-z_]+$/.test(value) || /^[Xx#*?]+$/.test(value) || isTemplated(value);
}

/**
 * An upper-case word such as ACCOUNT_ID, YOUR_REGION or PLACEHOLDER_IMAGE_URI: in a value whose
 * format is otherwise wrong, such a word is a placeholder that a deploy script replaces.
 */
const PLACEHOLDER_WORD = /(?:^|[^A-Za-z0-9_])(?:[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]|PLACEHOLDER|REGION|ACCOUNT|IMAGE|TAG|VERSION)(?=$|[^A-Za-z0-9_])/;

export function containsPlaceholderWord(value: string): boolean {
  return PLACEHOLDER_WORD.test(value);
}
