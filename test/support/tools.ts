// Tests that drive an external program (Neovim, pre-commit): on a machine without it they are
// skipped with a notice that names what to install; where ECS_LINT_REQUIRE_TOOLS=1 (.ci/run sets
// it, after installing them) a missing program fails the test instead, saying which.

import { spawnSync } from 'node:child_process';
import type { Test } from 'uvu';

export interface Tool {
  /** The command, as on PATH. */
  command: string;
  /** Its --version output's first line, or undefined when it cannot be run. */
  version: string | undefined;
  /** How to install it, for the notice. */
  install: string;
}

export function findTool(command: string, install: string): Tool {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const version = probe.status === 0 ? (probe.stdout || probe.stderr).split('\n')[0]?.trim() : undefined;
  return { command, version, install };
}

export const TOOLS_REQUIRED = process.env.ECS_LINT_REQUIRE_TOOLS === '1';

/**
 * Registers a test that needs a program: run when the program is there (or required, to fail),
 * skipped with a notice otherwise. The skip is counted in the run's closing line.
 */
export function testWithTool(test: Test, tool: Tool, name: string, handler: () => void | Promise<void>): void {
  if (tool.version || TOOLS_REQUIRED) {
    test(name, () => {
      if (!tool.version) throw new Error(`${tool.command} is not on PATH (ECS_LINT_REQUIRE_TOOLS=1 requires it): ${tool.install}`);
      return handler();
    });
    return;
  }
  process.stdout.write(`skipped: "${name}" needs ${tool.command}, which is not on PATH; ${tool.install}\n`);
  test.skip(name, handler);
}
