// Paths in messages: containerDefinitions[0].repositoryCredentials, or "the task definition".

import type { Path } from '../core/types';

export function formatPath(path: Path): string {
  if (path.length === 0) return 'the task definition';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment.length > 60 ? `${segment.slice(0, 59)}…` : segment)}]`;
  }
  return text;
}
