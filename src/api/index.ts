// The Node.js API of ecs-lint: `import { EcsLint } from 'ecs-lint'`.

export { EcsLint, VERSION, type Formatter, type RuleMeta } from './ecs-lint';
export { InternalRuleError, NoFilesFoundError, type EcsLintOptions, type InternalFailure, type LintMessage, type LintResult, type LintTextOptions, type OverrideConfig } from './types';
export type { FormatName } from '../reporters/index';
