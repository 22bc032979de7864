// container-name: every container needs a name of up to 255 letters, digits, hyphens and
// underscores, unique within the task.

import { ecsNameProblem } from '../aws/ecs-names';
import { isTemplated } from '../core/placeholders';
import { containerEntries } from '../model/values';
import { clip } from '../core/values';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'container-name',
  severity: 'error',
  description: 'Require unique container names of up to 255 letters, digits, hyphens and underscores',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html',
  messages: {
    missing: { text: 'container #{number} has no "name"; ECS requires one (letters, digits, hyphens and underscores)' },
    empty: { text: 'container #{number} has an empty name; ECS requires one (letters, digits, hyphens and underscores)' },
    'too-long': { text: 'the name of container #{number} has {length} characters; ECS allows at most 255' },
    characters: {
      text: 'container name "{name}" contains {characters}; use only letters, digits, hyphens and underscores',
      help: 'ECS accepts a container name of up to 255 letters, digits, hyphens and underscores, and refuses any other character.',
    },
    duplicate: {
      text: 'container name "{name}" is used by container #{first} too; give each container its own name',
      help: 'Container names must be unique within a task definition: other containers, links and dependsOn refer to a container by its name.',
    },
  },
  check({ task, report }) {
    const seen = new Map<string, number>();
    for (const { container, path, index } of containerEntries(task)) {
      const number = index + 1;
      const name = container.name;
      if (name === undefined) {
        report({ messageId: 'missing', path, target: 'key', data: { number } });
        continue;
      }
      if (typeof name !== 'string' || isTemplated(name)) continue;
      const problem = ecsNameProblem(name);
      if (problem) {
        const data = 'data' in problem ? { ...problem.data, name: clip(name), number } : { number };
        report({ messageId: problem.messageId, path: [...path, 'name'], data });
        continue;
      }
      const first = seen.get(name);
      if (first !== undefined) report({ messageId: 'duplicate', path: [...path, 'name'], data: { name, first } });
      else seen.set(name, number);
    }
  },
});
