// The pre-commit hook, run by the real pre-commit (Debian's package) in a throw-away repository
// that installs the hook from this repository: a commit adding a broken task definition is refused
// with the finding shown; a good one passes; with --fix it fixes the staged file. The hook is installed from the committed HEAD.
// Without pre-commit on PATH it is skipped, with a notice; CI installs it and requires it (.ci/run).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './support/cli';
import { findTool, testWithTool } from './support/tools';

const preCommit = findTool('pre-commit', "install Debian's pre-commit (apt-get install -y pre-commit) to run it");
const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
// Hook environments are kept between runs of the suite: installing one takes a while.
const preCommitHome = join(tmpdir(), 'ecs-lint-pre-commit-home');
mkdirSync(preCommitHome, { recursive: true });

const GOOD = JSON.stringify(
  {
    family: 'web',
    executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'web',
        image: 'registry.example.com/team/web:1.4.2',
        repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-AbCdEf' },
      },
    ],
  },
  null,
  2,
);
const BROKEN = GOOD.replace('  "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",\n', '');

function git(cwd: string, ...args: string[]) {
  return spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PRE_COMMIT_HOME: preCommitHome, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' },
    timeout: 600_000,
  });
}

testWithTool(test, preCommit, 'pre-commit: a commit adding a broken task definition is refused with the finding; a good one passes', () => {
  const repo = mkdtempSync(join(tmpdir(), 'ecs-lint-hook-'));
  assert.is(git(repo, 'init', '-q').status, 0);
  writeFileSync(
    join(repo, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${ROOT}\n    rev: ${head}\n    hooks:\n      - id: ecs-lint\n`,
  );
  writeFileSync(join(repo, 'package.json'), '{ "name": "not-a-task-definition" }\n');
  const install = spawnSync('pre-commit', ['install'], { cwd: repo, encoding: 'utf8', env: { ...process.env, PRE_COMMIT_HOME: preCommitHome } });
  assert.is(install.status, 0, `pre-commit install failed (${install.error?.message ?? `exit ${install.status ?? install.signal}`}):\n${install.stdout}${install.stderr}`);

  writeFileSync(join(repo, 'taskdef.json'), BROKEN);
  git(repo, 'add', '.');
  const refused = git(repo, 'commit', '-q', '-m', 'broken');
  const output = refused.stdout + refused.stderr;
  assert.is.not(refused.status, 0, `the commit went through:\n${output}`);
  assert.match(output, /ecs-lint\.+Failed/);
  assert.match(output, /taskdef\.json:\d+:\d+ +error +container "web" uses repositoryCredentials but the task has no executionRoleArn/);
  // package.json is staged too, but it is not a task definition: the hook stays silent about it.
  assert.not.match(output, /not a task definition/);

  writeFileSync(join(repo, 'taskdef.json'), GOOD);
  git(repo, 'add', '.');
  const accepted = git(repo, 'commit', '-q', '-m', 'good');
  assert.is(accepted.status, 0, accepted.stdout + accepted.stderr);
  assert.match(accepted.stdout + accepted.stderr, /ecs-lint\.+Passed/);
});

testWithTool(test, preCommit, 'pre-commit with args: [--fix]: the hook fixes the staged file and fails the commit; the fixed file commits', () => {
  const repo = mkdtempSync(join(tmpdir(), 'ecs-lint-hook-'));
  assert.is(git(repo, 'init', '-q').status, 0);
  writeFileSync(
    join(repo, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${ROOT}\n    rev: ${head}\n    hooks:\n      - id: ecs-lint\n        args: [--fix]\n`,
  );
  const install = spawnSync('pre-commit', ['install'], { cwd: repo, encoding: 'utf8', env: { ...process.env, PRE_COMMIT_HOME: preCommitHome } });
  assert.is(install.status, 0, install.stdout + install.stderr);
  const policy = '{\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "secretsmanager:GetSecretValue",\n      "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-*"\n    }\n  ]\n}\n';
  writeFileSync(join(repo, 'policy.json'), policy);
  git(repo, 'add', '.');
  const refused = git(repo, 'commit', '-q', '-m', 'policy');
  const output = refused.stdout + refused.stderr;
  assert.is.not(refused.status, 0, `the commit went through:\n${output}`);
  assert.match(output, /files were modified by this hook/);
  const fixed = readFileSync(join(repo, 'policy.json'), 'utf8');
  assert.is(fixed, policy.replace('{\n', '{\n  "Version": "2012-10-17",\n').replace('web-*', 'web-??????'));
  git(repo, 'add', '.');
  const accepted = git(repo, 'commit', '-q', '-m', 'policy');
  assert.is(accepted.status, 0, accepted.stdout + accepted.stderr);
});

test.run();
