// The CI formats (sarif, github, junit) on a fixed set of findings, then end to end through the
// built command. SARIF is checked against the SARIF 2.1.0 JSON Schema as published (draft-04, from
// @microsoft/jest-sarif), and, where the SARIF Multitool is installed (CI), against the schema the
// SARIF SDK ships with it and by the Multitool itself (`validate`).

import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { test } from 'uvu';
import { parse as parseYaml } from 'yaml';
import * as assert from 'uvu/assert';
import type { Diagnostic } from '../src/core/types';
import { FORMATS, loadReporter } from '../src/reporters/index';
import { findTool, testWithTool } from './support/tools';
import type { ReporterContext } from '../src/reporters/types';
import { EcsLint, toLintResult } from '../src/api/ecs-lint';
import { DOCS_BASE_URL } from '../src/rules/define-rule';
import { RULES } from '../src/rules/index';
import { BIN, ROOT, runCli, tempProject } from './support/cli';

const require = createRequire(import.meta.url);
const DOCS = 'https://github.com/ecs-lint/ecs-lint/blob/main/docs/rules/';
const CWD = '/srv/ci/repo';
const CONTEXT: ReporterContext = { cwd: CWD, version: '9.8.7-test', rules: [...new EcsLint().getRules().values()] };

/** A file's findings as the engine gives them; reporters get them as the API's results. */
interface FileReport {
  filePath: string;
  diagnostics: Diagnostic[];
}
const FLAGGED = 'deploy/web app/task,def.json';
const CLEAN = 'deploy/clean.json';

function diagnostic(fields: Omit<Diagnostic, 'messageId'>): Diagnostic {
  return { messageId: 'test', ...fields };
}

/** One file with three findings (an error with help, a multi-line warning, a zero-width one at 1:1), one clean file. */
const REPORTS: FileReport[] = [
  {
    filePath: FLAGGED,
    diagnostics: [
      diagnostic({
        ruleId: 'execution-role-required',
        severity: 'error',
        message: 'container "web" uses repositoryCredentials but the task has no executionRoleArn',
        help: 'ECS reads the registry credentials secret with the task execution role.',
        line: 7,
        column: 7,
        endLine: 7,
        endColumn: 30,
      }),
      diagnostic({
        ruleId: 'policy-secret-wildcard',
        severity: 'warn',
        message: 'resource "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-*" matches "db-<anything>" & more, 100% of them; use "db-??????"',
        line: 12,
        column: 9,
        endLine: 14,
        endColumn: 3,
      }),
      diagnostic({
        ruleId: 'schema',
        severity: 'error',
        message: 'the file is not valid\r\nsecond line',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        fatal: true,
      }),
    ],
  },
  { filePath: CLEAN, diagnostics: [] },
];

async function format(name: (typeof FORMATS)[number], reports: readonly FileReport[] = REPORTS, context: ReporterContext = CONTEXT): Promise<string> {
  return (await loadReporter(name))(reports.map(({ filePath, diagnostics }) => toLintResult(filePath, diagnostics)), context);
}

// ---------------------------------------------------------------------------------------------
// Schemas and the Multitool

/** The SARIF 2.1.0 schema as SchemaStore publishes it (draft-04), shipped by @microsoft/jest-sarif. */
const SCHEMA_DRAFT_04 = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
/**
 * Microsoft's SARIF Multitool, a self-contained .NET program of about 100 MB: not a devDependency.
 * .ci/run installs @microsoft/sarif-multitool and sets ECS_LINT_SARIF_MULTITOOL to the executable
 * (what the package's main export gives); without it the Multitool's checks are skipped here.
 */
const MULTITOOL_PATH = process.env.ECS_LINT_SARIF_MULTITOOL ?? installedMultitool();
// Its package makes it executable in a postinstall script (`chmod u+x`); where install scripts did
// not run (--ignore-scripts, an npm that blocks scripts not in allowScripts), do the same here.
if (MULTITOOL_PATH && process.platform !== 'win32') {
  try {
    accessSync(MULTITOOL_PATH, constants.X_OK);
  } catch {
    chmodSync(MULTITOOL_PATH, statSync(MULTITOOL_PATH).mode | 0o100);
  }
}
function installedMultitool(): string {
  try {
    return require('@microsoft/sarif-multitool') as string;
  } catch {
    return '';
  }
}
const MULTITOOL = findTool(
  MULTITOOL_PATH || 'Sarif.Multitool',
  'install it with "npm install --prefix /tmp/sarif @microsoft/sarif-multitool" and set ECS_LINT_SARIF_MULTITOOL to the path require("@microsoft/sarif-multitool") gives there',
);

// The draft-04 schema's run.language pattern is not a valid regular expression with the `u` flag
// (fixed in the errata): compile its patterns as plain regular expressions, as draft-04 intends.
const ajv04 = new Ajv04({ allErrors: true, unicodeRegExp: false });
addFormats(ajv04);
const validateDraft04 = ajv04.compile(SCHEMA_DRAFT_04);

function assertSchemaValid(log: unknown): void {
  assert.ok(validateDraft04(log), `SARIF 2.1.0 schema (draft-04): ${JSON.stringify(validateDraft04.errors, null, 2)}`);
}

/** The SARIF SDK's current 2.1.0 schema (with the errata), shipped beside the Multitool; it declares draft 2020-12. */
function assertSdkSchemaValid(log: unknown): void {
  const ajv2020 = new Ajv2020({ allErrors: true });
  addFormats(ajv2020);
  const validateSdk = ajv2020.compile(JSON.parse(readFileSync(join(dirname(MULTITOOL.command), 'sarif-2.1.0.json'), 'utf8')) as Record<string, unknown>);
  assert.ok(validateSdk(log), `SARIF SDK schema: ${JSON.stringify(validateSdk.errors, null, 2)}`);
}

/**
 * Runs `Sarif.Multitool validate` on the log and returns its findings of level error or warning.
 * Its exit code is 0 even when it finds errors, so its own SARIF output is read. SARIF2006 (are the
 * URIs reachable: HTTP requests to every URI in the log) is disabled: tests make no network calls.
 */
function multitoolFindings(text: string): string[] {
  const directory = mkdtempSync(join(tmpdir(), 'ecs-lint-sarif-'));
  const input = join(directory, 'ecs-lint.sarif');
  const output = join(directory, 'validation.sarif');
  const config = join(directory, 'validation.config.xml');
  writeFileSync(input, text);
  writeFileSync(
    config,
    '<?xml version="1.0" encoding="utf-8"?>\n<Properties>\n' +
      '  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">\n' +
      '    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />\n' +
      '  </Properties>\n</Properties>\n',
  );
  const run = spawnSync(MULTITOOL.command, ['validate', input, '--output', output, '--config', config, '--level', 'Error;Warning'], {
    encoding: 'utf8',
    timeout: 120_000,
    // No dependency on the machine's ICU libraries: validation needs no culture data.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  assert.is(run.error, undefined, `the SARIF Multitool did not start: ${String(run.error)}`);
  assert.is(run.status, 0, `Sarif.Multitool validate exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
  const validation = JSON.parse(readFileSync(output, 'utf8')) as Log;
  rmSync(directory, { recursive: true, force: true });
  const validationRun = validation.runs[0]!;
  assert.ok(validationRun.invocations?.every((invocation) => invocation.executionSuccessful), 'the Multitool run failed');
  const rules = validationRun.tool.driver.rules ?? [];
  const levelOf = (result: Result): string =>
    result.level ?? (result.ruleIndex !== undefined ? rules[result.ruleIndex]?.defaultConfiguration?.level : undefined) ?? 'warning';
  return (validationRun.results ?? [])
    .filter((result) => levelOf(result) === 'error' || levelOf(result) === 'warning')
    .map((result) => `${levelOf(result)} ${result.ruleId}: ${result.message.text ?? JSON.stringify(result.message)}`);
}

// ---------------------------------------------------------------------------------------------
// github

test('github: one workflow command per finding, escaped as the Actions toolkit escapes, with the docs URL', async () => {
  const expected = [
    `::error file=deploy/web app/task%2Cdef.json,line=7,col=7,endLine=7,endColumn=30,title=ecs-lint execution-role-required::container "web" uses repositoryCredentials but the task has no executionRoleArn (${DOCS}execution-role-required.md)`,
    `::warning file=deploy/web app/task%2Cdef.json,line=12,col=9,endLine=14,endColumn=3,title=ecs-lint policy-secret-wildcard::resource "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-*" matches "db-<anything>" & more, 100%25 of them; use "db-??????" (${DOCS}policy-secret-wildcard.md)`,
    `::error file=deploy/web app/task%2Cdef.json,line=1,col=1,endLine=1,endColumn=1,title=ecs-lint schema::the file is not valid%0D%0Asecond line (${DOCS}schema.md)`,
    '',
  ].join('\n');
  assert.is(await format('github'), expected);
  assert.is(await format('github', [{ filePath: CLEAN, diagnostics: [] }]), '');
  assert.is(DOCS, DOCS_BASE_URL);
});

test('github: a property value with ":" and a message with "%" are escaped', async () => {
  const output = await format('github', [
    { filePath: 'C:odd:name.json', diagnostics: [diagnostic({ ruleId: 'family-name', severity: 'warn', message: '50%\nmore', line: 1, column: 2, endLine: 1, endColumn: 3 })] },
  ]);
  assert.is(output, `::warning file=C%3Aodd%3Aname.json,line=1,col=2,endLine=1,endColumn=3,title=ecs-lint family-name::50%25%0Amore (${DOCS}family-name.md)\n`);
});

// ---------------------------------------------------------------------------------------------
// junit

const JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="ecs-lint" tests="2" failures="1" errors="0">
  <testsuite name="deploy/web app/task,def.json" tests="1" failures="1" errors="0" skipped="0">
    <testcase name="deploy/web app/task,def.json" classname="ecs-lint">
      <failure message="execution-role-required: container &quot;web&quot; uses repositoryCredentials but the task has no executionRoleArn" type="error">deploy/web app/task,def.json:7:7: error container "web" uses repositoryCredentials but the task has no executionRoleArn [execution-role-required]
${DOCS}execution-role-required.md</failure>
      <failure message="policy-secret-wildcard: resource &quot;arn:aws:secretsmanager:us-east-1:111122223333:secret:db-*&quot; matches &quot;db-&lt;anything&gt;&quot; &amp; more, 100% of them; use &quot;db-??????&quot;" type="warn">deploy/web app/task,def.json:12:9: warn resource "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-*" matches "db-&lt;anything&gt;" &amp; more, 100% of them; use "db-??????" [policy-secret-wildcard]
${DOCS}policy-secret-wildcard.md</failure>
      <failure message="schema: the file is not valid&#13;&#10;second line" type="error">deploy/web app/task,def.json:1:1: error the file is not valid&#13;
second line [schema]
${DOCS}schema.md</failure>
    </testcase>
  </testsuite>
  <testsuite name="deploy/clean.json" tests="1" failures="0" errors="0" skipped="0">
    <testcase name="deploy/clean.json" classname="ecs-lint"/>
  </testsuite>
</testsuites>
`;

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A small, strict reader for the XML the junit reporter writes: elements, attributes in double
 * quotes, text and the five entities plus numeric references; anything else is an error.
 */
function parseXml(xml: string): XmlElement {
  const decode = (value: string): string => {
    const invalid = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.exec(value);
    if (invalid) throw new Error(`unescaped & at ${invalid.index}`);
    if (value.includes('<')) throw new Error('unescaped <');
    return value.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (named[entity] !== undefined) return named[entity];
      return String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    });
  };
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const token = /<\/([\w:-]+)>|<([\w:-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let match: RegExpExecArray | null;
  while (token.lastIndex < body.length && (match = token.exec(body))) {
    const top = stack[stack.length - 1]!;
    const [, closing, opening, attributeText, selfClosing, text] = match;
    if (closing !== undefined) {
      if (top.name !== closing) throw new Error(`</${closing}> closes <${top.name}>`);
      stack.pop();
    } else if (opening !== undefined) {
      const element: XmlElement = { name: opening, attributes: {}, children: [], text: '' };
      for (const [, key, value] of (attributeText ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) element.attributes[key!] = decode(value!);
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    } else if (text !== undefined) {
      top.text += decode(text);
    }
  }
  if (token.lastIndex !== body.length && body.length > 0) throw new Error(`cannot read the XML at ${token.lastIndex}`);
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is not closed`);
  if (root.children.length !== 1 || root.text.trim() !== '') throw new Error('not exactly one root element');
  return root.children[0]!;
}

test('junit: a test suite and a test case per file, a failure per finding with the docs URL; a clean file passes', async () => {
  const output = await format('junit');
  assert.is(output, JUNIT);
  const root = parseXml(output);
  assert.is(root.name, 'testsuites');
  assert.equal(root.attributes, { name: 'ecs-lint', tests: '2', failures: '1', errors: '0' });
  const [flagged, clean] = root.children;
  assert.is(flagged!.attributes.name, FLAGGED);
  const failures = flagged!.children[0]!.children;
  assert.equal(
    failures.map((failure) => [failure.name, failure.attributes.type, failure.attributes.message]),
    REPORTS[0]!.diagnostics.map((d) => ['failure', d.severity, `${d.ruleId}: ${d.message}`]),
    'attribute values read back exactly, CR LF included',
  );
  for (const [index, failure] of failures.entries()) {
    const d = REPORTS[0]!.diagnostics[index]!;
    assert.ok(failure.text.startsWith(`${FLAGGED}:${d.line}:${d.column}: `), failure.text);
    assert.ok(failure.text.endsWith(`\n${DOCS}${d.ruleId}.md`), failure.text);
  }
  assert.equal(clean!.children.map((child) => [child.name, child.attributes.name, child.children.length]), [['testcase', CLEAN, 0]]);
});

test('junit: no file is an empty, valid report; characters XML cannot carry are replaced', async () => {
  assert.is(await format('junit', []), '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ecs-lint" tests="0" failures="0" errors="0">\n</testsuites>\n');
  const output = await format('junit', [
    { filePath: 'a\u0001b.json', diagnostics: [diagnostic({ ruleId: 'schema', severity: 'error', message: 'bad \u0000 byte \uD800 and\ttab', line: 1, column: 1, endLine: 1, endColumn: 2 })] },
  ]);
  const failure = parseXml(output).children[0]!.children[0]!.children[0]!;
  assert.is(failure.attributes.message, 'schema: bad \uFFFD byte \uFFFD and\ttab');
  assert.ok(!/[\u0000\u0001]/.test(output));
});

// ---------------------------------------------------------------------------------------------
// sarif

test('sarif: a valid SARIF 2.1.0 log by the official schema (draft-04)', async () => {
  assertSchemaValid(JSON.parse(await format('sarif')) as Log);
});

testWithTool(test, MULTITOOL, 'sarif: the SDK schema and the SARIF Multitool find nothing to fault in the reporter\'s log or the command\'s', async () => {
  const text = await format('sarif');
  assertSdkSchemaValid(JSON.parse(text));
  assert.equal(multitoolFindings(text), []);
  const run = runCli(['--format', 'sarif', EXAMPLE]);
  assertSdkSchemaValid(JSON.parse(run.stdout));
  assert.equal(multitoolFindings(run.stdout), []);
});

test('sarif: the tool driver lists every rule with its description, docs URL and default level', async () => {
  const log = JSON.parse(await format('sarif')) as Log;
  assert.is(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.is(log.version, '2.1.0');
  assert.is(log.runs.length, 1);
  const driver = log.runs[0]!.tool.driver;
  assert.is(driver.name, 'ecs-lint');
  assert.is(driver.version, '9.8.7-test');
  assert.is(driver.semanticVersion, '9.8.7-test');
  assert.is(driver.informationUri, 'https://github.com/ecs-lint/ecs-lint');
  assert.equal(
    driver.rules!.map((rule) => rule.id),
    RULES.map((rule) => rule.id),
  );
  for (const [index, rule] of RULES.entries()) {
    const descriptor = driver.rules![index]!;
    assert.is(descriptor.helpUri, `${DOCS}${rule.id}.md`);
    assert.is(descriptor.helpUri, rule.docsUrl);
    assert.ok(descriptor.shortDescription!.text.startsWith(rule.description), rule.id);
    assert.ok(descriptor.fullDescription!.text.includes(rule.source), rule.id);
    assert.is(descriptor.defaultConfiguration!.level, rule.severity === 'error' ? 'error' : 'warning');
    assert.ok(Array.isArray(descriptor.properties!.tags), rule.id);
    if (rule.id.includes('-')) assert.match(descriptor.name!, /^[A-Z][A-Za-z0-9]+$/);
  }
  assert.is(driver.rules!.find((rule) => rule.id === 'execution-role-required')!.name, 'ExecutionRoleRequired');
});

test('sarif: results with rule index, level, message and a region in a relative, percent-encoded URI', async () => {
  const run = (JSON.parse(await format('sarif')) as Log).runs[0]!;
  assert.equal(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///srv/ci/repo/' } });
  assert.equal(run.invocations, [{ executionSuccessful: true }]);
  assert.equal(run.artifacts, [
    { location: { uri: 'deploy/web%20app/task%2Cdef.json', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
    { location: { uri: 'deploy/clean.json', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
  ]);
  const rules = run.tool.driver.rules!;
  const results = run.results!;
  assert.is(results.length, 3);
  assert.equal(
    results.map((result) => [result.ruleId, rules[result.ruleIndex!]!.id, rules[result.ruleIndex!]!.helpUri, result.level, result.message.text]),
    REPORTS[0]!.diagnostics.map((d) => [d.ruleId, d.ruleId, `${DOCS}${d.ruleId}.md`, d.severity === 'error' ? 'error' : 'warning', d.help ? `${d.message}. ${d.help}` : `${d.message}.`]),
  );
  // The fake findings' messageId is none of their rules': no message string to name.
  for (const result of results) assert.equal(Object.keys(result.message), ['text']);
  assert.equal(
    results.map((result) => result.locations![0]!.physicalLocation!.region),
    [
      { startLine: 7, startColumn: 7, endLine: 7, endColumn: 30 },
      { startLine: 12, startColumn: 9, endLine: 14, endColumn: 3 },
      { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    ],
  );
  for (const result of results) {
    assert.equal(result.locations![0]!.physicalLocation!.artifactLocation, { uri: 'deploy/web%20app/task%2Cdef.json', uriBaseId: '%SRCROOT%', index: 0 });
  }
});

/** A SARIF message string with its {n} placeholders filled in and its doubled braces undone (§3.11.5). */
function fillSarif(format: string, args: readonly string[] = []): string {
  return format.replace(/\{(\d+)\}|\{\{|\}\}/g, (whole: string, index?: string) => (index === undefined ? whole[0]! : args[Number(index)]!));
}

test('sarif: each rule lists its messages as messageStrings by messageId: the text as a sentence, then the help, in SARIF placeholders', async () => {
  const rules = (JSON.parse(await format('sarif')) as Log).runs[0]!.tool.driver.rules!;
  for (const [index, rule] of RULES.entries()) {
    const strings = rules[index]!.messageStrings!;
    assert.equal(Object.keys(strings), Object.keys(rule.messages), rule.id);
    for (const [id, message] of Object.entries(rule.messages)) {
      const text = strings[id]!.text;
      assert.match(text, /\.$/, `${rule.id}/${id}: a SARIF message string ends with a period`);
      // Filled in with the placeholders' own names, the message string is the template again.
      const names = [...new Set([...`${message.text} ${message.help ?? ''}`.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!))];
      const template = fillSarif(text, names.map((name) => `{${name}}`));
      assert.ok(template.startsWith(message.text), `${rule.id}/${id}: ${template}`);
      if (message.help) assert.ok(template.endsWith(` ${message.help}`), `${rule.id}/${id}: ${template}`);
    }
  }
});

test('sarif: a path outside the working directory is an absolute file URI; no file gives an empty valid log', async () => {
  const outside = (JSON.parse(await format('sarif', [{ filePath: '/etc/ecs/td.json', diagnostics: [REPORTS[0]!.diagnostics[0]!] }])) as Log).runs[0]!;
  assert.equal(outside.results![0]!.locations![0]!.physicalLocation!.artifactLocation, { uri: pathToFileURL('/etc/ecs/td.json').href, index: 0 });
  const parent = (JSON.parse(await format('sarif', [{ filePath: '../other/td.json', diagnostics: [] }])) as Log).runs[0]!;
  assert.equal(parent.artifacts![0]!.location, { uri: 'file:///srv/ci/other/td.json' });
  const empty = JSON.parse(await format('sarif', [])) as Log;
  assertSchemaValid(empty);
  assert.equal(empty.runs[0]!.results, []);
  assert.equal(empty.runs[0]!.artifacts, []);
});

test('sarif: a finding of a rule that is not registered still gets a descriptor for its index', async () => {
  const log = JSON.parse(
    await format('sarif', [{ filePath: 'td.json', diagnostics: [diagnostic({ ruleId: 'made-up-rule', severity: 'warn', message: 'x', line: 2, column: 3, endLine: 2, endColumn: 4 })] }]),
  ) as Log;
  assertSchemaValid(log);
  const run = log.runs[0]!;
  const descriptor = run.tool.driver.rules![run.results![0]!.ruleIndex!]!;
  assert.is(descriptor.id, 'made-up-rule');
  assert.is(descriptor.helpUri, `${DOCS}made-up-rule.md`);
  assert.is(run.tool.driver.rules!.length, RULES.length + 1);
});

// ---------------------------------------------------------------------------------------------
// End to end: the built command

const EXAMPLE = 'fixtures/rules/execution-role-required/invalid';

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string; severity: number; message: string; line: number; column: number; endLine: number; endColumn: number; docsUrl: string }>;
}

function lintJson(args: string[], cwd = ROOT): JsonResult[] {
  const run = runCli(['--format', 'json', ...args], { cwd });
  return JSON.parse(run.stdout) as JsonResult[];
}

test('--help lists every format', () => {
  const run = runCli(['--help']);
  for (const name of FORMATS) assert.ok(run.stdout.includes(`"${name}"`), `--help lacks ${name}`);
  for (const name of ['sarif', 'github', 'junit']) assert.ok((FORMATS as readonly string[]).includes(name));
});

test('json: every message carries its docs URL', () => {
  for (const { messages } of lintJson([EXAMPLE])) {
    for (const message of messages) assert.is(message.docsUrl, `${DOCS}${message.ruleId}.md`);
  }
});

test('CLI --format sarif: exit 1 on errors, a valid log with the package version, one result per finding', () => {
  const run = runCli(['--format', 'sarif', EXAMPLE]);
  assert.is(run.code, 1, run.stderr);
  const log = JSON.parse(run.stdout) as Log;
  assertSchemaValid(log);
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const sarifRun = log.runs[0]!;
  assert.is(sarifRun.tool.driver.version, version);
  assert.equal(sarifRun.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(ROOT).href}/` } });
  const expected = lintJson([EXAMPLE]).flatMap(({ filePath, messages }) =>
    messages.map((m) => [filePath, m.ruleId, m.message, m.line, m.column, m.endLine, m.endColumn, m.docsUrl]),
  );
  assert.ok(expected.length > 0);
  const rules = sarifRun.tool.driver.rules!;
  let withHelp = 0;
  assert.equal(
    sarifRun.results!.map((result, index) => {
      const location = result.locations![0]!.physicalLocation!;
      const region = location.region!;
      // The message is the text of the JSON output, then the help; its message string gives it too.
      const text = result.message.text!;
      const message = expected[index]![2] as string;
      assert.ok(text === `${message}.` || text.startsWith(`${message}. `), text);
      if (text !== `${message}.`) withHelp++;
      const strings = rules[result.ruleIndex!]!.messageStrings!;
      assert.is(fillSarif(strings[result.message.id!]!.text, result.message.arguments), text);
      return [
        decodeURIComponent(location.artifactLocation!.uri!),
        result.ruleId,
        text.slice(0, message.length),
        region.startLine,
        region.startColumn,
        region.endLine,
        region.endColumn,
        rules[result.ruleIndex!]!.helpUri,
      ];
    }),
    expected,
  );
  assert.ok(withHelp > 0, 'the help of the findings follows their text');
});

test('CLI --format github: one annotation per finding, exit 1', () => {
  const run = runCli(['--format', 'github', EXAMPLE]);
  assert.is(run.code, 1, run.stderr);
  const expected = lintJson([EXAMPLE]).flatMap(({ filePath, messages }) =>
    messages.map(
      (m) =>
        `::${m.severity === 2 ? 'error' : 'warning'} file=${filePath},line=${m.line},col=${m.column},endLine=${m.endLine},endColumn=${m.endColumn},title=ecs-lint ${m.ruleId}::${m.message} (${m.docsUrl})`,
    ),
  );
  assert.is(run.stdout, `${expected.join('\n')}\n`);
});

test('CLI --format junit --output-file: a passing case for the clean file, failures for the other', () => {
  const dir = tempProject({
    'clean.json': readFileSync(join(ROOT, 'fixtures/rules/execution-role-required/valid', 'role-arn-with-registry-credentials.json'), 'utf8'),
    'bad.json': readFileSync(join(ROOT, EXAMPLE, 'registry-credentials-without-role.json'), 'utf8'),
  });
  const run = runCli(['--format', 'junit', '--output-file', 'ecs-lint.xml', '.'], { cwd: dir });
  assert.is(run.code, 1, run.stderr);
  assert.is(run.stdout, '');
  const root = parseXml(readFileSync(join(dir, 'ecs-lint.xml'), 'utf8'));
  const suites = Object.fromEntries(root.children.map((suite) => [suite.attributes.name, suite]));
  assert.equal(Object.keys(suites).sort(), ['bad.json', 'clean.json']);
  assert.equal(suites['clean.json']!.children[0]!.children, []);
  const failures = suites['bad.json']!.children[0]!.children;
  assert.is(failures.length, 1);
  assert.is(failures[0]!.attributes.type, 'error');
  assert.match(failures[0]!.attributes.message!, /^execution-role-required: /);
  assert.ok(failures[0]!.text.endsWith(`\n${DOCS}execution-role-required.md`));
  assert.equal(root.attributes, { name: 'ecs-lint', tests: '2', failures: '1', errors: '0' });
});

test('CLI: a clean run in every CI format exits 0 with an empty report that is still valid', () => {
  const dir = tempProject({ 'td.json': readFileSync(join(ROOT, 'fixtures/rules/execution-role-required/valid', 'role-arn-with-registry-credentials.json'), 'utf8') });
  const sarif = runCli(['--format', 'sarif', 'td.json'], { cwd: dir });
  assert.is(sarif.code, 0, sarif.stderr);
  const log = JSON.parse(sarif.stdout) as Log;
  assertSchemaValid(log);
  assert.equal(log.runs[0]!.results, []);
  assert.equal(log.runs[0]!.artifacts, [{ location: { uri: 'td.json', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] }]);
  const github = runCli(['--format', 'github', 'td.json'], { cwd: dir });
  assert.is(github.code, 0);
  assert.is(github.stdout, '');
  const junit = runCli(['--format', 'junit', 'td.json'], { cwd: dir });
  assert.is(junit.code, 0);
  assert.equal(parseXml(junit.stdout).attributes, { name: 'ecs-lint', tests: '1', failures: '0', errors: '0' });
});

test('CLI: no CI format prints a secret value from the linted files', () => {
  const directory = 'fixtures/rules/plaintext-secret-env/invalid';
  const secrets = ['tok_9f8e7d6c5b4a3f2e1d0c', 'sk_test_EXAMPLEEXAMPLEEXAMPLE00'];
  const text = readFileSync(join(ROOT, directory, 'api-keys-in-environment.json'), 'utf8');
  for (const secret of secrets) assert.ok(text.includes(secret), `the fixture no longer holds ${secret}`);
  for (const name of ['sarif', 'github', 'junit']) {
    const run = runCli(['--format', name, directory]);
    assert.is(run.code, 1, run.stderr);
    assert.ok(run.stdout.includes('plaintext-secret-env'), name);
    for (const secret of secrets) assert.not.ok(run.stdout.includes(secret), `${name} prints ${secret}`);
  }
});

// ---------------------------------------------------------------------------------------------
// action.yml: the composite action's own steps, run as the runner would run them

interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

interface Action {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const ACTION = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

test('action.yml: a composite action with the documented inputs, uploading SARIF with codeql-action', () => {
  assert.is(ACTION.runs.using, 'composite');
  const defaults = Object.fromEntries(Object.entries(ACTION.inputs).map(([name, input]) => [name, input.default]));
  assert.equal(defaults, {
    paths: '.',
    format: 'github',
    args: '',
    'sarif-file': '',
    'upload-sarif': 'false',
    category: 'ecs-lint',
    version: '',
    'working-directory': '.',
    'node-version': '',
  });
  const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  for (const [, name] of text.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)) assert.ok(name! in ACTION.inputs, `unknown input ${name}`);
  for (const [, id] of text.matchAll(/steps\.([\w-]+)\.outputs/g)) assert.ok(ACTION.runs.steps.some((step) => step.id === id), `unknown step ${id}`);
  const upload = ACTION.runs.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'));
  assert.is(upload?.uses, 'github/codeql-action/upload-sarif@v3');
  assert.is(upload?.if, "inputs.upload-sarif == 'true' && steps.lint.outputs.sarif-file != ''");
  for (const step of ACTION.runs.steps) {
    if (step.run) assert.is(step.shell, 'bash', `${step.name} needs a shell`);
    // Inputs reach scripts through env only, never spliced into the script text.
    if (step.run) assert.not.match(step.run, /\$\{\{/, `${step.name} expands an expression in its script`);
  }
});

function runStep(name: string, env: Record<string, string>, cwd: string): { code: number | null; stdout: string; stderr: string } {
  const step = ACTION.runs.steps.find((candidate) => candidate.name === name);
  assert.ok(step?.run, `no step ${name}`);
  const result = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step!.run!], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('action.yml: the built command is keyed on the action\'s sources, and a cached build installs nothing', () => {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'ecs-lint-runner-'));
  const outputFile = join(runnerTemp, 'github-output');
  const keyOf = () => {
    writeFileSync(outputFile, '');
    const step = runStep('Key of the built command', { ACTION_PATH: ROOT, GITHUB_OUTPUT: outputFile, RUNNER_OS: 'Linux' }, runnerTemp);
    assert.is(step.code, 0, step.stderr);
    return readFileSync(outputFile, 'utf8');
  };
  const key = keyOf();
  assert.match(key, /^key=ecs-lint-dist-Linux-v\d+\.\d+\.\d+-[0-9a-f]{32}\n$/);
  assert.is(keyOf(), key, 'the key is the same for the same sources');
  // A restored dist/: the step neither installs nor builds, and names the command it runs.
  writeFileSync(outputFile, '');
  const install = runStep('Install ecs-lint', { ACTION_PATH: ROOT, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: runnerTemp, INPUT_VERSION: '', CACHE_HIT: 'true' }, runnerTemp);
  assert.is(install.code, 0, install.stderr);
  assert.not.match(install.stdout + install.stderr, /added \d+ packages|npm /);
  assert.is(readFileSync(outputFile, 'utf8'), `bin=${join(ROOT, 'bin/ecs-lint.js')}\n`);
});

test('action.yml: the lint step writes SARIF with repository-relative URIs, annotates, and the last step keeps the exit code', () => {
  const workspace = tempProject({
    'infra/ecs/bad app.json': readFileSync(join(ROOT, EXAMPLE, 'registry-credentials-without-role.json'), 'utf8'),
    'infra/ecs/clean.json': readFileSync(join(ROOT, 'fixtures/rules/execution-role-required/valid/role-arn-with-registry-credentials.json'), 'utf8'),
  });
  const runnerTemp = mkdtempSync(join(tmpdir(), 'ecs-lint-runner-'));
  const outputFile = join(runnerTemp, 'github-output');
  writeFileSync(outputFile, '');
  const lint = runStep(
    'Run ecs-lint',
    {
      ECS_LINT: BIN,
      INPUT_PATHS: '.\n',
      INPUT_FORMAT: 'github',
      INPUT_ARGS: '--max-warnings  0',
      INPUT_SARIF_FILE: '',
      INPUT_UPLOAD_SARIF: 'true',
      GITHUB_OUTPUT: outputFile,
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: runnerTemp,
    },
    join(workspace, 'infra/ecs'),
  );
  assert.is(lint.code, 0, `the step itself succeeds on findings: ${lint.stderr}`);
  assert.match(lint.stdout, /^::error file=infra\/ecs\/bad app\.json,line=13,col=7,.*title=ecs-lint execution-role-required::/m);
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  assert.equal(outputs, { 'sarif-file': join(runnerTemp, 'ecs-lint.sarif'), 'exit-code': '1' });
  const log = JSON.parse(readFileSync(outputs['sarif-file']!, 'utf8')) as Log;
  assertSchemaValid(log);
  const run = log.runs[0]!;
  assert.equal(run.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(workspace).href}/` } });
  assert.equal(
    run.artifacts!.map((artifact) => artifact.location!.uri).sort(),
    ['infra/ecs/bad%20app.json', 'infra/ecs/clean.json'],
  );
  assert.is(run.results!.length, 1);
  assert.is(run.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri, 'infra/ecs/bad%20app.json');
  assert.is(relative(workspace, decodeURIComponent(new URL(run.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri!, run.originalUriBaseIds!['%SRCROOT%']!.uri).pathname)), join('infra/ecs', 'bad app.json'));

  assert.is(runStep("Fail on ecs-lint's exit code", { STATUS: outputs['exit-code']! }, workspace).code, 1);
  assert.is(runStep("Fail on ecs-lint's exit code", { STATUS: '2' }, workspace).code, 2);
});

test('action.yml: a clean run without SARIF sets exit code 0 and no SARIF output', () => {
  const workspace = tempProject({ 'td.json': readFileSync(join(ROOT, 'fixtures/rules/execution-role-required/valid/role-arn-with-registry-credentials.json'), 'utf8') });
  const runnerTemp = mkdtempSync(join(tmpdir(), 'ecs-lint-runner-'));
  const outputFile = join(runnerTemp, 'github-output');
  writeFileSync(outputFile, '');
  const lint = runStep(
    'Run ecs-lint',
    { ECS_LINT: BIN, INPUT_PATHS: '*.json', INPUT_FORMAT: 'github', INPUT_ARGS: '', INPUT_SARIF_FILE: '', INPUT_UPLOAD_SARIF: 'false', GITHUB_OUTPUT: outputFile, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp },
    workspace,
  );
  assert.is(lint.code, 0, lint.stderr);
  assert.is(lint.stdout, '');
  assert.is(readFileSync(outputFile, 'utf8'), 'exit-code=0\n');
});

test('README: the CI examples are valid YAML that match action.yml and the CLI', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Continuous integration\n'), readme.indexOf('\n## Configuration\n'));
  assert.ok(section.length > 100, 'the README has no "Continuous integration" section before "Configuration"');
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map(([, yaml]) => parseYaml(yaml!) as Record<string, unknown>);
  assert.is(blocks.length, 3);
  type Job = { steps?: ActionStep[]; script?: string[]; image?: string; artifacts?: { when?: string; reports?: { junit?: string } } };
  const [workflow, withAction, gitlab] = blocks as [{ permissions: Record<string, string>; jobs: Record<string, Job> }, { permissions: Record<string, string>; jobs: Record<string, Job> }, Record<string, Job>];
  for (const example of [workflow, withAction]) assert.is(example.permissions['security-events'], 'write');
  const steps = workflow.jobs['ecs-lint']!.steps!;
  const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'))!;
  const sarifStep = steps.find((step) => step.run?.includes('--format sarif'))!;
  assert.ok(sarifStep.run!.includes(`--output-file ${upload.with!.sarif_file}`));
  assert.ok(steps.some((step) => step.run?.includes('--format github')));
  const actionStep = withAction.jobs['ecs-lint']!.steps!.find((step) => step.uses?.startsWith('ecs-lint/ecs-lint@'))!;
  for (const input of Object.keys(actionStep.with ?? {})) assert.ok(input in ACTION.inputs, `the README passes an unknown input ${input}`);
  const job = gitlab['ecs-lint']!;
  assert.is(job.image, 'node:20');
  assert.is(job.artifacts?.when, 'always');
  assert.ok(job.script!.some((line) => line.includes(`--format junit --output-file ${job.artifacts!.reports!.junit}`)));
  for (const name of ['sarif', 'github', 'junit']) assert.match(readme, new RegExp(`^- \`${name}\`: `, 'm'));
});

test.run();
