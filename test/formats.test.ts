// One broken task definition written in every input format ecs-lint reads: raw JSON, a
// CloudFormation template in JSON and in YAML, Terraform and a Terraform plan. Each must give the
// same rule ids, each at the place in its own file that holds the offending value.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT, runCli } from './support/cli';

const DIRECTORY = join(ROOT, 'fixtures/formats');
const FILES = ['taskdef.json', 'template.json', 'template.yaml', 'main.tf', 'plan.json'];

/** Each rule, and text that must start at the finding's position (case-insensitive: formats spell keys differently). */
const EXPECTED: Record<string, string> = {
  'image-reference': 'https://ghcr.io/acme/web:1.4.2',
  'execution-role-required': 'repositoryCredentials',
  'credentials-parameter-arn': 'arn:aws:ssm:eu-west-1:111122223333:parameter/registry',
  'plaintext-secret-env': 'hunter2-not-real',
};

interface Message {
  ruleId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const run = runCli(['--format', 'json', ...FILES.map((file) => join(DIRECTORY, file))]);
const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Message[] }>;

test('the run reports lint errors (exit 1) and nothing on stderr', () => {
  assert.is(run.code, 1, run.stderr);
  assert.is(run.stderr, '');
  assert.equal(results.map((result) => result.filePath.replace(/.*\//, '')).sort(), [...FILES].sort());
});

for (const file of FILES) {
  test(`${file}: the same rule ids as every other format`, () => {
    const result = results.find((candidate) => candidate.filePath.endsWith(`/${file}`));
    assert.ok(result, `${file} is in the report`);
    assert.equal(result!.messages.map((message) => message.ruleId).sort(), Object.keys(EXPECTED).sort());
  });

  test(`${file}: each finding starts at its value in the file (the key for execution-role-required)`, () => {
    const lines = readFileSync(join(DIRECTORY, file), 'utf8').split('\n');
    const result = results.find((candidate) => candidate.filePath.endsWith(`/${file}`))!;
    for (const message of result.messages) {
      const line = lines[message.line - 1] ?? '';
      const at = line.slice(message.column - 1);
      const expected = EXPECTED[message.ruleId]!;
      // A Terraform plan holds container_definitions as one JSON string: its values are escaped there (\").
      const value = at.replace(/^\\?"/, '');
      assert.ok(
        value.toLowerCase().startsWith(expected.toLowerCase()),
        `${file}:${message.line}:${message.column} ${message.ruleId} points at ${JSON.stringify(at.slice(0, 60))}, not at ${JSON.stringify(expected)}`,
      );
    }
  });
}

test.run();
