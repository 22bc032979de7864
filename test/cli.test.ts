// CLI scenarios: every option and exit code, run as a user runs the built command.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RULES } from '../src/rules/index';
import { colorLevel } from '../src/cli/main';
import { BIN, ROOT, runCli, tempProject } from './support/cli';
import { terraformExecutionRole, terraformTaskDefinition } from './support/terraform-module';

const CLEAN = JSON.stringify(
  {
    family: 'web',
    executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: 'registry.example.com/team/web:1.4.2',
        essential: true,
        repositoryCredentials: {
          credentialsParameter: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-AbCdEf',
        },
      },
    ],
  },
  null,
  2,
);

/** The messages of a SARIF log's results: each finding's text, then its help. */
function sarifMessages(stdout: string): string[] {
  return (JSON.parse(stdout) as { runs: Array<{ results: Array<{ message: { text: string } }> }> }).runs[0]!.results.map((result) => result.message.text);
}

/** repositoryCredentials without an execution role: one error, at line 7 column 7. */
const NO_ROLE = `{
  "family": "web",
  "containerDefinitions": [
    {
      "name": "web",
      "image": "registry.example.com/team/web:1.4.2",
      "repositoryCredentials": {
        "credentialsParameter": "arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-AbCdEf"
      }
    }
  ]
}
`;

/** Only a warning: a bare secret name. */
const NAME_ONLY = CLEAN.replace('arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-AbCdEf', 'registry/web');

/** A secret in another account and region than the task's role. */
/** An account-authorization-details output: the execution role with only AmazonECSTaskExecutionRolePolicy. */
const AUTHORIZATION_DETAILS = {
  RoleDetailList: [
    {
      RoleName: 'ecsTaskExecutionRole',
      Arn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
      RolePolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: 'AmazonECSTaskExecutionRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }],
    },
  ],
  Policies: [],
};
const CROSS = CLEAN.replace('arn:aws:secretsmanager:us-east-1:111122223333:', 'arn:aws:secretsmanager:eu-west-1:444455556666:');

test('a reader that stops early (ecs-lint … | head): the report is cut without a stack trace, the exit code is the lint\'s', () => {
  // Far more report than a pipe holds, so that the command is still writing when head exits.
  const dir = tempProject(Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`td-${i}.json`, NO_ROLE])));
  const quoted = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
  const script = `{ ${quoted(process.execPath)} ${quoted(BIN)} --format json .; echo "exit=$?" >&2; } | head -c 10 > /dev/null`;
  const run = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8' });
  assert.is(run.stderr, 'exit=1\n');
});

test('a report file that cannot be written: one line and exit 2; a cache file that cannot be written: a warning, the run stands', () => {
  const dir = tempProject({ 'td.json': NO_ROLE });
  // A file where the report's directory would be.
  const report = runCli(['-o', 'td.json/report.json', 'td.json'], { cwd: dir });
  assert.is(report.code, 2);
  assert.match(report.stderr, /^ecs-lint: cannot write the report to td\.json\/report\.json \((?:EEXIST|ENOTDIR)\)\n$/);
  const cached = runCli(['--format', 'compact', '--cache', '--cache-location', join(dir, 'missing/cache'), 'td.json'], { cwd: dir });
  assert.is(cached.code, 1);
  assert.match(cached.stdout, /^td\.json:7:7: error /);
  assert.is(cached.stderr, `ecs-lint: warning: cannot write the cache file ${join(dir, 'missing/cache')} (ENOENT); this run's results are not cached\n`);
});

test('control characters from a file reach no output raw: a line break or an escape sequence is written as an escape, one finding stays one line', () => {
  const td = '{"family":"web","containerDefinitions":[{"name":"a","image":"x","bad\\u001b[31mkey":1,"repositoryCredentials":{"credentialsParameter":"name\\nwith a line break\\u202e"}}]}';
  const dir = tempProject({ 'td.json': td });
  for (const format of ['compact', 'stylish', 'github', 'json', 'junit', 'sarif']) {
    const run = runCli(['--format', format, 'td.json'], { cwd: dir });
    assert.is(run.code, 1, format);
    assert.not.ok(run.stdout.includes('\u001b'), `${format}: no escape character`);
    // In JSON the escape's backslash is itself escaped.
    const escaped = format === 'json' || format === 'sarif' ? 'bad\\\\u001b[31mkey' : 'bad\\u001b[31mkey';
    assert.ok(run.stdout.includes(escaped), `${format}: the key, escaped`);
  }
  const compact = runCli(['--format', 'compact', 'td.json'], { cwd: dir }).stdout.trim().split('\n');
  assert.ok(compact.every((line) => /^td\.json:\d+:\d+: (?:error|warn) .* \[[a-z-]+\]$/.test(line)), compact.join('\n'));
  assert.ok(compact.some((line) => line.includes('"name\\nwith a line break\\u202e"')));
});

test('--version prints the package version', () => {
  const run = runCli(['--version']);
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  assert.is(run.stdout.trim(), version);
  assert.is(run.code, 0);
});

test('the V8 code cache: a damaged one is rejected and written anew, the run unchanged; off leaves it alone', () => {
  // A copy of the installed command (bin/, dist/ and docs/, as the package has them: no
  // node_modules, which the package does not need), so the real one is untouched.
  const copy = mkdtempSync(join(tmpdir(), 'ecs-lint-install-'));
  cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'docs'), join(copy, 'docs'), { recursive: true });
  const cacheFile = join(copy, 'dist', `cli.${process.version}-${process.arch}.v8cache`);
  assert.ok(existsSync(cacheFile), 'the build makes a cache for this Node');
  const expected = runCli(['--format', 'compact', 'fixtures/rules/execution-role-required/invalid']);
  const runCopy = (env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(copy, 'bin/ecs-lint.js'), '--format', 'compact', 'fixtures/rules/execution-role-required/invalid'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
  writeFileSync(cacheFile, 'not a code cache');
  const off = runCopy({ ECS_LINT_CODE_CACHE: 'off' });
  assert.equal([off.status, off.stdout, off.stderr], [expected.code, expected.stdout, expected.stderr]);
  assert.is(readFileSync(cacheFile, 'utf8'), 'not a code cache');
  const damaged = runCopy();
  assert.equal([damaged.status, damaged.stdout, damaged.stderr], [expected.code, expected.stdout, expected.stderr]);
  assert.ok(statSync(cacheFile).size > 10_000, 'a new cache was written');
  const again = runCopy();
  assert.equal([again.status, again.stdout], [expected.code, expected.stdout]);
  // Without the build, in an installed copy (no scripts/ to build with): a clear message and exit 2,
  // not a stack trace.
  rmSync(join(copy, 'dist'), { recursive: true });
  const unbuilt = runCopy();
  assert.is(unbuilt.status, 2);
  assert.match(unbuilt.stderr, /^ecs-lint: the built command is missing \(ENOENT: .*cli\.cjs\); run "npm install" and "npm run build" in /);
  assert.not.match(unbuilt.stderr, /\n\s+at /);
});

test('--help shows usage, options, examples and exit codes', () => {
  const run = runCli(['--help']);
  assert.is(run.code, 0);
  for (const text of ['Usage: ecs-lint', '--format', '--stdin-filename', '--max-warnings', 'Examples:', 'Exit codes']) {
    assert.ok(run.stdout.includes(text), `help lacks ${text}`);
  }
});

test('an unknown option is a usage error: exit 2', () => {
  const run = runCli(['--frobnicate']);
  assert.is(run.code, 2);
  assert.match(run.stderr, /Unknown argument/);
  assert.is(run.stdout, '');
});

test('a path that does not exist: exit 2 with a clear message', () => {
  const run = runCli(['no/such/taskdef.json']);
  assert.is(run.code, 2);
  assert.match(run.stderr, /no such file or directory.*"no\/such\/taskdef.json"/);
});

test('a clean task definition: exit 0 and no output', () => {
  const dir = tempProject({ 'td.json': CLEAN });
  const run = runCli(['td.json'], { cwd: dir });
  assert.is(run.stdout, '');
  assert.is(run.code, 0);
});

test('stylish (default) prints file:line:column, severity, message and rule id, then a summary; exit 1', () => {
  const dir = tempProject({ 'td.json': NO_ROLE });
  const run = runCli(['td.json'], { cwd: dir });
  assert.is(run.code, 1);
  assert.match(run.stdout, /^td\.json:7:7 {2}error {2}container "web" uses repositoryCredentials but the task has no executionRoleArn.* {2}execution-role-required$/m);
  assert.match(run.stdout, /✖ 1 problem \(1 error, 0 warnings\)/);
  assert.not.match(run.stdout, /\x1b\[/, 'no colour when stdout is not a terminal');
});

test('--format compact prints one line per finding', () => {
  const dir = tempProject({ 'td.json': NO_ROLE });
  const run = runCli(['--format', 'compact', 'td.json'], { cwd: dir });
  assert.is(run.code, 1);
  assert.match(run.stdout, /^td\.json:7:7: error container "web" uses repositoryCredentials .* \[execution-role-required\]\n$/);
});

test('--format json on a describe-task-definition output reports execution-role-required on the right line', () => {
  const describe = `{
  "taskDefinition": {
    "taskDefinitionArn": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:7",
    "family": "web",
    "revision": 7,
    "status": "ACTIVE",
    "containerDefinitions": [
      {
        "name": "web",
        "image": "registry.example.com/team/web:1.4.2",
        "repositoryCredentials": {
          "credentialsParameter": "arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-AbCdEf"
        }
      }
    ],
    "requiresAttributes": [{ "name": "com.amazonaws.ecs.capability.ecr-auth" }],
    "compatibilities": ["EC2", "FARGATE"],
    "registeredAt": "2026-11-01T10:00:00.000Z"
  },
  "tags": []
}
`;
  const dir = tempProject({ 'describe.json': describe });
  const run = runCli(['--format', 'json', 'describe.json'], { cwd: dir });
  assert.is(run.code, 1);
  const results = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
  assert.is(results.length, 1);
  const [result] = results as [{ filePath: string; messages: Array<Record<string, unknown>>; errorCount: number; warningCount: number }];
  assert.is(result.filePath, 'describe.json');
  assert.is(result.errorCount, 1);
  assert.is(result.warningCount, 0);
  assert.equal(result.messages.length, 1);
  const [message] = result.messages as [Record<string, unknown>];
  assert.equal(
    { ruleId: message.ruleId, severity: message.severity, line: message.line, column: message.column, endLine: message.endLine, endColumn: message.endColumn },
    { ruleId: 'execution-role-required', severity: 2, line: 11, column: 9, endLine: 11, endColumn: 32 },
  );
  assert.match(String(message.message), /no executionRoleArn/);
  assert.match(String(message.docsUrl), /docs\/rules\/execution-role-required\.md$/);
});

test('a parse error among good files: exit 1, a parse-error with its position, the other files still linted', () => {
  const dir = tempProject({ 'a-good.json': CLEAN, 'b-broken.json': '{\n  "family": "web",\n  "containerDefinitions": [\n', 'c-no-role.json': NO_ROLE });
  const run = runCli(['--format', 'compact', '.'], { cwd: dir });
  assert.is(run.code, 1);
  assert.match(run.stdout, /^b-broken\.json:4:1: error invalid JSON: unexpected end of file.*\[parse-error\]$/m);
  assert.match(run.stdout, /^c-no-role\.json:7:7: error .*\[execution-role-required\]$/m);
  assert.not.match(run.stdout, /a-good\.json/);
});

test('a directory with other JSON: skipped silently; the same file named explicitly is reported', () => {
  const dir = tempProject({
    'deploy/td.json': CLEAN,
    'deploy/package.json': JSON.stringify({ name: 'app', version: '1.0.0' }),
    'deploy/tsconfig.json': '{ // comments are fine in tsconfig\n "compilerOptions": {} }',
    'deploy/notes.yaml': 'key: value\n',
    'node_modules/x/td.json': NO_ROLE,
  });
  const quiet = runCli(['--format', 'json', '.'], { cwd: dir });
  assert.is(quiet.code, 0);
  assert.equal((JSON.parse(quiet.stdout) as Array<{ filePath: string }>).map((r) => r.filePath), ['deploy/td.json']);
  const named = runCli(['--format', 'compact', 'deploy/package.json'], { cwd: dir });
  assert.is(named.code, 0);
  assert.match(named.stdout, /^deploy\/package\.json:1:1: warn not a task definition.*\[parse-error\]$/m);
});

test('a directory expands to .json/.yaml/.yml/.template/.tf files, sorted, through dot directories, not node_modules, .git or .terraform; links to files are followed, not to directories', () => {
  const dir = tempProject({
    'b/td.json': NO_ROLE,
    'a/td.yml': 'Resources: {}\n',
    'a/stack.template': '{}',
    '.deploy/td.json': NO_ROLE,
    'main.tf': '',
    'notes.txt': NO_ROLE,
    'td.JSON': NO_ROLE,
    'node_modules/x/td.json': NO_ROLE,
    '.git/td.json': NO_ROLE,
    '.terraform/modules/x/td.json': NO_ROLE,
    'outside/td.json': NO_ROLE,
  });
  symlinkSync(join(dir, 'b/td.json'), join(dir, 'link.json'));
  symlinkSync(join(dir, 'outside'), join(dir, 'linked-directory'));
  symlinkSync(join(dir, 'nowhere.json'), join(dir, 'dangling.json'));
  // Every task definition here has a finding, so each one linted is listed (other files are not);
  // a .tf file is always an input of its module, listed with nothing to report.
  const listed = runCli(['--format', 'json', '.'], { cwd: dir });
  assert.is(listed.code, 1);
  assert.equal(
    (JSON.parse(listed.stdout) as Array<{ filePath: string }>).map((result) => result.filePath),
    ['.deploy/td.json', 'b/td.json', 'link.json', 'main.tf', 'outside/td.json'],
  );
});

test('globs expand to matching files', () => {
  const dir = tempProject({ 'env/prod/td.json': NO_ROLE, 'env/dev/td.json': CLEAN, 'other/td.json': NO_ROLE });
  const run = runCli(['--format', 'compact', 'env/**/*.json'], { cwd: dir });
  assert.is(run.code, 1);
  assert.match(run.stdout, /^env\/prod\/td\.json:7:7:/m);
  assert.not.match(run.stdout, /other\//);
  assert.is(runCli(['nothing/**/*.json'], { cwd: dir }).code, 2);
});

test('.ecs-lint.json is found upward from the working directory; --config names another', () => {
  const dir = tempProject({
    '.ecs-lint.json': JSON.stringify({ rules: { 'execution-role-required': 'warn' } }),
    'services/web/td.json': NO_ROLE,
    'strict.json': JSON.stringify({ rules: {} }),
  });
  const found = runCli(['--format', 'compact', 'td.json'], { cwd: join(dir, 'services/web') });
  assert.match(found.stdout, /: warn .*\[execution-role-required\]/);
  assert.is(found.code, 0);
  const explicit = runCli(['--format', 'compact', '--config', join(dir, 'strict.json'), 'td.json'], { cwd: join(dir, 'services/web') });
  assert.match(explicit.stdout, /: error .*\[execution-role-required\]/);
  assert.is(explicit.code, 1);
});

test('an invalid config file: exit 2 with file:line:column and a suggestion', () => {
  const dir = tempProject({
    '.ecs-lint.json': '{\n  "rules": {\n    "execution-role-requird": "error"\n  },\n  "acount": "111122223333",\n  "region": "useast1"\n}\n',
    'td.json': CLEAN,
  });
  const run = runCli(['td.json'], { cwd: dir });
  assert.is(run.code, 2);
  assert.match(run.stderr, /\.ecs-lint\.json:3:5: "rules\.execution-role-requird" unknown rule "execution-role-requird"; did you mean "execution-role-required"\?/);
  assert.match(run.stderr, /\.ecs-lint\.json:5:3: "acount" unknown setting "acount"; did you mean "account"\?/);
  assert.match(run.stderr, /\.ecs-lint\.json:6:13: "region" must be an AWS region/);
  const broken = tempProject({ '.ecs-lint.json': '{ "rules": ', 'td.json': CLEAN });
  const parse = runCli(['td.json'], { cwd: broken });
  assert.is(parse.code, 2);
  assert.match(parse.stderr, /\.ecs-lint\.json:1:12: invalid JSON/);
});

test('--rule sets severities; a bad --rule is a usage error with a suggestion', () => {
  const dir = tempProject({ 'td.json': NO_ROLE });
  const off = runCli(['--rule', 'execution-role-required:off', 'td.json'], { cwd: dir });
  assert.is(off.stdout, '');
  assert.is(off.code, 0);
  const warn = runCli(['--format', 'compact', '--rule', 'execution-role-required:warn', 'td.json'], { cwd: dir });
  assert.match(warn.stdout, /: warn /);
  assert.is(warn.code, 0);
  const bad = runCli(['--rule', 'execution-role-required=off', 'td.json'], { cwd: dir });
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /must be <rule-id>:off\|warn\|error/);
  const unknown = runCli(['--rule', 'secret-nam:off', 'td.json'], { cwd: dir });
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /unknown rule "secret-nam"; did you mean "secret-name"\?/);
});

test('--account and --region enable the cross-account and cross-region rules', () => {
  const dir = tempProject({ 'td.json': CROSS });
  const plain = runCli(['--format', 'compact', '--region', 'us-east-1', 'td.json'], { cwd: dir });
  // The role's account (111122223333) is the task's account: the secret's (444455556666) differs.
  assert.match(plain.stdout, /\[secret-cross-account\]/);
  assert.match(plain.stdout, /region eu-west-1, but the task runs in us-east-1.*\[secret-cross-region\]/);
  const noRegion = runCli(['--format', 'compact', 'td.json'], { cwd: dir });
  assert.not.match(noRegion.stdout, /secret-cross-region/);
  const sameAccount = runCli(['--format', 'compact', '--account', '444455556666', '--region', 'eu-west-1', 'td.json'], { cwd: dir });
  assert.is(sameAccount.stdout, '');
  const bad = runCli(['--account', '1234', 'td.json'], { cwd: dir });
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /12-digit/);
  assert.is(runCli(['--region', 'Frankfurt', 'td.json'], { cwd: dir }).code, 2);
});

test('--partition: a role of another partition is an error', () => {
  const dir = tempProject({ 'td.json': CLEAN });
  const run = runCli(['--format', 'compact', '--partition', 'aws-cn', 'td.json'], { cwd: dir });
  assert.is(run.code, 1);
  assert.match(run.stdout, /executionRoleArn is in the partition "aws", but the task runs in "aws-cn".*\[execution-role-arn\]/);
  assert.is(runCli(['--partition', 'aws-mars', 'td.json'], { cwd: dir }).code, 2);
});

test('--target console makes a bare secret name an error', () => {
  const dir = tempProject({ 'td.json': NAME_ONLY });
  const api = runCli(['--format', 'compact', 'td.json'], { cwd: dir });
  assert.match(api.stdout, /: warn .*\[credentials-parameter-name-only\]/);
  assert.is(api.code, 0);
  const console = runCli(['--format', 'compact', '--target', 'console', 'td.json'], { cwd: dir });
  assert.match(console.stdout, /: error .*the console needs its full ARN.*\[credentials-parameter-name-only\]/);
  assert.is(console.code, 1);
});

test('--max-warnings: warnings pass by default and fail above the limit', () => {
  const dir = tempProject({ 'td.json': NAME_ONLY });
  assert.is(runCli(['td.json'], { cwd: dir }).code, 0);
  assert.is(runCli(['--max-warnings', '1', 'td.json'], { cwd: dir }).code, 0);
  const over = runCli(['--max-warnings', '0', 'td.json'], { cwd: dir });
  assert.is(over.code, 1);
  assert.match(over.stderr, /ecs-lint: 1 warning, more than --max-warnings 0/);
  assert.is(runCli(['--max-warnings', 'many', 'td.json'], { cwd: dir }).code, 2);
});

test('--quiet reports errors only', () => {
  const dir = tempProject({ 'warn.json': NAME_ONLY, 'error.json': NO_ROLE });
  const run = runCli(['--quiet', '--format', 'compact', '.'], { cwd: dir });
  assert.is(run.code, 1);
  assert.match(run.stdout, /error\.json:7:7: error/);
  assert.not.match(run.stdout, /warn/);
});

test('--stdin with --stdin-filename lints unsaved text under that name', () => {
  const run = runCli(['--stdin', '--stdin-filename', 'services/web/td.json', '--format', 'compact'], { input: NO_ROLE });
  assert.is(run.code, 1);
  assert.match(run.stdout, /^services\/web\/td\.json:7:7: error .*\[execution-role-required\]$/m);
  const anonymous = runCli(['--stdin', '--format', 'compact'], { input: '{"family": ' });
  assert.match(anonymous.stdout, /^<stdin>:1:12: error invalid JSON/);
  assert.is(anonymous.code, 1);
  const clean = runCli(['--stdin'], { input: CLEAN });
  assert.is(clean.code, 0);
  assert.is(runCli(['--stdin-filename', 'x.json']).code, 2);
  assert.is(runCli(['--stdin', 'x.json'], { input: CLEAN }).code, 2);
});

test('--stdin reads bytes as files are read: UTF-16 with a BOM is linted, binary data and invalid UTF-8 are reported', () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NO_ROLE, 'utf16le')]);
  const fromUtf16 = runCli(['--stdin', '--format', 'compact'], { input: utf16 });
  assert.match(fromUtf16.stdout, /^<stdin>:7:7: error .*\[execution-role-required\]$/m);
  const binary = runCli(['--stdin', '--format', 'compact'], { input: Buffer.from([0x7b, 0x00, 0x7d]) });
  assert.match(binary.stdout, /^<stdin>:1:1: error the file is binary/);
  assert.is(binary.code, 1);
  const invalid = runCli(['--stdin', '--format', 'compact'], { input: Buffer.concat([Buffer.from('{"family": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]) });
  assert.match(invalid.stdout, /^<stdin>:1:13: error the file is not valid UTF-8/);
  assert.is(invalid.stderr, '');
});

test('--output-file writes the report there and nothing to stdout', () => {
  const dir = tempProject({ 'td.json': NO_ROLE });
  const run = runCli(['--format', 'json', '--output-file', 'report.json', 'td.json'], { cwd: dir });
  assert.is(run.code, 1);
  assert.is(run.stdout, '');
  assert.ok(existsSync(join(dir, 'report.json')));
  assert.is((JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as unknown[]).length, 1);
});

test('colour as chalk users expect: --color and FORCE_COLOR force it, --no-color, FORCE_COLOR=0 and NO_COLOR keep it off', () => {
  const dir = tempProject({ 'td.json': NO_ROLE });
  const colored = /\x1b\[31merror/;
  assert.match(runCli(['--color', 'td.json'], { cwd: dir }).stdout, colored);
  assert.not.match(runCli(['--no-color', 'td.json'], { cwd: dir }).stdout, /\x1b\[/);
  // The runs' standard output is a pipe, and NO_COLOR is set: FORCE_COLOR wins over both.
  assert.match(runCli(['td.json'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout, colored);
  assert.match(runCli(['td.json'], { cwd: dir, env: { FORCE_COLOR: '' } }).stdout, colored);
  assert.not.match(runCli(['td.json'], { cwd: dir, env: { FORCE_COLOR: '0' } }).stdout, /\x1b\[/);
  assert.not.match(runCli(['--no-color', 'td.json'], { cwd: dir, env: { FORCE_COLOR: '3' } }).stdout, /\x1b\[/);
  assert.not.match(runCli(['td.json'], { cwd: dir }).stdout, /\x1b\[/);
});

test('colorLevel: flags, then FORCE_COLOR, then NO_COLOR, then the terminal; a report file is plain unless --color', () => {
  const tty = { isTTY: true, write: () => true };
  const pipe = { isTTY: false, write: () => true };
  const level = (options: { color?: boolean; outputFile?: string }, env: Record<string, string>, stdout = tty) => colorLevel(options, { env, stdout });
  assert.is(level({}, {}), 1);
  assert.is(level({}, {}, pipe), 0);
  assert.is(level({}, { NO_COLOR: '1' }), 0);
  assert.is(level({}, { NO_COLOR: '' }), 1);
  assert.is(level({}, { FORCE_COLOR: '2', NO_COLOR: '1' }, pipe), 2);
  assert.is(level({}, { FORCE_COLOR: 'false' }), 0);
  assert.is(level({}, { FORCE_COLOR: 'true' }, pipe), 1);
  assert.is(level({ color: true }, { NO_COLOR: '1' }, pipe), 1);
  assert.is(level({ color: true }, { FORCE_COLOR: '3' }, pipe), 3);
  assert.is(level({ color: false }, { FORCE_COLOR: '3' }), 0);
  assert.is(level({ outputFile: 'report.txt' }, { FORCE_COLOR: '1' }), 0);
  assert.is(level({ outputFile: 'report.txt', color: true }, {}), 1);
});

test('reportUnknownConditions in the config file, as --report-unknown-conditions, brings the warnings about conditions back', () => {
  const dir = tempProject({
    'td.json': CLEAN,
    'iam/read.json': JSON.stringify({
      RoleName: 'ecsTaskExecutionRole',
      PolicyName: 'read',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'web' } } }],
      },
    }),
  });
  assert.is(runCli(['--format', 'compact', '.'], { cwd: dir }).stdout, '');
  const flagged = runCli(['--format', 'compact', '--report-unknown-conditions', '.'], { cwd: dir }).stdout;
  assert.match(flagged, /warn the execution role "ecsTaskExecutionRole" may read this secret only if the Condition on /);
  writeFileSync(join(dir, '.ecs-lint.json'), JSON.stringify({ reportUnknownConditions: true }));
  assert.is(runCli(['--format', 'compact', '.'], { cwd: dir }).stdout, flagged);
});

test('each file has the nearest .ecs-lint.json upward from it: a monorepo linted from its root', () => {
  const dir = tempProject({
    '.ecs-lint.json': JSON.stringify({ rules: { 'credentials-parameter-name-only': 'error' } }),
    'root.json': NAME_ONLY,
    'services/a/.ecs-lint.json': JSON.stringify({ rules: { 'credentials-parameter-name-only': 'off' }, ignore: ['legacy/**'] }),
    'services/a/td.json': NAME_ONLY,
    'services/a/legacy/td.json': NO_ROLE,
    'services/b/td.json': NAME_ONLY,
    'services/c/.ecs-lint.json': JSON.stringify({ region: 'eu-west-1', account: '111122223333' }),
    'services/c/td.json': NAME_ONLY,
  });
  const run = runCli(['--format', 'json', '.'], { cwd: dir });
  const byFile = Object.fromEntries((JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; severity: number }> }>).map((r) => [r.filePath, r.messages.map((m) => `${m.ruleId}:${m.severity}`)]));
  // The root's config: an error; services/a's own turns the rule off and ignores legacy/; services/b
  // has none of its own and takes the root's; services/c's own leaves the rule at its default.
  assert.equal(byFile, {
    'root.json': ['credentials-parameter-name-only:2'],
    'services/a/td.json': [],
    'services/b/td.json': ['credentials-parameter-name-only:2'],
    'services/c/td.json': ['credentials-parameter-name-only:1'],
  });
  assert.is(run.code, 1);
  // Named from inside a service, or from the root: the same configuration applies.
  assert.is(runCli(['--format', 'compact', 'td.json'], { cwd: join(dir, 'services/a') }).stdout, '');
  assert.is(runCli(['--format', 'compact', 'services/a/td.json'], { cwd: dir }).stdout, '');
  // --config names one configuration for every file.
  const named = runCli(['--format', 'json', '--config', 'services/a/.ecs-lint.json', 'services'], { cwd: dir });
  assert.equal((JSON.parse(named.stdout) as Array<{ messages: unknown[] }>).flatMap((r) => r.messages), []);
  // A broken configuration of one service stops the run, naming the file.
  writeFileSync(join(dir, 'services/b/.ecs-lint.json'), '{ "rules": ');
  const broken = runCli(['.'], { cwd: dir });
  assert.is(broken.code, 2);
  assert.match(broken.stderr, /services\/b\/\.ecs-lint\.json:1:\d+: invalid JSON/);
});

test('--list-rules lists every rule with its default severity and "fix" if it has fixes; as JSON with --format json', () => {
  const run = runCli(['--list-rules']);
  assert.is(run.code, 0);
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const rule of RULES) assert.match(run.stdout, new RegExp(`^${rule.id} +${rule.severity} +${rule.fixable ? 'fix +' : ''}${escape(rule.description)}$`, 'm'));
  assert.match(run.stdout, /^policy-version +warn +fix +Require/m);
  const json = JSON.parse(runCli(['--list-rules', '--format', 'json']).stdout) as Array<{ id: string; docsUrl: string; fixable: boolean; hasSuggestions: boolean }>;
  assert.equal(json.map((rule) => rule.id), RULES.map((rule) => rule.id));
  assert.equal(json.find((rule) => rule.id === 'plaintext-secret-env'), { ...json.find((rule) => rule.id === 'plaintext-secret-env'), fixable: false, hasSuggestions: true });
});

test('--print-config prints the effective configuration', () => {
  const dir = tempProject({ '.ecs-lint.json': JSON.stringify({ region: 'eu-west-1', ignore: ['legacy/**'], rules: { 'secret-name': 'warn' } }) });
  const run = runCli(['--print-config', '--rule', 'schema:off', '--account', '111122223333'], { cwd: dir });
  assert.is(run.code, 0);
  const config = JSON.parse(run.stdout) as Record<string, unknown> & { rules: Record<string, string> };
  assert.is(config.region, 'eu-west-1');
  assert.is(config.account, '111122223333');
  assert.is(config.target, 'api');
  assert.equal(config.ignore, ['legacy/**']);
  assert.is(config.rules['secret-name'], 'warn');
  assert.is(config.rules.schema, 'off');
  assert.is(config.rules['execution-role-required'], 'error');
  assert.is(config.maxFileSize, 16 * 1024 * 1024);
});

test('--print-config prints the whole configuration: roles, policies, secrets, overrides, secret payloads, sizes', () => {
  const settings = {
    roles: { 'arn:aws:iam::111122223333:role/exec': { policies: ['iam/exec.json'], managedPolicies: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'] } },
    policies: { 'arn:aws:iam::111122223333:policy/read': 'iam/read.json' },
    secrets: { 'arn:aws:secretsmanager:us-east-1:111122223333:secret:ci/registry-AbCdEf': { kmsKeyId: 'alias/aws/secretsmanager' } },
    overrides: [{ files: ['legacy/**'], rules: { schema: 'warn' } }],
    secretPayloads: ['payloads/*.json'],
    maxFileSize: '32MiB',
    reportUnknownConditions: true,
  };
  const dir = tempProject({ '.ecs-lint.json': JSON.stringify(settings), 'iam/exec.json': '{}', 'iam/read.json': '{}' });
  const config = JSON.parse(runCli(['--print-config'], { cwd: dir }).stdout) as Record<string, unknown>;
  for (const key of ['roles', 'policies', 'secrets', 'overrides', 'secretPayloads', 'reportUnknownConditions'] as const) assert.equal(config[key], settings[key], key);
  assert.is(config.maxFileSize, 32 * 1024 * 1024);
  assert.is((JSON.parse(runCli(['--print-config', '--max-file-size', '1MB'], { cwd: dir }).stdout) as { maxFileSize: number }).maxFileSize, 1_000_000);
});

test('-o writes the report into a directory it makes; --stdio without --lsp and --list-rules in another format are usage errors', () => {
  const dir = tempProject({ 'td.json': NO_ROLE });
  const run = runCli(['--format', 'sarif', '-o', 'reports/ci/ecs-lint.sarif', 'td.json'], { cwd: dir });
  assert.is(run.code, 1);
  assert.ok(existsSync(join(dir, 'reports/ci/ecs-lint.sarif')), run.stderr);
  const stdio = runCli(['--stdio'], { cwd: dir });
  assert.equal([stdio.code, stdio.stdout], [2, '']);
  assert.match(stdio.stderr, /--stdio is the language server's transport: use it with --lsp/);
  const listed = runCli(['--list-rules', '--format', 'sarif']);
  assert.is(listed.code, 2);
  assert.match(listed.stderr, /--list-rules prints text, or JSON with --format json; not --format sarif/);
});

test('--max-file-size and maxFileSize: a larger file is a parse-error naming the limit; a size that is none is a usage error', () => {
  const dir = tempProject({ 'td.json': NO_ROLE });
  const small = runCli(['--format', 'compact', '--max-file-size', '100', 'td.json'], { cwd: dir });
  assert.is(small.code, 1);
  assert.match(small.stdout, /^td\.json:1:1: error the file is \d+ bytes, more than the limit of 100 bytes \(--max-file-size\); it was not linted \[parse-error\]$/m);
  writeFileSync(join(dir, '.ecs-lint.json'), JSON.stringify({ maxFileSize: '0.1KB' }));
  assert.match(runCli(['--format', 'compact', 'td.json'], { cwd: dir }).stdout, /more than the limit of 100 bytes/);
  assert.match(runCli(['--format', 'compact', '--max-file-size', '1MiB', 'td.json'], { cwd: dir }).stdout, /execution-role-required/);
  const bad = runCli(['--max-file-size', 'big', 'td.json'], { cwd: dir });
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /--max-file-size "big" is not a size/);
  writeFileSync(join(dir, '.ecs-lint.json'), JSON.stringify({ maxFileSize: 'lots' }));
  assert.is(runCli(['td.json'], { cwd: dir }).code, 2);
});

test('--input-type container-definitions takes a single container object as a list of one', () => {
  const dir = tempProject({
    'container.json': JSON.stringify({ name: 'web', image: 'nginx:1.27', environment: [{ name: 'DB_PASSWORD', value: 'not-a-placeholder-password' }] }, null, 2),
  });
  const run = runCli(['--format', 'compact', '--input-type', 'container-definitions', 'container.json'], { cwd: dir });
  assert.is(run.code, 1);
  assert.match(run.stdout, /^container\.json:7:16: error environment variable "DB_PASSWORD" of container "web" holds a credential/m);
});

test('ignore globs in .ecs-lint.json skip files, relative to the config file', () => {
  const dir = tempProject({
    '.ecs-lint.json': JSON.stringify({ ignore: ['legacy/**'] }),
    'legacy/td.json': NO_ROLE,
    'current/td.json': NO_ROLE,
  });
  const run = runCli(['--format', 'compact', '.'], { cwd: dir });
  assert.match(run.stdout, /current\/td\.json/);
  assert.not.match(run.stdout, /legacy/);
});

test('--input-type container-definitions reads a bare containerDefinitions array', () => {
  const containers = '[\n  {\n    "name": "web",\n    "image": "Registry.Example.com/Team/Web:1"\n  }\n]\n';
  const dir = tempProject({ 'containers.json': containers, 'other.json': '"a string"' });
  const run = runCli(['--format', 'compact', '--input-type', 'container-definitions', 'containers.json'], { cwd: dir });
  assert.match(run.stdout, /^containers\.json:4:14: error .*write it in lower case \[image-reference\]$/m);
  const notArray = runCli(['--format', 'compact', '--input-type', 'container-definitions', 'other.json'], { cwd: dir });
  assert.match(notArray.stdout, /not a task definition/);
});

test('a task definition and an account-authorization-details file linted together: GetSecretValue is missing', () => {
  const dir = tempProject({ 'td.json': CLEAN, 'iam/account.json': JSON.stringify(AUTHORIZATION_DETAILS, null, 2) });
  const run = runCli(['--format', 'json', 'td.json', 'iam/account.json'], { cwd: dir });
  assert.is(run.code, 1);
  const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<Record<string, unknown>> }>;
  const td = results.find((result) => result.filePath === 'td.json')!;
  assert.equal(
    td.messages.map((m) => [m.ruleId, m.line, m.column]),
    [['execution-role-get-secret-value', 16, 33]],
  );
  assert.match(String(td.messages[0]!.message), /"ecsTaskExecutionRole" may not read arn:aws:secretsmanager:/);
  // The help, which SARIF shows, names the policy that was read.
  assert.match(sarifMessages(runCli(['--format', 'sarif', 'td.json', 'iam/account.json'], { cwd: dir }).stdout)[0]!, /its policy "AmazonECSTaskExecutionRolePolicy" does not allow secretsmanager:GetSecretValue/);
  // Without the IAM file, nothing is known about the role: no finding.
  assert.is(runCli(['td.json'], { cwd: dir }).code, 0);
});

test('a service and its task definition in two files, in either order: fargate-platform-version knows the task uses registry credentials', () => {
  const service = 'fixtures/rules/fargate-platform-version/invalid/create-service-capacity-provider.json';
  const task = 'fixtures/rules/fargate-platform-version/support/reports-worker-task-definition.json';
  for (const order of [[service, task], [task, service]]) {
    const run = runCli(['--format', 'compact', ...order]);
    assert.is(run.code, 1);
    assert.match(run.stdout, /^fixtures\/rules\/fargate-platform-version\/invalid\/create-service-capacity-provider\.json:9:22: error service "reports-worker" runs on Fargate 1\.0\.0 \(deprecated on December 14, 2020\); private registry authentication in container "worker" needs 1\.2\.0 or later/);
  }
  // The task definition alone: no service asks, nothing to say.
  assert.is(runCli([task]).code, 0);
});

test('a template linted before the IAM file that describes its role still gets the role (the order of files does not matter)', () => {
  const template = [
    'Resources:',
    '  Task:',
    '    Type: AWS::ECS::TaskDefinition',
    '    Properties:',
    '      Family: web',
    '      ExecutionRoleArn: arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
    '      ContainerDefinitions:',
    '        - Name: app',
    '          Image: registry.example.com/team/app:1.0.0',
    '          RepositoryCredentials:',
    '            CredentialsParameter: arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-AbCdEf',
    '',
  ].join('\n');
  for (const iamFile of ['a-account.json', 'z-account.json']) {
    const dir = tempProject({ 'template.yaml': template, [iamFile]: JSON.stringify(AUTHORIZATION_DETAILS) });
    const run = runCli(['--format', 'compact', '.'], { cwd: dir });
    assert.is(run.code, 1, iamFile);
    assert.match(run.stdout, /^template\.yaml:11:35: error the execution role "ecsTaskExecutionRole" may not read arn:aws:secretsmanager:/, iamFile);
  }
});

test('a Terraform module whose files are split by a subdirectory, and facts learnt after a file was linted: the findings of a run in one order', () => {
  const secret = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-AbCdEf';
  // infra/a-ecs.tf, infra/nested/…, infra/z-iam.tf: the walk meets the nested module between the two.
  const files = {
    'infra/a-ecs.tf': terraformTaskDefinition('web', secret),
    'infra/nested/main.tf': terraformTaskDefinition('api', secret) + terraformExecutionRole('secretsmanager:GetSecretValue'),
    'infra/z-iam.tf': terraformExecutionRole('logs:PutLogEvents'),
    'taskdefs/td.json': CLEAN,
    'zz-account.json': JSON.stringify(AUTHORIZATION_DETAILS),
  };
  const run = runCli(['--format', 'compact', '.'], { cwd: tempProject(files) });
  assert.is(run.code, 1, run.stderr);
  const found = run.stdout.trim().split('\n').map((line) => /^(\S+:\d+:\d+): \w+ .* \[([a-z-]+)\]$/.exec(line)?.slice(1).join(' '));
  // The nested module grants GetSecretValue; z-iam.tf, read after a-ecs.tf, does not; the account
  // file, read last, does not grant it to the role of td.json.
  assert.equal(found, ['infra/a-ecs.tf:7:54 execution-role-get-secret-value', 'taskdefs/td.json:16:33 execution-role-get-secret-value']);
});

test('many large task definitions and the IAM facts after them: linted again from the file (without --cache) or held up to a budget and read again beyond it (with --cache), same findings', () => {
  // Six files of 1.5 million characters each: more than the text held between the two passes.
  const padded = ' '.repeat(1_500_000) + CLEAN;
  const names = ['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => `td-${letter}.json`);
  const dir = tempProject({ ...Object.fromEntries(names.map((name) => [name, padded])), 'zz-account.json': JSON.stringify(AUTHORIZATION_DETAILS) });
  for (const args of [[], ['--cache', '--cache-location', join(dir, '.cache')]]) {
    const run = runCli(['--format', 'json', ...args, '.'], { cwd: dir });
    assert.is(run.code, 1, run.stderr);
    const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<Record<string, unknown>> }>;
    for (const name of names) {
      const result = results.find((entry) => entry.filePath === name)!;
      assert.equal(result.messages.map((m) => [m.ruleId, m.line, m.column]), [['execution-role-get-secret-value', 16, 33]], `${name} ${args.join(' ')}`);
    }
  }
});

test('roles and policy files in .ecs-lint.json; a missing policy file is a config error', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-??????' }],
  };
  const config = { roles: { 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole': { policies: ['iam/exec.json'] } } };
  const dir = tempProject({ '.ecs-lint.json': JSON.stringify(config), 'iam/exec.json': JSON.stringify(policy), 'td.json': CLEAN });
  assert.is(runCli(['td.json'], { cwd: dir }).code, 0);
  const narrower = tempProject({
    '.ecs-lint.json': JSON.stringify(config),
    'iam/exec.json': JSON.stringify({ ...policy, Statement: [{ ...policy.Statement[0], Resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/api-??????' }] }),
    'td.json': CLEAN,
  });
  const denied = runCli(['--format', 'compact', 'td.json'], { cwd: narrower });
  assert.is(denied.code, 1);
  assert.match(denied.stdout, /error the execution role "ecsTaskExecutionRole" may not read /);
  assert.match(sarifMessages(runCli(['--format', 'sarif', 'td.json'], { cwd: narrower }).stdout)[0]!, /its policy "exec" \(iam\/exec\.json\) does not allow secretsmanager:GetSecretValue/);
  const missing = tempProject({ '.ecs-lint.json': JSON.stringify(config), 'td.json': CLEAN });
  const run = runCli(['td.json'], { cwd: missing });
  assert.is(run.code, 2);
  assert.match(run.stderr, /names the policy file "iam\/exec\.json", which cannot be read: ENOENT/);
});

test('--explain prints a rule\'s page; an unknown rule is a usage error with a suggestion', () => {
  const run = runCli(['--explain', 'execution-role-required']);
  assert.is(run.code, 0);
  assert.ok(run.stdout.startsWith('# execution-role-required\n'));
  assert.match(run.stdout, /## Why/);
  const unknown = runCli(['--explain', 'execution-role-requird']);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /did you mean "execution-role-required"\?/);
});

test('--cache reuses results of unchanged files and lints changed ones again', () => {
  const dir = tempProject({ 'td.json': NO_ROLE });
  const first = runCli(['--cache', '--format', 'compact', 'td.json'], { cwd: dir });
  assert.is(first.code, 1);
  const cacheFile = join(dir, '.ecs-lint-cache');
  const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { diagnostics: Array<{ message: string }> }> };
  const entry = Object.values(cache.entries)[0]!;
  assert.match(entry.diagnostics[0]!.message, /no executionRoleArn/);
  // A result taken from the cache is not recomputed: a marked entry shows through.
  entry.diagnostics[0]!.message = 'from the cache';
  writeFileSync(cacheFile, JSON.stringify(cache));
  assert.match(runCli(['--cache', '--format', 'compact', 'td.json'], { cwd: dir }).stdout, /from the cache/);
  // Other settings, or other content, are linted again.
  assert.match(runCli(['--cache', '--format', 'compact', '--region', 'us-east-1', 'td.json'], { cwd: dir }).stdout, /no executionRoleArn/);
  writeFileSync(join(dir, 'td.json'), CLEAN);
  const changed = runCli(['--cache', '--format', 'compact', 'td.json'], { cwd: dir });
  assert.is(changed.stdout, '');
  assert.is(changed.code, 0);
});

test('--stdin with a name the configuration ignores reports nothing, as the file itself would be passed over', () => {
  const dir = tempProject({ '.ecs-lint.json': JSON.stringify({ ignore: ['legacy/**'] }) });
  const task = JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'a', image: 'b', repositoryCredentials: { credentialsParameter: 'arn:aws:ssm:us-east-1:111122223333:parameter/x' } }] });
  const ignored = runCli(['--stdin', '--stdin-filename', 'legacy/task.json', '--format', 'compact'], { cwd: dir, input: task });
  assert.equal([ignored.code, ignored.stdout, ignored.stderr], [0, '', '']);
  const linted = runCli(['--stdin', '--stdin-filename', 'task.json', '--format', 'compact'], { cwd: dir, input: task });
  assert.is(linted.code, 1);
  assert.match(linted.stdout, /^task\.json:1:\d+: error .*\[execution-role-required\]$/m);
});

test.run();
