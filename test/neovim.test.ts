// The language server under Neovim's built-in LSP client (Debian's neovim): headless Neovim opens
// a broken task definition, starts `ecs-lint --lsp --stdio`, and writes back the diagnostics it got.
// Without nvim on PATH it is skipped, with a notice; CI installs neovim and requires it (.ci/run).

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, ROOT, tempProject } from './support/cli';
import { ensureBuilt } from './support/lsp';
import { findTool, testWithTool } from './support/tools';

const DOCS = 'https://github.com/ecs-lint/ecs-lint/blob/main/docs/rules/';

interface NeovimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  message: string;
  source: string;
  code: string;
  href: string | null;
}

interface NeovimResult {
  nvim?: string;
  filetype?: string;
  started?: boolean;
  received?: boolean;
  stopped?: boolean;
  exit_code?: number;
  error?: string;
  diagnostics: NeovimDiagnostic[];
  actions?: string[];
  fixed?: string;
}

const nvim = findTool('nvim', "install Debian's neovim (apt-get install -y neovim) to run it");

testWithTool(test, nvim, 'Neovim: a broken task definition gets ecs-lint diagnostics with rule id, 0-based position, severity and message', () => {
  ensureBuilt();

  const root = tempProject({});
  try {
    const file = join(root, 'task-definition.json');
    copyFileSync(join(ROOT, 'fixtures/lsp/task-definition.json'), file);
    const out = join(root, 'diagnostics.json');
    const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${join(ROOT, 'fixtures/lsp/neovim.lua')}`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      killSignal: 'SIGKILL',
      input: '',
      env: {
        ...process.env,
        ECS_LINT_BIN: BIN,
        ECS_LINT_ROOT: root,
        ECS_LINT_FILE: file,
        ECS_LINT_OUT: out,
        // Neovim's LSP log and state stay in the temporary directory.
        XDG_CACHE_HOME: join(root, '.cache'),
        XDG_STATE_HOME: join(root, '.state'),
        XDG_DATA_HOME: join(root, '.data'),
        XDG_CONFIG_HOME: join(root, '.config'),
      },
    });
    const detail = `nvim exited with ${run.status ?? run.signal}${run.error ? ` (${run.error.message})` : ''}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    assert.ok(existsSync(out), `Neovim wrote no result; ${detail}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as NeovimResult;
    const context = `${JSON.stringify(result, null, 2)}\n${detail}`;
    assert.is(result.error, undefined, context);
    assert.ok(result.started, `the client did not start; ${context}`);
    assert.ok(result.received, `no diagnostics within the timeout; ${context}`);

    const diagnostics = [...result.diagnostics].sort((a, b) => a.lnum - b.lnum || a.col - b.col);
    assert.equal(
      diagnostics.map(({ lnum, col, end_lnum, end_col, severity, code, source, href }) => ({ lnum, col, end_lnum, end_col, severity, code, source, href })),
      [
        { lnum: 11, col: 6, end_lnum: 11, end_col: 29, severity: 1, code: 'execution-role-required', source: 'ecs-lint', href: `${DOCS}execution-role-required.md` },
        { lnum: 12, col: 32, end_lnum: 12, end_col: 46, severity: 2, code: 'credentials-parameter-name-only', source: 'ecs-lint', href: `${DOCS}credentials-parameter-name-only.md` },
      ],
      context,
    );
    assert.match(diagnostics[0]!.message, /container "web" uses repositoryCredentials but the task has no executionRoleArn/);
    assert.match(diagnostics[1]!.message, /bare secret name "registry\/web"/);
    // Neovim stopped the client (shutdown, exit): the server ended with code 0.
    assert.ok(result.stopped, `the server did not exit after shutdown; ${context}`);
    assert.is(result.exit_code, 0, context);
    assert.is(run.status, 0, detail);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

testWithTool(test, nvim, 'Neovim: the code action of a fixable finding, applied as a workspace edit, fixes the buffer', () => {
  ensureBuilt();
  const policy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "secretsmanager:GetSecretValue",
      "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:ci/registry-*"
    }
  ]
}
`;
  const root = tempProject({ 'exec-policy.json': policy });
  try {
    const out = join(root, 'result.json');
    const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${join(ROOT, 'fixtures/lsp/neovim.lua')}`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      killSignal: 'SIGKILL',
      input: '',
      env: {
        ...process.env,
        ECS_LINT_BIN: BIN,
        ECS_LINT_ROOT: root,
        ECS_LINT_FILE: join(root, 'exec-policy.json'),
        ECS_LINT_OUT: out,
        ECS_LINT_FIX: '1',
        XDG_CACHE_HOME: join(root, '.cache'),
        XDG_STATE_HOME: join(root, '.state'),
        XDG_DATA_HOME: join(root, '.data'),
        XDG_CONFIG_HOME: join(root, '.config'),
      },
    });
    const detail = `nvim exited with ${run.status ?? run.signal}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    assert.ok(existsSync(out), `Neovim wrote no result; ${detail}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as NeovimResult;
    const context = `${JSON.stringify(result, null, 2)}\n${detail}`;
    assert.is(result.error, undefined, context);
    assert.equal(result.diagnostics.map((diagnostic) => diagnostic.code), ['policy-secret-wildcard'], context);
    assert.ok(result.actions?.some((title) => title.startsWith('Fix: ')), context);
    assert.is(`${result.fixed}\n`, policy.replace('ci/registry-*', 'ci/registry-??????'), context);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
