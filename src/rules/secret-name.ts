// secret-name: secret names may contain ASCII letters, digits and /_+=.@- only, at most 512
// characters, and should not end in a hyphen and six characters (mistaken for the ARN suffix).

import { secretNameProblems } from '../aws/secret-reference';
import { secretsManagerReferences } from '../model/secret-references';
import { clip } from '../model/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'secret-name',
  severity: 'error',
  description: 'Require secret names that Secrets Manager accepts and that cannot be mistaken for an ARN suffix',
  source: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html',
  messages: {
    characters:
      'the secret name "{name}" contains {characters}; a secret name may contain only ASCII letters, digits and /_+=.@-',
    'too-long': 'the secret name has {length} characters; Secrets Manager allows at most 512',
    'suffix-like':
      'the secret name "{name}" ends in "{ending}", a hyphen and six characters, which AWS advises against: a partial ARN of it is taken for a complete one and may find the wrong secret or none; rename the secret or always use its complete ARN',
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
    for (const { reference, path } of secretsManagerReferences(task)) {
      let name: string;
      let bareName: boolean;
      if (reference.kind === 'name') {
        name = reference.name;
        bareName = true;
      } else if (reference.kind === 'secret-arn') {
        name = reference.name;
        bareName = false;
      } else {
        continue;
      }
      for (const problem of secretNameProblems(name, bareName)) {
        if (problem.messageId === 'empty-name') continue;
        const data: Record<string, string | number> = { ...problem.data };
        if (typeof data.name === 'string') data.name = clip(data.name, 80);
        report({ messageId: problem.messageId, path, data, ...(problem.messageId === 'suffix-like' ? { severity: 'warn' as const } : {}) });
      }
    }
  },
});
