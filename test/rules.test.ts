// The generic fixture suite: every fixtures/rules/<id>/valid/* gives nothing for that rule; every
// invalid/* gives exactly the diagnostics of its .expected.json (UPDATE_SNAPSHOTS=1 rewrites them).
// A fixture may have a .settings.json beside it (account, region, partition, target).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lintFile } from '../src/cli/lint-file';
import type { LintSettings } from '../src/engine/types';
import { RULES } from '../src/rules/index';
import { ROOT } from './support/cli';
import { fixtureFiles } from './support/fixtures';
import { settings } from './support/settings';

const FIXTURES = join(ROOT, 'fixtures/rules');
const update = process.env.UPDATE_SNAPSHOTS === '1';

function fixtureSettings(file: string): LintSettings {
  const sidecar = file.replace(/\.[^.]+$/, '.settings.json');
  return settings(existsSync(sidecar) ? (JSON.parse(readFileSync(sidecar, 'utf8')) as Partial<LintSettings>) : {});
}

function lintFixture(file: string, ruleId: string) {
  // Read as the CLI reads files, so encoding and binary problems are fixtures too.
  const result = lintFile(file, fixtureSettings(file), { fileName: file, reportUnrecognized: true });
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
