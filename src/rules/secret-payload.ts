// secret-payload: the secret behind repositoryCredentials must be a JSON object with string
// "username" and "password". Checked for shape only: no message ever quotes a value of the file.

import { isObject } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'secret-payload',
  severity: 'error',
  description: 'Require registry credential secrets to hold {"username": …, "password": …}',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html',
  messages: {
    'not-object': { text: 'the registry credential secret must be a JSON object with "username" and "password"' },
    missing: { text: 'the registry credential secret has no "{key}"; ECS logs in to the registry with "username" and "password"' },
    type: { text: '"{key}" in the registry credential secret must be a string' },
    empty: { text: '"{key}" in the registry credential secret is empty' },
    'key-case': { text: 'the registry credential secret has "{found}", but ECS reads "{key}" (lower case)' },
  },
  checkDocument({ document, report }) {
    for (const payload of document.payloads ?? []) {
      const { value } = payload;
      if (!isObject(value)) {
        report({ messageId: 'not-object', path: payload.filePath([]) });
        continue;
      }
      for (const key of ['username', 'password']) {
        const member = value[key];
        if (member === undefined) {
          const found = Object.keys(value).find((candidate) => candidate.toLowerCase() === key);
          if (found) report({ messageId: 'key-case', path: payload.filePath([found]), target: 'key', data: { key, found } });
          else report({ messageId: 'missing', path: payload.filePath([]), target: 'key', data: { key } });
        } else if (typeof member !== 'string') {
          report({ messageId: 'type', path: payload.filePath([key]), data: { key } });
        } else if (member === '') {
          report({ messageId: 'empty', path: payload.filePath([key]), data: { key } });
        }
      }
    }
  },
});
