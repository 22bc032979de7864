// Settings for tests: the defaults the CLI uses with no config file, with overrides.

import type { LintSettings } from '../../src/core/types';

export function settings(overrides: Partial<LintSettings> = {}): LintSettings {
  return { target: 'api', rules: {}, ...overrides };
}
