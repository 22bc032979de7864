// Partial views give the findings of the whole: pre-commit passes only the staged files and an
// editor opens one, yet a .tf file is linted with the facts of its whole module (its directory).
// Random Terraform modules, split over files at random: each file linted alone (named on the
// command line, or on standard input) reports exactly what linting the directory reports for it,
// their locals and variable defaults in whichever file.
// Then the pseudo parameters of templates with and without --partition.

import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main, type CliIo } from '../src/cli/main';
import { runCli, tempProject } from './support/cli';

const SEED = Number(process.env.FC_SEED ?? 20_261_202);
const RUNS = Number(process.env.FC_RUNS ?? 30);

interface Run {
  code: number;
  results: Array<{ filePath: string; messages: Array<{ ruleId: string; message: string; line: number; column: number }> }>;
  stderr: string;
}

async function lint(cwd: string, args: string[], stdin = ''): Promise<Run> {
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
  return { code, results: JSON.parse(stdout) as Run['results'], stderr };
}

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:ci/registry-AbCdEf';

/** The pieces of a module; each goes to one of its files. */
const secretOf = (secret: 'literal' | 'resource') => (secret === 'literal' ? `"${SECRET_ARN}"` : 'aws_secretsmanager_secret.registry.arn');
const pieces = {
  /** The task's values written in it, or `viaLocals` in the module's locals and variables. */
  task: (secret: 'literal' | 'resource', viaLocals: boolean) => `resource "aws_ecs_task_definition" "web" {
  family             = ${viaLocals ? 'local.family' : '"web"'}
  execution_role_arn = aws_iam_role.exec.arn
  container_definitions = jsonencode([{
    name  = "web"
    image = ${viaLocals ? '"${local.registry}/team/web:${var.tag}"' : '"registry.example.com/team/web:1.0.0"'}
    repositoryCredentials = ${viaLocals ? 'local.credentials' : `{ credentialsParameter = ${secretOf(secret)} }`}
  }])
}
`,
  locals: (secret: 'literal' | 'resource') => `locals {
  family         = "web"
  registry       = "registry.example.com"
  credentials    = { credentialsParameter = ${secretOf(secret)} }
  secret_pattern = "${SECRET_ARN.replace(/-AbCdEf$/, '-??????')}"
}
`,
  role: (trust: 'inline' | 'document') =>
    trust === 'inline'
      ? `resource "aws_iam_role" "exec" {
  name = "web-exec"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
`
      : `resource "aws_iam_role" "exec" {
  name               = "web-exec"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
`,
  /** The trust policy of the 'document' role, a piece of its own. */
  assume: `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}
`,
  /** A role no task assumes, with a policy without Version: outside the default policy scope. */
  instance: `resource "aws_iam_role" "instance" {
  name = "ecs-instance"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_iam_role_policy" "instance" {
  role   = aws_iam_role.instance.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ecs:Poll", Resource = "*" }] })
}
`,
  secret: `resource "aws_secretsmanager_secret" "registry" {
  name = "ci/registry"
}
`,
  identity: `data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
`,
  variables: `variable "environment" {
  type    = string
  default = "prod"
}
variable "tag" {
  default = "1.0.0"
}
`,
  outputs: `output "task_definition_arn" {
  value = aws_ecs_task_definition.web.arn
}
`,
};

const RESOURCES = {
  any: '"*"',
  exact: `"${SECRET_ARN.replace(/-AbCdEf$/, '-??????')}"`,
  other: '"arn:aws:secretsmanager:us-east-1:111122223333:secret:other-??????"',
  symbolic: '"arn:aws:secretsmanager:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:secret:ci/*"',
  reference: 'aws_secretsmanager_secret.registry.arn',
  local: 'local.secret_pattern',
};

/**
 * How the role gets its policy: attached in many ways, each a piece of its own. Without `versioned`,
 * the policy has no Version (a data source: the old one), which policy-version reports when it can
 * tell that the role is a task's.
 */
function policyPieces(how: 'role-policy' | 'managed' | 'document', action: string, resource: string, versioned = true): string[] {
  const document = `jsonencode({ ${versioned ? 'Version = "2012-10-17", ' : ''}Statement = [{ Effect = "Allow", Action = "${action}", Resource = ${resource} }] })`;
  switch (how) {
    case 'role-policy':
      return [`resource "aws_iam_role_policy" "read" {\n  role   = aws_iam_role.exec.id\n  policy = ${document}\n}\n`];
    case 'managed':
      return [
        `resource "aws_iam_policy" "read" {\n  name   = "read-registry"\n  policy = ${document}\n}\n`,
        'resource "aws_iam_role_policy_attachment" "read" {\n  role       = aws_iam_role.exec.name\n  policy_arn = aws_iam_policy.read.arn\n}\n',
      ];
    default:
      return [
        `data "aws_iam_policy_document" "read" {\n${versioned ? '' : '  version = "2008-10-17"\n'}  statement {\n    actions   = ["${action}"]\n    resources = [${resource}]\n  }\n}\n`,
        'resource "aws_iam_role_policy" "read" {\n  role   = aws_iam_role.exec.id\n  policy = data.aws_iam_policy_document.read.json\n}\n',
      ];
  }
}

const moduleSpec = fc.record({
  secret: fc.constantFrom<'literal' | 'resource'>('literal', 'resource'),
  how: fc.constantFrom<'role-policy' | 'managed' | 'document'>('role-policy', 'managed', 'document'),
  action: fc.constantFrom('secretsmanager:GetSecretValue', 'secretsmanager:*', 'logs:PutLogEvents'),
  resource: fc.constantFrom(...(Object.keys(RESOURCES) as Array<keyof typeof RESOURCES>)),
  trust: fc.constantFrom<'inline' | 'document'>('inline', 'document'),
  versioned: fc.boolean(),
  viaLocals: fc.boolean(),
  files: fc.integer({ min: 1, max: 4 }),
  placement: fc.array(fc.nat(), { minLength: 13, maxLength: 13 }),
});

const views = suite('partial views');

views('a .tf file named alone, or on standard input, reports what linting its directory reports for it', async () => {
  let withFindings = 0;
  let withPolicyFindings = 0;
  let fromOtherFiles = 0;
  await fc.assert(
    fc.asyncProperty(moduleSpec, async (spec) => {
      const all = [
        pieces.task(spec.secret, spec.viaLocals),
        pieces.locals(spec.secret),
        pieces.role(spec.trust),
        pieces.secret,
        pieces.identity,
        pieces.variables,
        pieces.outputs,
        pieces.instance,
        ...(spec.trust === 'document' ? [pieces.assume] : []),
        ...policyPieces(spec.how, spec.action, RESOURCES[spec.resource], spec.versioned),
      ];
      const names = ['ecs.tf', 'iam.tf', 'locals.tf', 'z-data.tf'].slice(0, spec.files);
      const texts = new Map<string, string>(names.map((name) => [name, '']));
      all.forEach((piece, index) => {
        const name = names[(spec.placement[index] ?? 0) % names.length]!;
        texts.set(name, texts.get(name)! + piece);
      });
      const directory = mkdtempSync(join(tmpdir(), 'ecs-lint-partial-'));
      try {
        for (const [name, text] of texts) writeFileSync(join(directory, name), text);
        const whole = await lint(directory, ['.']);
        assert.is(whole.stderr, '');
        // The task role's policy without Version is reported, wherever its pieces are; the instance
        // role's never is (the default policy scope).
        const policyFindings = whole.results.flatMap((result) => result.messages.filter((message) => message.ruleId === 'policy-version'));
        assert.is(policyFindings.length, spec.versioned ? 0 : 1, `policy-version in ${JSON.stringify(Object.fromEntries(texts))}`);
        if (!spec.versioned) withPolicyFindings++;
        for (const name of names) {
          const expected = whole.results.find((result) => result.filePath === name)?.messages ?? [];
          if (expected.some((message) => message.ruleId.startsWith('execution-role-'))) {
            withFindings++;
            // A finding that needs a local or a default written in another file of the module.
            const own = texts.get(name)!;
            if ((spec.viaLocals || spec.resource === 'local') && !own.includes('locals {')) fromOtherFiles++;
          }
          const alone = await lint(directory, [name]);
          assert.equal(alone.results.map((result) => result.filePath), [name], `${name}: only the named file is reported`);
          assert.equal(alone.results[0]!.messages, expected, `${name} named alone, in ${JSON.stringify(Object.fromEntries(texts))}`);
          const stdin = await lint(directory, ['--stdin', '--stdin-filename', name], texts.get(name)!);
          assert.equal(stdin.results[0]!.messages, expected, `${name} on standard input`);
        }
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
  // The modules have execution-role findings to compare (clean modules would prove little).
  assert.ok(withFindings > 0, `no execution-role finding in ${RUNS} modules`);
  assert.ok(withPolicyFindings > 0, `no policy-version finding in ${RUNS} modules`);
  assert.ok(fromOtherFiles > 0, `no finding that needs another file's locals in ${RUNS} modules`);
});

views('a .tf file without ECS resources is an input, never "not a task definition"', () => {
  const directory = tempProject({
    'infra/variables.tf': 'variable "region" {\n  type = string\n}\n',
    'infra/outputs.tf': 'output "x" {\n  value = var.region\n}\n',
  });
  const run = runCli(['--format', 'json', 'infra/variables.tf', 'infra/outputs.tf'], { cwd: directory });
  assert.is(run.code, 0);
  const results = JSON.parse(run.stdout) as Run['results'];
  assert.equal(results.map((result) => [result.filePath, result.messages]), [['infra/variables.tf', []], ['infra/outputs.tf', []]]);
});

views('the role in ecs.tf and its policy in iam.tf: ecs.tf named alone is clean, as the directory is; without iam.tf it is not', () => {
  const task = pieces.task('literal', false) + pieces.role('inline');
  const policy = policyPieces('role-policy', 'secretsmanager:GetSecretValue', RESOURCES.exact).join('');
  const directory = tempProject({ 'infra/ecs.tf': task, 'infra/iam.tf': policy });
  for (const args of [['infra'], ['infra/ecs.tf'], ['--stdin', '--stdin-filename', 'infra/ecs.tf']]) {
    const run = runCli(['--format', 'compact', ...args], { cwd: directory, input: task });
    assert.is(run.stdout, '', args.join(' '));
    assert.is(run.code, 0);
  }
  // A file the config ignores is not part of the module's facts, from a directory or alone.
  writeFileSync(join(directory, '.ecs-lint.json'), JSON.stringify({ ignore: ['infra/iam.tf'] }));
  for (const args of [['infra'], ['infra/ecs.tf']]) {
    const run = runCli(['--format', 'compact', ...args], { cwd: directory });
    assert.match(run.stdout, /^infra\/ecs\.tf:7:\d+: error the execution role "web-exec" may not read /m, args.join(' '));
    assert.is(run.code, 1);
  }
});

views.run();

const pseudo = suite('pseudo parameters');

const CDK = JSON.stringify(
  {
    Resources: {
      Task: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          Family: 'web',
          ContainerDefinitions: [
            {
              Name: 'web',
              Image: 'ghcr.io/acme/web:1.0.0',
              RepositoryCredentials: {
                CredentialsParameter: {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:ci/ghcr-AbCdEf']],
                },
              },
            },
          ],
        },
      },
    },
  },
  null,
  2,
);
const SUB = [
  'Resources:',
  '  Task:',
  '    Type: AWS::ECS::TaskDefinition',
  '    Properties:',
  '      Family: web',
  '      ContainerDefinitions:',
  '        - Name: web',
  '          Image: ghcr.io/acme/web:1.0.0',
  '          RepositoryCredentials:',
  '            CredentialsParameter: !Sub arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:ci/ghcr-AbCdEf',
  '',
].join('\n');

pseudo('CDK\'s Fn::Join and !Sub with AWS::Partition are secret ARNs, with --account and --region, with --partition, and with neither', () => {
  const directory = tempProject({ 'cdk.template.json': CDK, 'stack.yaml': SUB });
  for (const flags of [[], ['--account', '111122223333', '--region', 'eu-west-1'], ['--account', '111122223333', '--region', 'eu-west-1', '--partition', 'aws'], ['--region', 'cn-north-1']]) {
    const run = runCli(['--format', 'compact', '--rule', 'execution-role-required:off', ...flags, 'cdk.template.json', 'stack.yaml'], { cwd: directory });
    assert.is(run.stdout, '', flags.join(' '));
    assert.is(run.code, 0);
  }
  // A partition the region contradicts is still an error of the settings, not of the template.
  const wrong = runCli(['--format', 'compact', '--region', 'cn-north-1', '--partition', 'aws', 'stack.yaml'], { cwd: directory });
  assert.is(wrong.code, 2);
  assert.match(wrong.stderr, /is in the partition "aws-cn"/);
});

pseudo.run();
