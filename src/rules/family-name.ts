// family-name: the task definition family is up to 255 letters, digits, hyphens and underscores.

import { ecsNameProblem } from '../aws/ecs-names';
import { isTemplated } from '../core/placeholders';
import { clip } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'family-name',
  severity: 'error',
  description: 'Require a family name of up to 255 letters, digits, hyphens and underscores',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html',
  messages: {
    empty: { text: 'family is empty; name the task definition family (letters, digits, hyphens and underscores)' },
    'too-long': { text: 'family has {length} characters; ECS allows at most 255' },
    characters: {
      text: 'family "{name}" contains {characters}; use only letters, digits, hyphens and underscores',
      help: 'ECS accepts a family name of up to 255 letters, digits, hyphens and underscores, and refuses any other character.',
    },
  },
  check({ task, unit, report }) {
    if (unit.partial || typeof task.family !== 'string' || isTemplated(task.family)) return;
    const problem = ecsNameProblem(task.family);
    if (!problem) return;
    const data = 'data' in problem ? { ...problem.data, name: clip(task.family) } : {};
    report({ messageId: problem.messageId, path: ['family'], data });
  },
});
