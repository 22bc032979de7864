// The generic fixture suite: every fixtures/rules/<id>/valid/* gives nothing for that rule; every
// invalid/* gives exactly the diagnostics of its .expected.json (UPDATE_SNAPSHOTS=1 rewrites them).
// A fixture may have a .settings.json beside it: account, region, partition and target, plus the
// IAM facts of its run, as the CLI gathers them: "config" (the roles, policies and secrets of an
// .ecs-lint.json, paths relative to the fixture) and "files" (other files of the run, e.g. an
// account-authorization-details output under ../support/), and "inputType" as --input-type.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dirname, relative } from 'node:path';
import type { ConfigFile } from '../src/cli/config';
import { lintFile, readSource } from '../src/cli/lint-file';
import { addConfigFacts, addFileFacts, finishFileFacts } from '../src/cli/workspace';
import { IamWorkspace } from '../src/iam/workspace';
import { prepareAllFormats } from '../src/loaders/formats';
import type { InputType } from '../src/loaders/index';
import type { LintSettings } from '../src/core/types';
import { RULES } from '../src/rules/index';
import { ROOT } from './support/cli';
import { fixtureFiles } from './support/fixtures';
import { settings } from './support/settings';

const FIXTURES = join(ROOT, 'fixtures/rules');
// YAML and Terraform support load asynchronously, once.
await prepareAllFormats();
const update = process.env.UPDATE_SNAPSHOTS === '1';

interface Sidecar extends Partial<LintSettings> {
  config?: Pick<ConfigFile, 'roles' | 'policies' | 'secrets'>;
  files?: string[];
  /** As --input-type (secret-payload for payload files). */
  inputType?: InputType;
}

function fixtureRun(file: string): { settings: LintSettings; workspace: IamWorkspace; inputType?: InputType } {
  const sidecarFile = file.replace(/\.[^.]+$/, '.settings.json');
  const sidecar: Sidecar = existsSync(sidecarFile) ? (JSON.parse(readFileSync(sidecarFile, 'utf8')) as Sidecar) : {};
  const { config, files, inputType, ...overrides } = sidecar;
  const workspace = new IamWorkspace();
  if (config) addConfigFacts(workspace, { ...config, directory: dirname(file) });
  for (const other of [...(files ?? []).map((name) => join(dirname(file), name)), file]) {
    const source = readSource(other, settings());
    // Shown as the CLI shows a path given from the repository root.
    if ('text' in source) addFileFacts(workspace, source.text, relative(ROOT, other), other);
  }
  // As the CLI does: a .tf file's facts (its module's) are finished into the workspace, and it is
  // linted against them rather than adding its own again.
  return { settings: settings(overrides), workspace: finishFileFacts(workspace), ...(inputType ? { inputType } : {}) };
}

function lintFixture(file: string, ruleId: string) {
  const run = fixtureRun(file);
  // Read as the CLI reads files, so encoding and binary problems are fixtures too.
  const result = lintFile(file, run.settings, {
    fileName: file,
    reportUnrecognized: true,
    workspace: run.workspace,
    factsInWorkspace: /\.tf$/i.test(file),
    ...(run.inputType ? { inputType: run.inputType } : {}),
  });
  assert.equal(result.internalErrors, [], `${file}: a rule threw`);
  return result.diagnostics
    .filter((diagnostic) => diagnostic.ruleId === ruleId)
    .map(({ ruleId: id, messageId, severity, line, column, endLine, endColumn, data }) => ({
      ruleId: id,
      messageId,
      severity,
      line,
      column,
      endLine,
      endColumn,
      ...(data ? { data } : {}),
    }));
}

for (const rule of RULES) {
  const test = suite(`rule ${rule.id}`);
  for (const name of fixtureFiles(join(FIXTURES, rule.id, 'valid'))) {
    test(`valid/${name}`, () => {
      const found = lintFixture(join(FIXTURES, rule.id, 'valid', name), rule.id);
      assert.equal(found, [], `expected no ${rule.id} diagnostics`);
    });
  }
  for (const name of fixtureFiles(join(FIXTURES, rule.id, 'invalid'))) {
    test(`invalid/${name}`, () => {
      const file = join(FIXTURES, rule.id, 'invalid', name);
      const expectedFile = file.replace(/\.[^.]+$/, '.expected.json');
      const found = lintFixture(file, rule.id);
      if (update) writeFileSync(expectedFile, `${JSON.stringify(found, null, 2)}\n`);
      assert.ok(existsSync(expectedFile), `${expectedFile} is missing (run with UPDATE_SNAPSHOTS=1)`);
      const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as unknown[];
      assert.ok(expected.length > 0, 'an invalid fixture must expect at least one diagnostic');
      assert.equal(found, expected);
    });
  }
  test.run();
}
