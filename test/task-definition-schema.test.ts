// schemas/task-definition.schema.json is what the generator makes from the ECS model kept in the
// repository, byte for byte, without Python or a network; the model ships with its licence.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './support/cli';

const MODEL_DIR = join(ROOT, 'schemas/aws-models/ecs');
const SCHEMA = join(ROOT, 'schemas/task-definition.schema.json');

function generate(args: string[]) {
  const work = mkdtempSync(join(tmpdir(), 'ecs-lint-schema-'));
  const output = join(work, 'task-definition.schema.json');
  try {
    // No PATH: the generator can run no other program (python3 included) to find its model.
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/generate-task-definition-schema.mjs'), ...args, '--output', output], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: '' },
      timeout: 60_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, schema: existsSync(output) ? readFileSync(output) : undefined };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

test('the schema in the repository is the one the kept model and the overlay make, byte for byte', () => {
  const run = generate([]);
  assert.is(run.code, 0, run.stderr);
  assert.ok(run.schema, 'the generator wrote nothing');
  assert.ok(run.schema.equals(readFileSync(SCHEMA)), 'schemas/task-definition.schema.json is stale: run `npm run generate:schema`');
});

test('the schema names the botocore version the README of the kept model gives', () => {
  const version = /\bbotocore (\d+(?:\.\d+)+)\b/.exec(readFileSync(join(MODEL_DIR, 'README.md'), 'utf8'))?.[1];
  assert.ok(version, 'schemas/aws-models/ecs/README.md names no botocore version');
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as { $comment: string };
  assert.ok(schema.$comment.includes(`botocore ${version} (schemas/aws-models/ecs/service-2.json`), schema.$comment);
});

test('another model can be named on the command line', () => {
  const run = generate([join(MODEL_DIR, 'service-2.json')]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /botocore \d+\.\d+\.\d+/);
  const missing = generate([join(MODEL_DIR, 'no-such-model.json')]);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /model file not found/);
});

test('the kept model ships with its licence and notice', () => {
  for (const name of ['service-2.json', 'LICENSE.txt', 'NOTICE', 'README.md']) assert.ok(existsSync(join(MODEL_DIR, name)), `${name} is missing`);
  assert.match(readFileSync(join(MODEL_DIR, 'LICENSE.txt'), 'utf8'), /Apache License\s+Version 2\.0/);
  const files = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;
  assert.ok(files.includes('schemas'), 'package.json "files" must include schemas/');
  assert.ok(!files.some((entry) => entry.startsWith('!schemas')), 'package.json "files" must not leave part of schemas/ out');
});

test.run();
