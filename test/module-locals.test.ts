// Locals and variable defaults are module-wide: a reference in ecs.tf to a local of locals.tf (or a
// default of variables.tf) is that value, located at the reference (findings inside point there,
// no fix edits it); a local written in two files, or a cycle, is unknown. Every path agrees: the
// directory, the file named alone, standard input; --cache sees a change of the other file. The
// module's files are read once per run.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main, type CliIo } from '../src/cli/main';
import { prepareAllFormats } from '../src/loaders/formats';
import { HclModule } from '../src/loaders/hcl/module';
import { tempProject } from './support/cli';

interface Message {
  ruleId: string;
  messageId: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: unknown;
}

async function lint(cwd: string, args: string[], stdin = ''): Promise<{ code: number; results: Array<{ filePath: string; messages: Message[] }>; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => stdin,
    env: {},
  };
  const code = await main(['--format', 'json', ...args], io);
  return { code, results: JSON.parse(stdout) as Array<{ filePath: string; messages: Message[] }>, stderr };
}

/** The messages for `name` on every path; asserts they agree and returns them. */
async function everyPath(directory: string, name: string, text: string): Promise<Message[]> {
  const whole = await lint(directory, ['.']);
  assert.is(whole.stderr, '');
  const expected = whole.results.find((result) => result.filePath === name)?.messages ?? [];
  assert.equal((await lint(directory, [name])).results[0]?.messages ?? [], expected, `${name} named alone`);
  assert.equal((await lint(directory, ['--stdin', '--stdin-filename', name], text)).results[0]?.messages ?? [], expected, `${name} on standard input`);
  return expected;
}

const ROLE = `resource "aws_iam_role" "exec" {
  name = "web-exec"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_iam_role_policy" "logs" {
  role   = aws_iam_role.exec.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "logs:PutLogEvents", Resource = "*" }] })
}
`;

/** A task whose containers are `local.containers` (line 5: `  container_definitions = jsonencode(local.containers)`). */
const TASK = `resource "aws_ecs_task_definition" "web" {
  family             = "web"
  network_mode       = var.mode
  execution_role_arn = aws_iam_role.exec.arn
  container_definitions = jsonencode(local.containers)
}
`;
const REFERENCE = { line: 5, column: 38, endLine: 5, endColumn: 54 };

const containers = (valueFrom: string) => `  containers = [{
    name      = "web"
    image     = "public.ecr.aws/nginx/nginx:1.27"
    essential = true
    secrets   = [{ name = "DB", valueFrom = ${valueFrom} }]
  }]
`;

const modules = suite('module-wide locals');
modules.before(prepareAllFormats);

modules('container_definitions from local.containers in locals.tf: a finding inside is at the reference, with no fix', async () => {
  const secret = '"arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password"';
  // Written in the resource, the finding is at the value, with its fix (the missing colons).
  const inline = TASK.replace('jsonencode(local.containers)', `jsonencode(\n${containers(secret).replace('  containers = ', '')})`);
  const same = tempProject({ 'infra/ecs.tf': `${inline}variable "mode" {\n  default = "awsvpc"\n}\n${ROLE}` });
  const within = (await lint(same, ['infra'])).results[0]!.messages.filter((message) => message.ruleId === 'secrets-value-from');
  assert.is(within.length, 1);
  assert.ok(within[0]!.fix, 'a fix within the resource');
  assert.ok(within[0]!.line > 5, 'inside the containers');

  const locals = `locals {\n${containers(secret)}}\n`;
  const variables = 'variable "mode" {\n  default = "awsvpc"\n}\n';
  const directory = tempProject({ 'infra/ecs.tf': TASK + ROLE, 'infra/locals.tf': locals, 'infra/variables.tf': variables });
  const messages = (await everyPath(`${directory}/infra`, 'ecs.tf', TASK + ROLE)).filter((message) => message.ruleId === 'secrets-value-from');
  assert.equal(messages.map(({ message, line, column, endLine, endColumn, fix }) => ({ message, line, column, endLine, endColumn, fix })), [
    { message: within[0]!.message, ...REFERENCE, fix: undefined },
  ]);
  // Nothing is reported in locals.tf itself, and --fix leaves both files as they are.
  assert.equal((await lint(`${directory}/infra`, ['locals.tf'])).results[0]!.messages, []);
  await lint(`${directory}/infra`, ['--fix', '.']);
  assert.is(readFileSync(`${directory}/infra/ecs.tf`, 'utf8'), TASK + ROLE);
  assert.is(readFileSync(`${directory}/infra/locals.tf`, 'utf8'), locals);
});

modules('a secret from an SSM parameter named by a local of another file: execution-role-ssm-parameters as in one file', async () => {
  const valueFrom = '"arn:aws:ssm:us-east-1:111122223333:parameter/${local.env}/db"';
  const same = tempProject({ 'infra/ecs.tf': `${TASK}locals {\n  env = "prod"\n${containers(valueFrom)}}\nvariable "mode" {\n  default = "awsvpc"\n}\n${ROLE}` });
  const expected = (await lint(same, ['infra'])).results[0]!.messages.filter((message) => message.ruleId === 'execution-role-ssm-parameters');
  assert.is(expected.length, 1);
  assert.match(expected[0]!.message, /parameter\/prod\/db/);

  // locals.tf writes env, _variables.tf the containers (which use env): both another file's.
  const directory = tempProject({
    'infra/ecs.tf': TASK + ROLE,
    'infra/locals.tf': 'locals {\n  env = "prod"\n}\n',
    'infra/_variables.tf': `locals {\n${containers(valueFrom)}}\nvariable "mode" {\n  default = "awsvpc"\n}\n`,
  });
  const messages = (await everyPath(`${directory}/infra`, 'ecs.tf', TASK + ROLE)).filter((message) => message.ruleId === 'execution-role-ssm-parameters');
  assert.equal(messages.map(({ messageId, message }) => ({ messageId, message })), expected.map(({ messageId, message }) => ({ messageId, message })));
  assert.equal(messages.map(({ line, column, endLine, endColumn }) => ({ line, column, endLine, endColumn })), [REFERENCE]);
});

modules('a file the config ignores writes no local, as it tells no fact: on every path', async () => {
  const secret = '"arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password"';
  const directory = tempProject({
    '.ecs-lint.json': JSON.stringify({ ignore: ['infra/locals.tf'] }),
    'infra/ecs.tf': TASK + ROLE,
    'infra/locals.tf': `locals {\n${containers(secret)}}\n`,
    'infra/variables.tf': 'variable "mode" {\n  default = "awsvpc"\n}\n',
  });
  const run = (args: string[], stdin = '') => lint(directory, args, stdin).then((result) => result.results.flatMap((entry) => entry.messages.map((message) => message.ruleId)));
  for (const args of [['infra'], ['infra/ecs.tf'], ['--stdin', '--stdin-filename', 'infra/ecs.tf']]) {
    assert.equal(await run(args, TASK + ROLE), [], args.join(' '));
  }
  rmSync(`${directory}/.ecs-lint.json`);
  assert.equal(await run(['infra/ecs.tf']), ['execution-role-get-secret-value', 'secrets-value-from']);
});

modules('a local written in two files, or in a cycle across files, is unknown: no finding, no crash', async () => {
  const valueFrom = '"arn:aws:ssm:us-east-1:111122223333:parameter/${local.env}/db"';
  const task = `${TASK}locals {\n${containers(valueFrom)}}\nvariable "mode" {\n  default = "awsvpc"\n}\n${ROLE}`;
  const twice = tempProject({ 'infra/ecs.tf': task, 'infra/a.tf': 'locals {\n  env = "prod"\n}\n', 'infra/b.tf': 'locals {\n  env = "dev"\n}\n' });
  const messages = await everyPath(`${twice}/infra`, 'ecs.tf', task);
  assert.equal(messages.filter((message) => message.ruleId === 'execution-role-ssm-parameters'), []);

  const cycle = tempProject({
    'infra/ecs.tf': `${TASK}locals {\n  env = "\${local.stage}-x"\n${containers(valueFrom)}}\nvariable "mode" {\n  default = "awsvpc"\n}\n${ROLE}`,
    'infra/a.tf': 'locals {\n  stage = local.env\n}\n',
  });
  const run = await lint(`${cycle}/infra`, ['.']);
  assert.is(run.stderr, '');
  assert.equal(run.results.flatMap((result) => result.messages.filter((message) => message.ruleId === 'execution-role-ssm-parameters')), []);
});

modules('a variable default of variables.tf is the value; one declared in two files is unknown', async () => {
  const task = TASK.replace('jsonencode(local.containers)', 'jsonencode([{ name = "web", image = "nginx", essential = true }])');
  const variable = 'variable "mode" {\n  default = "awsvpn"\n}\n';
  const known = tempProject({ 'infra/ecs.tf': task + ROLE, 'infra/variables.tf': variable });
  const messages = await everyPath(`${known}/infra`, 'ecs.tf', task + ROLE);
  assert.equal(messages.filter((message) => message.line === 3).map(({ ruleId, messageId, column, endColumn }) => ({ ruleId, messageId, column, endColumn })), [
    { ruleId: 'schema', messageId: 'enum', column: 24, endColumn: 32 },
  ]);

  // A member of another file's local: `local.settings.mode`, located at the whole reference.
  const member = task.replace('var.mode', 'local.settings.mode');
  const stepped = tempProject({ 'infra/ecs.tf': member + ROLE, 'infra/locals.tf': 'locals {\n  settings = { mode = "awsvpn", cpu = 256 }\n}\n' });
  const steppedMessages = await everyPath(`${stepped}/infra`, 'ecs.tf', member + ROLE);
  assert.equal(steppedMessages.filter((message) => message.line === 3).map(({ ruleId, messageId, column, endColumn }) => ({ ruleId, messageId, column, endColumn })), [
    { ruleId: 'schema', messageId: 'enum', column: 24, endColumn: 43 },
  ]);

  const twice = tempProject({ 'infra/ecs.tf': task + ROLE, 'infra/variables.tf': variable, 'infra/more.tf': variable });
  assert.equal((await lint(`${twice}/infra`, ['ecs.tf'])).results[0]!.messages.filter((message) => message.line === 3), []);
});

modules('--cache: a change to a local in another file lints the file that uses it again', async () => {
  const main = 'module "svc" {\n  source = "terraform-aws-modules/ecs/aws//modules/container-definition"\n  container_definitions = jsonencode([{ name = "web", image = "nginx:1.27", essential = true, portMappings = [{ containerPort = local.port }] }])\n}\n';
  const directory = tempProject({ 'infra/main.tf': main, 'infra/locals.tf': 'locals {\n  port = 80\n}\n' });
  const run = async () => (await lint(directory, ['--cache', '--cache-location', `${directory}/.cache`, 'infra'])).results.flatMap((result) => result.messages.map((message) => [message.ruleId, message.line, message.column]));
  assert.equal(await run(), []);
  writeFileSync(`${directory}/infra/locals.tf`, 'locals {\n  port = "http"\n}\n');
  assert.equal(await run(), [['schema', 3, 129]]);
});

modules('a module is read once, however many names and files ask', () => {
  let reads = 0;
  const module = new HclModule(() => {
    reads++;
    return [
      { path: '/m/locals.tf', text: 'locals {\n  a = "x"\n  b = "${local.a}-y"\n}\n' },
      { path: '/m/variables.tf', text: 'variable "v" {\n  default = 1\n}\n' },
    ];
  });
  assert.is(module.value('local.b', '/m/ecs.tf')?.value, 'x-y');
  assert.is(module.value('local.a', '/m/other.tf')?.value, 'x');
  assert.is(module.value('var.v', '/m/ecs.tf')?.value, 1);
  assert.is(module.value('local.a', '/m/locals.tf'), undefined, 'a file does not take its own names from the module');
  assert.is(module.value('local.missing', '/m/ecs.tf'), undefined);
  assert.is(reads, 1);
});

modules.run();
