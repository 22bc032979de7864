// defineRule: the one place a rule's docs URL is derived from its id.

import type { Rule, RuleDefinition } from './types';

export const DOCS_BASE_URL = 'https://github.com/ecs-lint/ecs-lint/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

export function defineRule(definition: RuleDefinition): Rule {
  return { ...definition, docsUrl: docsUrl(definition.id) };
}
