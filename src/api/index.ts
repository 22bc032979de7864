// The Node.js API of ecs-lint: `import { EcsLint } from 'ecs-lint'`.

export { EcsLint, VERSION, type Formatter } from './ecs-lint';
export { InternalRuleError, NoFilesFoundError, type EcsLintOptions, type InternalFailure, type LintMessage, type LintResult, type LintTextOptions, type OverrideConfig, type RuleMeta } from './types';
export type { FormatName } from '../reporters/index';
