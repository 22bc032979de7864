// secret-name: secret names may contain ASCII letters, digits and /_+=.@- only, at most 512
// characters, and should not end in a hyphen and six characters (mistaken for the ARN suffix).

import { isServiceManagedName, plausibleSuffix, secretNameProblems } from '../aws/secret-reference';
import { secretsManagerReferences, type SecretReferenceEntry } from '../model/secret-references';
import { clip } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'secret-name',
  severity: 'error',
  description: 'Require secret names that Secrets Manager accepts and that cannot be mistaken for an ARN suffix',
  source: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html',
  messages: {
    characters: { text: 'the secret name "{name}" contains {characters}; a secret name may contain only ASCII letters, digits and /_+=.@-' },
    'too-long': { text: 'the secret name has {length} characters; Secrets Manager allows at most 512' },
    'suffix-taken': {
      text: 'the ARN ends in "{ending}", which Secrets Manager takes for its random suffix; for "{whole}", use the complete ARN',
      help: 'Secrets Manager takes a hyphen and six characters at the end of an ARN for the six random characters it adds to a name, so it looks for a secret named "{name}". If the secret is "{whole}", use its complete ARN (ending in its own six characters) or its bare name.',
    },
    'suffix-like': {
      text: 'the secret name "{name}" ends in "{ending}", like a random suffix; rename the secret or always use its complete ARN',
      help: 'A name that ends in a hyphen and six characters is one AWS advises against: a partial ARN of the secret is taken for a complete one, and may find the wrong secret or none.',
    },
  },
  checkDocument({ document, report }) {
    // The secrets a template defines (AWS::SecretsManager::Secret Name).
    for (const secret of document.secrets ?? []) {
      if (secret.name === undefined) continue;
      for (const problem of secretNameProblems(secret.name, true)) {
        if (problem.messageId === 'empty-name') continue;
        const data: Record<string, string | number> = { ...problem.data };
        if (typeof data.name === 'string') data.name = clip(data.name, 80);
        report({ messageId: problem.messageId, path: secret.namePath, data, ...(problem.messageId === 'suffix-like' ? { severity: 'warn' as const } : {}) });
      }
    }
  },
  check({ task, report }) {
    const references = secretsManagerReferences(task);
    for (const { reference, path, value } of references) {
      let name: string;
      let bareName: boolean;
      // Where the name is in the value: the whole of a bare name, the part after ":secret:" of an ARN.
      let at = 0;
      if (reference.kind === 'name') {
        name = reference.name;
        bareName = true;
      } else if (reference.kind === 'secret-arn') {
        name = reference.name;
        bareName = false;
        at = value.indexOf(':secret:') + ':secret:'.length;
      } else {
        continue;
      }
      // Inside an ARN, findings point at the name.
      const within = bareName ? undefined : { value, start: at, end: at + name.length };
      for (const problem of secretNameProblems(name, bareName)) {
        if (problem.messageId === 'empty-name') continue;
        const data: Record<string, string | number> = { ...problem.data };
        if (typeof data.name === 'string') data.name = clip(data.name, 80);
        report({ messageId: problem.messageId, path, data, ...(within ? { within } : {}), ...(problem.messageId === 'suffix-like' ? { severity: 'warn' as const } : {}) });
      }
      if (reference.kind === 'secret-arn' && reference.suffix !== undefined && suffixMistaken(reference.suffix, reference.name, references)) {
        report({
          messageId: 'suffix-taken',
          path,
          severity: 'warn',
          within: { value, start: at + name.length, end: at + name.length + 1 + reference.suffix.length },
          data: { ending: `-${reference.suffix}`, name: clip(name, 80), whole: clip(`${name}-${reference.suffix}`, 80) },
        });
      }
    }
  },
});

/**
 * Whether the ending Secrets Manager will take for the random suffix of a complete ARN is more
 * likely part of the name: six letters of one case or six digits (a word such as "secret"), or,
 * when the task's other ARNs are all partial, an ending without both upper- and lower-case letters.
 */
function suffixMistaken(suffix: string, name: string, references: readonly SecretReferenceEntry[]): boolean {
  // XXXXXX stands for the suffix in documentation and examples.
  if (isServiceManagedName(name) || /^[Xx]{6}$/.test(suffix)) return false;
  if (!plausibleSuffix(suffix)) return true;
  const others = references.filter((entry) => entry.reference.kind === 'secret-arn' && entry.reference.name !== name);
  const othersPartial = others.length > 0 && others.every((entry) => entry.reference.kind === 'secret-arn' && entry.reference.suffix === undefined);
  return othersPartial && !(/[a-z]/.test(suffix) && /[A-Z]/.test(suffix));
}
