// The Node.js API: EcsLint lints files and texts with the command's results, formats them, and is
// what the package exports. The package itself is packed and installed in an empty project, where
// `import { EcsLint } from 'ecs-lint'` and `require('ecs-lint')` work and a TypeScript file using
// its types compiles under --strict with --module nodenext.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EcsLint, InternalRuleError, NoFilesFoundError, type LintResult } from '../src/api/index';
import { prepareAllFormats } from '../src/loaders/formats';
import { ROOT, runCli, tempProject } from './support/cli';

await prepareAllFormats();

const FILE = 'fixtures/rules/execution-role-required/invalid/describe-output-no-role.json';

const api = suite('Node.js API');

api('lintFiles and lintText give a file the results of `ecs-lint --format json`', async () => {
  const linter = new EcsLint({ cwd: ROOT });
  const fromFiles = await linter.lintFiles([FILE]);
  const fromText = await linter.lintText(readFileSync(join(ROOT, FILE), 'utf8'), { filePath: FILE });
  const command = JSON.parse(runCli(['--format', 'json', FILE]).stdout) as LintResult[];
  const printed = (results: LintResult[]) => JSON.parse(JSON.stringify(results.map((result) => ({ ...result, messages: result.messages.map(({ data: _data, help: _help, ...message }) => message) }))));
  assert.equal(printed(fromFiles), command);
  assert.equal(printed(fromText), command);
  assert.is(fromFiles[0]!.errorCount, 1);
  assert.equal(fromFiles[0]!.messages[0]!.data, { container: 'admin' });
});

api('a text without a path is "<text>"; the facts of other texts serve it (an editor\'s open documents)', async () => {
  const task = JSON.stringify({
    family: 'web',
    executionRoleArn: 'arn:aws:iam::111122223333:role/web-exec',
    containerDefinitions: [{ name: 'web', image: 'registry.example.com/web:1', memory: 512, repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:ci/registry-AbCdEf' } }],
  });
  const policy = JSON.stringify({ RoleName: 'web-exec', PolicyName: 'logs', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] } });
  const directory = tempProject({});
  const linter = new EcsLint({ cwd: directory });
  const [alone] = await linter.lintText(task);
  assert.is(alone!.filePath, '<text>');
  assert.equal(alone!.messages, []);
  const [withRole] = await linter.lintText(task, { filePath: 'task.json', factFiles: [{ filePath: 'iam/web-exec.json', text: policy }] });
  assert.equal(withRole!.messages.map((message) => message.ruleId), ['execution-role-get-secret-value']);
  assert.match(`${withRole!.messages[0]!.message} ${withRole!.messages[0]!.help}`, /iam\/web-exec\.json/);
});

api('a pattern that names nothing throws NoFilesFoundError, or goes to onUnmatchedPattern with the rest linted', async () => {
  const directory = tempProject({ 'task.json': readFileSync(join(ROOT, FILE), 'utf8') });
  try {
    await new EcsLint({ cwd: directory }).lintFiles(['task.json', 'missing/*.json']);
    assert.unreachable('no error');
  } catch (error) {
    assert.instance(error, NoFilesFoundError);
    assert.equal((error as NoFilesFoundError).patterns, ['missing/*.json']);
  }
  const unmatched: string[] = [];
  const results = await new EcsLint({ cwd: directory, onUnmatchedPattern: (pattern) => unmatched.push(pattern) }).lintFiles(['task.json', 'missing/*.json']);
  assert.equal(unmatched, ['missing/*.json']);
  assert.equal(results.map((result) => result.filePath), ['task.json']);
  assert.ok(InternalRuleError.prototype instanceof Error);
});

api('settings: overrideConfig and the flat options over the config file; a bad one is an error; ignored files give nothing', async () => {
  const directory = tempProject({
    '.ecs-lint.json': JSON.stringify({ rules: { 'execution-role-required': 'warn' }, ignore: ['legacy/**'] }),
    'task.json': readFileSync(join(ROOT, FILE), 'utf8'),
    'legacy/task.json': readFileSync(join(ROOT, FILE), 'utf8'),
  });
  const byConfig = await new EcsLint({ cwd: directory }).lintFiles();
  assert.equal(byConfig.map((result) => [result.filePath, result.errorCount, result.warningCount]), [['task.json', 0, 1]]);
  const overridden = await new EcsLint({ cwd: directory, overrideConfig: { rules: { 'execution-role-required': 'off' } } }).lintFiles();
  assert.equal(overridden[0]!.messages, []);
  assert.equal(await new EcsLint({ cwd: directory }).lintText('{}', { filePath: 'legacy/task.json' }), []);
  const { settings } = await new EcsLint({ cwd: directory, region: 'eu-west-1', policyScope: 'all' }).calculateConfigForFile('task.json');
  assert.equal([settings.region, settings.policyScope, settings.rules['execution-role-required']], ['eu-west-1', 'all', 'warn']);
  assert.throws(() => new EcsLint({ rules: { 'execution-role-requird': 'off' } }), /unknown rule "execution-role-requird"; did you mean "execution-role-required"\?/);
  assert.throws(() => new EcsLint({ account: '1234' }), /12-digit/);
  const warnings = EcsLint.getErrorResults(byConfig);
  assert.equal([warnings[0]!.messages, warnings[0]!.warningCount], [[], 0]);
});

api('getRules and loadFormatter: every rule with its docs; the SARIF and stylish reports of the results', async () => {
  const linter = new EcsLint({ cwd: ROOT });
  const rules = linter.getRules();
  assert.is(rules.get('execution-role-required')!.severity, 'error');
  assert.match(rules.get('policy-version')!.docsUrl, /docs\/rules\/policy-version\.md$/);
  const results = await linter.lintFiles([FILE]);
  const sarif = JSON.parse(await (await linter.loadFormatter('sarif')).format(results)) as { version: string; runs: Array<{ results: unknown[] }> };
  assert.is(sarif.version, '2.1.0');
  assert.is(sarif.runs[0]!.results.length, 1);
  const coloured = await (await linter.loadFormatter('stylish')).format(results, { color: 1 });
  assert.match(coloured, /\u001b\[31m/);
  await assert.not.throws(() => linter.loadFormatter('stylish'));
  try {
    await linter.loadFormatter('xml' as 'json');
    assert.unreachable('no error');
  } catch (error) {
    assert.match(String(error), /unknown format "xml"/);
  }
});

api.run();

const packaged = suite('the package');

packaged('packed and installed in an empty project: import, require and TypeScript types', () => {
  const work = mkdtempSync(join(tmpdir(), 'ecs-lint-package-'));
  try {
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
    assert.is(pack.status, 0, pack.stderr);
    const tarball = join(work, pack.stdout.trim().split('\n').pop()!);
    const project = join(work, 'project');
    spawnSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-ecs-lint', version: '1.0.0', private: true, type: 'module' }));
    const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project, encoding: 'utf8' });
    assert.is(install.status, 0, install.stderr);
    const task = readFileSync(join(ROOT, FILE), 'utf8');
    writeFileSync(join(project, 'task.json'), task);
    writeFileSync(
      join(project, 'lint.js'),
      `import { EcsLint } from 'ecs-lint';
import { readFileSync } from 'node:fs';
const linter = new EcsLint();
const files = await linter.lintFiles(['task.json']);
const text = await linter.lintText(readFileSync('task.json', 'utf8'), { filePath: 'task.json' });
const sarif = JSON.parse(await (await linter.loadFormatter('sarif')).format(files));
console.log(JSON.stringify({ same: JSON.stringify(files) === JSON.stringify(text), rules: files[0].messages.map((m) => m.ruleId), sarif: sarif.runs[0].results.length }));
`,
    );
    const esm = spawnSync(process.execPath, ['lint.js'], { cwd: project, encoding: 'utf8' });
    assert.is(esm.stderr, '');
    assert.equal(JSON.parse(esm.stdout), { same: true, rules: ['execution-role-required'], sarif: 1 });
    const cjs = spawnSync(process.execPath, ['-e', "const { EcsLint } = require('ecs-lint'); new EcsLint().lintFiles(['task.json']).then((r) => console.log(r[0].errorCount))"], { cwd: project, encoding: 'utf8' });
    assert.is(cjs.stdout.trim(), '1', cjs.stderr);
    writeFileSync(
      join(project, 'check.ts'),
      `import { EcsLint, type LintMessage, type LintResult } from 'ecs-lint';
const linter = new EcsLint({ cwd: '.', region: 'eu-west-1', overrideConfig: { rules: { 'policy-version': 'off' } } });
const results: LintResult[] = await linter.lintFiles(['task.json']);
const errors: LintMessage[] = results.flatMap((result) => result.messages.filter((message: LintMessage) => message.severity === 2));
const line: number = errors[0]?.line ?? 0;
export { line };
`,
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--noEmit', 'check.ts'], { cwd: project, encoding: 'utf8' });
    assert.is(tsc.status, 0, tsc.stdout + tsc.stderr);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

packaged.run();
