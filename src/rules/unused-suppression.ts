// unused-suppression: a `# ecs-lint-disable…` comment that hides nothing, or names a rule that does
// not exist. Findings come from the engine when it applies suppression comments.

import { defineRule } from './define-rule';

export default defineRule({
  id: 'unused-suppression',
  severity: 'warn',
  description: 'Report suppression comments that suppress nothing',
  source: 'https://github.com/ecs-lint/ecs-lint#suppressing-findings',
  messages: {
    unused: { text: 'this ecs-lint-{kind} comment suppresses no "{rule}" finding; remove it' },
    'unused-all': { text: 'this ecs-lint-{kind} comment suppresses no finding; remove it' },
    'unknown-rule': { text: 'this ecs-lint-{kind} comment names "{rule}", which is not an ecs-lint rule{suggestion}' },
  },
});
