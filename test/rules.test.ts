// The generic fixture suite: every fixtures/rules/<id>/valid/* gives nothing for that rule; every
// invalid/* gives exactly the diagnostics of its .expected.json (UPDATE_SNAPSHOTS=1 rewrites them).
// A fixture may have a .settings.json beside it: account, region, partition and target, plus the
// IAM facts of its run, as the CLI gathers them: "config" (the roles, policies and secrets of an
// .ecs-lint.json, paths relative to the fixture) and "files" (other files of the run, e.g. an
// account-authorization-details output under ../support/), and "inputType" as --input-type.

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EcsLint } from '../src/api/ecs-lint';
import type { ConfigFile } from '../src/api/config';
import type { InternalFailure, OverrideConfig } from '../src/api/types';
import { prepareAllFormats } from '../src/loaders/formats';
import type { InputType } from '../src/loaders/index';
import { RULES } from '../src/rules/index';
import { ROOT } from './support/cli';
import { fixtureFiles } from './support/fixtures';

const FIXTURES = join(ROOT, 'fixtures/rules');
// YAML and Terraform support load asynchronously, once.
await prepareAllFormats();
const update = process.env.UPDATE_SNAPSHOTS === '1';

interface Sidecar extends Omit<OverrideConfig, 'roles' | 'policies' | 'secrets' | 'basePath' | 'rules'> {
  config?: Pick<ConfigFile, 'roles' | 'policies' | 'secrets'>;
  files?: string[];
  /** As --input-type (secret-payload for payload files). */
  inputType?: InputType;
}

/**
 * A fixture's findings of one rule, linted through the API as `ecs-lint <fixture> <its files>` from
 * the repository's root lints it. A .tf fixture is linted in a copy of its folder and its rule's
 * support/ folder: the fixtures of one folder are not one Terraform module.
 */
async function lintFixture(file: string, ruleId: string) {
  const sidecarFile = file.replace(/\.[^.]+$/, '.settings.json');
  const sidecar: Sidecar = existsSync(sidecarFile) ? (JSON.parse(readFileSync(sidecarFile, 'utf8')) as Sidecar) : {};
  const { config, files, inputType, ...settings } = sidecar;
  const others = (files ?? []).map((name) => join(dirname(file), name));
  let root = ROOT;
  if (/\.tf$/.test(file)) {
    root = mkdtempSync(join(tmpdir(), 'ecs-lint-fixture-'));
    const support = join(dirname(dirname(file)), 'support');
    for (const path of [file, ...others, ...(existsSync(support) ? [support] : [])]) cpSync(path, join(root, relative(ROOT, path)), { recursive: true });
  }
  const failures: InternalFailure[] = [];
  try {
    const linter = new EcsLint({
      cwd: root,
      overrideConfig: { ...settings, ...config, basePath: relative(ROOT, dirname(file)) },
      ...(inputType ? { inputType } : {}),
      onInternalError: (failure) => failures.push(failure),
    });
    const shown = relative(ROOT, file);
    const results = await linter.lintFiles([...others.map((other) => relative(ROOT, other)), shown]);
    assert.equal(failures, [], `${file}: a rule threw`);
    const messages = results.find((result) => result.filePath === shown)?.messages ?? [];
    return messages
      .filter((message) => message.ruleId === ruleId)
      .map(({ ruleId: id, messageId, severity, line, column, endLine, endColumn, data }) => ({
        ruleId: id,
        messageId,
        severity: severity === 2 ? 'error' : 'warn',
        line,
        column,
        endLine,
        endColumn,
        ...(data ? { data } : {}),
      }));
  } finally {
    if (root !== ROOT) rmSync(root, { recursive: true, force: true });
  }
}

for (const rule of RULES) {
  const test = suite(`rule ${rule.id}`);
  for (const name of fixtureFiles(join(FIXTURES, rule.id, 'valid'))) {
    test(`valid/${name}`, async () => {
      const found = await lintFixture(join(FIXTURES, rule.id, 'valid', name), rule.id);
      assert.equal(found, [], `expected no ${rule.id} diagnostics`);
    });
  }
  for (const name of fixtureFiles(join(FIXTURES, rule.id, 'invalid'))) {
    test(`invalid/${name}`, async () => {
      const file = join(FIXTURES, rule.id, 'invalid', name);
      const expectedFile = file.replace(/\.[^.]+$/, '.expected.json');
      const found = await lintFixture(file, rule.id);
      if (update) writeFileSync(expectedFile, `${JSON.stringify(found, null, 2)}\n`);
      assert.ok(existsSync(expectedFile), `${expectedFile} is missing (run with UPDATE_SNAPSHOTS=1)`);
      const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as unknown[];
      assert.ok(expected.length > 0, 'an invalid fixture must expect at least one diagnostic');
      assert.equal(found, expected);
    });
  }
  test.run();
}
