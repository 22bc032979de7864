// The language server (ecs-lint --lsp --stdio), driven over stdio by a real LSP client
// (vscode-languageserver-protocol), as an editor drives it.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { formatMessage } from '../src/core/text';
import { RULES_BY_ID } from '../src/rules/index';
import { ROOT, runCli, tempProject } from './support/cli';
import { ensureBuilt, fileUri, LspClient, type StartOptions } from './support/lsp';

const FIXTURES = join(ROOT, 'fixtures/lsp');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const BROKEN = fixture('task-definition.json');
const FIXED = fixture('task-definition.fixed.json');
const DOCS = 'https://github.com/ecs-lint/ecs-lint/blob/main/docs/rules/';

const clients: LspClient[] = [];
const temps: string[] = [];

async function start(options: StartOptions = {}): Promise<LspClient> {
  const { client } = await LspClient.start(options);
  clients.push(client);
  return client;
}

function project(files: Record<string, string>): string {
  const directory = tempProject(files);
  temps.push(directory);
  return directory;
}

/** What a test asserts of a diagnostic: everything the server sends but the message. */
function shape(diagnostic: Diagnostic): unknown {
  const { range, severity, code, codeDescription, source } = diagnostic;
  return { range, severity, code, codeDescription, source };
}

/** A diagnostic's message as text (LSP allows markup; ecs-lint sends plain strings). */
function message(diagnostic: Diagnostic | undefined): string {
  const text = diagnostic?.message;
  return typeof text === 'string' ? text : (text?.value ?? '');
}

const range = (line: number, character: number, endLine: number, endCharacter: number) => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});

/** The two findings of fixtures/lsp/task-definition.json, as LSP diagnostics. */
const BROKEN_EXPECTED = [
  {
    range: range(11, 6, 11, 29),
    severity: 1,
    code: 'execution-role-required',
    codeDescription: { href: `${DOCS}execution-role-required.md` },
    source: 'ecs-lint',
  },
  {
    range: range(12, 32, 12, 46),
    severity: 2,
    code: 'credentials-parameter-name-only',
    codeDescription: { href: `${DOCS}credentials-parameter-name-only.md` },
    source: 'ecs-lint',
  },
];

test.before(() => {
  ensureBuilt();
});

test.after.each(() => {
  for (const client of clients.splice(0)) client.kill();
});

test.after(() => {
  for (const directory of temps.splice(0)) rmSync(directory, { recursive: true, force: true });
});

test('initialize answers with the sync capabilities and server info; shutdown and exit end the process with code 0', async () => {
  const { client, initialized } = await LspClient.start({ root: project({}) });
  clients.push(client);
  assert.equal(initialized.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
  assert.is(initialized.serverInfo?.name, 'ecs-lint');
  assert.is(initialized.serverInfo?.version, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  assert.is(await client.shutdown(), 0);
});

test('a broken task definition: exact 0-based ranges, rule id as code, docs link, source and severity — what the CLI reports', async () => {
  const root = project({ 'task-definition.json': BROKEN });
  const client = await start({ root });
  const uri = fileUri(join(root, 'task-definition.json'));
  await client.open(uri, 'json', BROKEN);
  const published = await client.diagnostics(uri);
  assert.is(published.version, 1);
  assert.equal(published.diagnostics.map(shape), BROKEN_EXPECTED);
  assert.match(message(published.diagnostics[0]), /no executionRoleArn/);
  assert.equal(published.diagnostics[0]!.data, { messageId: 'registry-credentials' });

  // The same engine as the CLI: the same findings at the same (1-based) places.
  const cli = runCli(['--format', 'json', 'task-definition.json'], { cwd: root });
  const messages = (JSON.parse(cli.stdout) as Array<{ messages: Array<Record<string, unknown>> }>)[0]!.messages;
  assert.equal(
    published.diagnostics.map((d) => [d.code, d.message, d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1]),
    messages.map((m) => [m.ruleId, m.message, m.line, m.column, m.endLine, m.endColumn]),
  );
});

test('a finding\'s help is its related information, at its own range; a client that shows none gets it after the message', async () => {
  const root = project({ 'task-definition.json': BROKEN });
  const uri = fileUri(join(root, 'task-definition.json'));
  const help = formatMessage(RULES_BY_ID.get('execution-role-required')!.messages['registry-credentials']!.help!, { container: 'web' });
  // The test client declares relatedInformation, as VS Code and Neovim do.
  const client = await start({ root });
  await client.open(uri, 'json', BROKEN);
  const [first] = (await client.diagnostics(uri)).diagnostics;
  assert.equal(first!.relatedInformation, [{ location: { uri, range: first!.range }, message: help }]);
  assert.match(message(first), /^container "web" uses repositoryCredentials but the task has no executionRoleArn; [^.]+$/);

  const plain = await start({ root, capabilities: { textDocument: { publishDiagnostics: { relatedInformation: false } } } });
  await plain.open(uri, 'json', BROKEN);
  const [other] = (await plain.diagnostics(uri)).diagnostics;
  assert.is(other!.relatedInformation, undefined);
  assert.is(message(other), `${message(first)}. ${help}`);
});

test('didChange to the fixed text publishes an empty list; changes are debounced to the last version', async () => {
  const root = project({});
  const client = await start({ root });
  const uri = fileUri(join(root, 'task-definition.json'));
  await client.open(uri, 'json', BROKEN);
  assert.is((await client.diagnostics(uri, { version: 1 })).diagnostics.length, 2);
  const since = client.published.length;
  await client.change(uri, 2, BROKEN.replace('"registry/web"', '"arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-AbCdEf"'));
  await client.change(uri, 3, BROKEN);
  await client.change(uri, 4, FIXED);
  const fixed = await client.diagnostics(uri, { since, version: 4 });
  assert.equal(fixed.diagnostics, []);
  assert.equal(
    client.published.slice(since).filter((params) => params.uri === uri).map((params) => params.version),
    [4],
    'one lint, of the last version',
  );
  // And broken again.
  await client.change(uri, 5, BROKEN);
  assert.equal((await client.diagnostics(uri, { version: 5 })).diagnostics.map(shape), BROKEN_EXPECTED);
});

test('the debounce delay comes from initializationOptions.debounceMs', async () => {
  const root = project({});
  const client = await start({ root, initializationOptions: { debounceMs: 1500 } });
  const uri = fileUri(join(root, 'task-definition.json'));
  await client.open(uri, 'json', FIXED);
  await client.diagnostics(uri, { version: 1 });
  const changed = Date.now();
  await client.change(uri, 2, BROKEN);
  await client.diagnostics(uri, { version: 2 });
  const waited = Date.now() - changed;
  assert.ok(waited >= 1400, `published after ${waited} ms, before the 1500 ms debounce`);
});

test('the unsaved text is what is linted, on open, change and save', async () => {
  // On disk: fixed. In the editor: broken.
  const root = project({ 'task-definition.json': FIXED });
  const client = await start({ root });
  const uri = fileUri(join(root, 'task-definition.json'));
  await client.open(uri, 'json', BROKEN);
  assert.equal((await client.diagnostics(uri)).diagnostics.map(shape), BROKEN_EXPECTED);
  const since = client.published.length;
  await client.save(uri);
  const saved = await client.diagnostics(uri, { since });
  assert.equal(saved.diagnostics.map(shape), BROKEN_EXPECTED);

  // On disk: broken. In the editor: fixed.
  writeFileSync(join(root, 'other.json'), BROKEN);
  const other = fileUri(join(root, 'other.json'));
  await client.open(other, 'json', FIXED);
  assert.equal((await client.diagnostics(other)).diagnostics, []);
});

test('a YAML CloudFormation template', async () => {
  const root = project({});
  const client = await start({ root });
  const uri = fileUri(join(root, 'template.yaml'));
  await client.open(uri, 'yaml', fixture('template.yaml'));
  const published = await client.diagnostics(uri);
  assert.equal(published.diagnostics.map(shape), [
    {
      range: range(25, 23, 25, 28),
      severity: 1,
      code: 'fargate-platform-version',
      codeDescription: { href: `${DOCS}fargate-platform-version.md` },
      source: 'ecs-lint',
    },
  ]);
  assert.match(message(published.diagnostics[0]), /runs on Fargate 1\.1\.0/);
});

test('a Terraform .tf document', async () => {
  const root = project({});
  const client = await start({ root });
  const uri = fileUri(join(root, 'main.tf'));
  const text = fixture('main.tf');
  await client.open(uri, 'terraform', text);
  const published = await client.diagnostics(uri);
  assert.equal(published.diagnostics.map(shape), [
    {
      range: range(13, 6, 13, 27),
      severity: 1,
      code: 'execution-role-required',
      codeDescription: { href: `${DOCS}execution-role-required.md` },
      source: 'ecs-lint',
    },
  ]);
  await client.change(uri, 2, text.replace('  family                   = "web"\n', '  family                   = "web"\n  execution_role_arn       = "arn:aws:iam::111122223333:role/web-exec"\n'));
  assert.equal((await client.diagnostics(uri, { version: 2 })).diagnostics, []);
});

test('a .tf document is linted with the rest of its module from disk: what the command line reports for it', async () => {
  const task = [
    'resource "aws_ecs_task_definition" "web" {',
    '  family             = "web"',
    '  execution_role_arn = aws_iam_role.exec.arn',
    '  container_definitions = jsonencode([{',
    '    name  = "web"',
    '    image = "registry.example.com/team/web:1.0.0"',
    '    repositoryCredentials = { credentialsParameter = "arn:aws:secretsmanager:us-east-1:111122223333:secret:ci/registry-AbCdEf" }',
    '  }])',
    '}',
    'resource "aws_iam_role" "exec" {',
    '  name = "web-exec"',
    '}',
    '',
  ].join('\n');
  const policy = (secret: string) =>
    `resource "aws_iam_role_policy" "read" {\n  role   = aws_iam_role.exec.id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "arn:aws:secretsmanager:us-east-1:111122223333:secret:${secret}-??????" }] })\n}\n`;
  const root = project({ 'infra/ecs.tf': task, 'infra/iam.tf': policy('other'), 'infra/variables.tf': 'variable "x" {}\n' });
  const cli = runCli(['--format', 'json', 'infra/ecs.tf'], { cwd: root });
  const [fromCli] = JSON.parse(cli.stdout) as Array<{ messages: Array<{ ruleId: string; line: number; column: number; message: string }> }>;
  assert.equal(fromCli!.messages.map((m) => m.ruleId), ['execution-role-get-secret-value']);
  const client = await start({ root });
  const uri = fileUri(join(root, 'infra/ecs.tf'));
  await client.open(uri, 'terraform', task);
  const published = await client.diagnostics(uri);
  assert.equal(
    published.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line + 1, diagnostic.range.start.character + 1, message(diagnostic)]),
    fromCli!.messages.map((m) => [m.ruleId, m.line, m.column, m.message]),
  );
  // The policy of iam.tf on disk allows the secret: the editor agrees with `ecs-lint infra/ecs.tf`.
  writeFileSync(join(root, 'infra/iam.tf'), policy('ci/registry'));
  assert.is(runCli(['--format', 'compact', 'infra/ecs.tf'], { cwd: root }).stdout, '');
  await client.change(uri, 2, `${task}\n`);
  assert.equal((await client.diagnostics(uri, { version: 2 })).diagnostics, []);
});

test('a local of another file of the module: its unsaved text, as the command line reads the saved one', async () => {
  const task = [
    'resource "aws_ecs_task_definition" "web" {',
    '  family       = "web"',
    '  network_mode = local.mode',
    '  container_definitions = jsonencode([{ name = "web", image = "nginx:1.27", essential = true }])',
    '}',
    '',
  ].join('\n');
  const locals = (mode: string) => `locals {\n  mode = "${mode}"\n}\n`;
  const root = project({ 'infra/ecs.tf': task, 'infra/locals.tf': locals('awsvpc') });
  assert.is(runCli(['--format', 'compact', '--rule', 'execution-role-required:off', 'infra/ecs.tf'], { cwd: root }).stdout, '');
  writeFileSync(join(root, 'infra/locals.tf'), locals('awsvpn'));
  const cli = runCli(['--format', 'json', 'infra/ecs.tf'], { cwd: root });
  const [fromCli] = JSON.parse(cli.stdout) as Array<{ messages: Array<{ ruleId: string; line: number; column: number; message: string }> }>;
  assert.equal(fromCli!.messages.map((m) => [m.ruleId, m.line, m.column]), [['schema', 3, 18]]);
  // The editor holds locals.tf unsaved with the value on disk before: ecs.tf is linted with it.
  writeFileSync(join(root, 'infra/locals.tf'), locals('awsvpc'));
  const client = await start({ root });
  await client.open(fileUri(join(root, 'infra/locals.tf')), 'terraform', locals('awsvpn'));
  const uri = fileUri(join(root, 'infra/ecs.tf'));
  await client.open(uri, 'terraform', task);
  const published = await client.diagnostics(uri);
  assert.equal(
    published.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line + 1, diagnostic.range.start.character + 1, message(diagnostic)]),
    fromCli!.messages.map((m) => [m.ruleId, m.line, m.column, m.message]),
  );
});

test("the workspace's .ecs-lint.json: a rule turned off; a change to it re-lints the open documents", async () => {
  const root = project({ '.ecs-lint.json': JSON.stringify({ rules: { 'execution-role-required': 'off' } }) });
  const client = await start({ root });
  // The server asks to be told of changes to config files.
  const registered = JSON.stringify(await client.waitUntil(() => client.registrations[0], 'client/registerCapability'));
  assert.ok(registered.includes('workspace/didChangeWatchedFiles') && registered.includes('**/.ecs-lint.json'), registered);

  const uri = fileUri(join(root, 'services/web/task-definition.json'));
  await client.open(uri, 'json', BROKEN);
  assert.equal((await client.diagnostics(uri)).diagnostics.map(shape), [BROKEN_EXPECTED[1]]);

  const config = join(root, '.ecs-lint.json');
  writeFileSync(config, JSON.stringify({ rules: { 'credentials-parameter-name-only': 'off' } }));
  const since = client.published.length;
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(config), type: 2 }] });
  assert.equal((await client.diagnostics(uri, { since })).diagnostics.map(shape), [BROKEN_EXPECTED[0]]);
});

test('a broken config file: window/showMessage and an error at the start of the document, not a crash', async () => {
  const root = project({ '.ecs-lint.json': '{ "rules": { "execution-role-requred": "off" } }' });
  const client = await start({ root });
  const uri = fileUri(join(root, 'task-definition.json'));
  await client.open(uri, 'json', BROKEN);
  const published = await client.diagnostics(uri);
  assert.is(published.diagnostics.length, 1);
  assert.equal(published.diagnostics[0]!.range, range(0, 0, 0, 0));
  assert.is(published.diagnostics[0]!.severity, 1);
  assert.match(message(published.diagnostics[0]), /unknown rule "execution-role-requred"; did you mean "execution-role-required"\?/);
  const shown = await client.waitUntil(() => client.shown[0], 'window/showMessage');
  assert.is(shown.type, 1);
  assert.match(shown.message, /\.ecs-lint\.json:1:\d+: .*unknown rule "execution-role-requred"/);

  // Typing does not repeat the message; fixing the file lints again.
  await client.change(uri, 2, FIXED);
  await client.diagnostics(uri, { version: 2 });
  assert.is(client.shown.length, 1);
  writeFileSync(join(root, '.ecs-lint.json'), '{ "rules": { "execution-role-required": "off" } }');
  await client.change(uri, 3, BROKEN);
  assert.equal((await client.diagnostics(uri, { version: 3 })).diagnostics.map(shape), [BROKEN_EXPECTED[1]]);
  assert.is(client.child.exitCode, null);
});

test('documents that are not ecs-lint inputs get an empty list, never "not a task definition"', async () => {
  const root = project({});
  const client = await start({ root });
  const documents: Array<[string, string, string]> = [
    ['package.json', 'json', '{ "name": "web", "version": "1.0.0" }'],
    ['tsconfig.json', 'jsonc', '{\n  // comment\n  "compilerOptions": {}\n}'],
    ['broken.json', 'json', '{ "name": '],
    ['compose.yaml', 'yaml', 'services:\n  web:\n    image: nginx\n'],
    ['variables.tf', 'terraform', 'variable "region" {\n  default = "us-east-1"\n}\n'],
  ];
  for (const [name, languageId, text] of documents) {
    const uri = fileUri(join(root, name));
    await client.open(uri, languageId, text);
    assert.equal((await client.diagnostics(uri)).diagnostics, [], name);
  }
  // Other languages are not linted at all.
  const markdown = fileUri(join(root, 'README.md'));
  await client.open(markdown, 'markdown', '# web\n');
  const last = fileUri(join(root, 'last.json'));
  await client.open(last, 'json', '{}');
  await client.diagnostics(last);
  assert.not.ok(client.published.some((params) => params.uri === markdown));
});

test('bad input never crashes the server: every document gets its diagnostics', async () => {
  const root = project({});
  const client = await start({ root });
  const documents: Array<[string, string, string]> = [
    ['empty.json', 'json', ''],
    ['nul.json', 'json', '\u0000\u0001{"containerDefinitions": ['],
    ['deep.json', 'json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['template.yaml', 'yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  - : [\n'],
    ['broken.tf', 'terraform', 'resource "aws_ecs_task_definition" "web" {\n  family = \n'],
    ['bom.json', 'json', `\ufeff${BROKEN}`],
  ];
  for (const [name, languageId, text] of documents) {
    const uri = fileUri(join(root, name));
    await client.open(uri, languageId, text);
    await client.diagnostics(uri);
  }
  // A byte order mark still takes its place on the first line; the findings below it are where they were.
  const bom = await client.diagnostics(fileUri(join(root, 'bom.json')));
  assert.equal(bom.diagnostics.map(shape), BROKEN_EXPECTED);
  // A syntax error in a template or a .tf task definition is a parse-error finding.
  const yaml = await client.diagnostics(fileUri(join(root, 'template.yaml')));
  assert.equal(yaml.diagnostics.map((d) => d.code), ['parse-error']);
  const tf = await client.diagnostics(fileUri(join(root, 'broken.tf')));
  assert.ok(tf.diagnostics.every((d) => d.code === 'parse-error') && tf.diagnostics.length > 0, JSON.stringify(tf.diagnostics));
  assert.not.ok(client.logs.some((log) => /could not lint|internal error/.test(log.message)), client.logs.map((log) => log.message).join('\n'));
  assert.is(await client.shutdown(), 0);
});

test('IAM facts of the other open documents; closing a document clears its diagnostics', async () => {
  const root = project({});
  const client = await start({ root });
  const task = fileUri(join(root, 'task-definition.json'));
  const details = fileUri(join(root, 'iam/authorization-details.json'));
  await client.open(task, 'json', fixture('iam/task-definition.json'));
  assert.equal((await client.diagnostics(task)).diagnostics, []);

  // The role's policies become known: the task's secret is out of its reach.
  let since = client.published.length;
  await client.open(details, 'json', fixture('iam/authorization-details.json'));
  const known = await client.diagnostics(task, { since, test: (params) => params.diagnostics.length > 0 });
  assert.equal(known.diagnostics.map(shape), [
    {
      range: range(13, 32, 13, 106),
      severity: 1,
      code: 'execution-role-get-secret-value',
      codeDescription: { href: `${DOCS}execution-role-get-secret-value.md` },
      source: 'ecs-lint',
    },
  ]);
  assert.match(message(known.diagnostics[0]), /"web-exec" may not read /);

  since = client.published.length;
  await client.close(details);
  const closed = await client.diagnostics(details, { since });
  assert.equal(closed.diagnostics, []);
  assert.is(closed.version, undefined);
  assert.equal((await client.diagnostics(task, { since })).diagnostics, []);
});

test('ranges count UTF-16 code units, as LSP positions do', async () => {
  const root = project({});
  const client = await start({ root });
  const uri = fileUri(join(root, 'task.json'));
  const text = BROKEN.replace('"family": "web"', '"family": "wéb-😀"').replace(/\n\s*/g, ' ');
  await client.open(uri, 'json', text);
  const published = await client.diagnostics(uri);
  const at = text.indexOf('"repositoryCredentials"');
  const diagnostic = published.diagnostics.find((d) => d.code === 'execution-role-required');
  assert.equal(diagnostic?.range, range(0, at, 0, at + '"repositoryCredentials"'.length));
  assert.ok(text.slice(0, at).length > [...text.slice(0, at)].length, 'the text before has a surrogate pair');
});

test('plain --lsp talks over stdio too; closing its input ends the process', async () => {
  const client = await start({ root: project({}), args: ['--lsp'] });
  const uri = 'untitled:Untitled-1';
  await client.open(uri, 'json', BROKEN);
  assert.equal((await client.diagnostics(uri)).diagnostics.map(shape), BROKEN_EXPECTED);
  client.child.stdin!.end();
  const code = await client.within(
    new Promise((resolve) => (client.child.exitCode !== null ? resolve(client.child.exitCode) : client.child.on('exit', resolve))),
    'the server to exit',
  );
  assert.type(code, 'number');
});


/** A text with LSP text edits applied (0-based positions), as an editor applies a workspace edit. */
function applyEdits(text: string, edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  const lines = text.split('\n');
  const offset = (position: { line: number; character: number }) => lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  let result = text;
  for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  }
  return result;
}

test('code actions: a quick fix for a fixable finding, its suggestions, and source.fixAll.ecs-lint for fix-on-save', async () => {
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
  const root = project({ 'exec-policy.json': policy });
  const uri = fileUri(join(root, 'exec-policy.json'));
  const client = await start({ root });
  await client.open(uri, 'json', policy);
  const [diagnostic] = (await client.diagnostics(uri)).diagnostics;
  assert.is(diagnostic!.code, 'policy-secret-wildcard');
  type Action = { title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, Array<{ range: Diagnostic['range']; newText: string }>> } };
  const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic!.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
  assert.equal(actions.map((action) => [action.kind, action.isPreferred]), [['quickfix', true]]);
  const fixed = applyEdits(policy, actions[0]!.edit.changes[uri]!);
  assert.match(fixed, /"Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:ci\/registry-\?\?\?\?\?\?"/);
  assert.is(fixed.replace('-??????', '-*'), policy, 'only the wildcard changed');
  // Fix on save: every fix, as --fix makes them.
  const all = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: range(0, 0, 0, 0), context: { diagnostics: [], only: ['source.fixAll.ecs-lint'] } });
  assert.equal(all.map((action) => action.kind), ['source.fixAll.ecs-lint']);
  assert.is(applyEdits(policy, all[0]!.edit.changes[uri]!), fixed);
  const cli = runCli(['--format', 'json', '--fix-dry-run', 'exec-policy.json'], { cwd: root });
  assert.is((JSON.parse(cli.stdout) as Array<{ output: string }>)[0]!.output, fixed);
});

test.run();
