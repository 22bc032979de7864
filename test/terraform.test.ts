// Terraform: the HCL evaluator (references, defaults, locals, heredocs, jsonencode, file(),
// templatefile()), positions inside the .tf file, plan JSON, module scopes, and end-to-end runs of
// the CLI over fixtures/terraform/ with exact positions.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main, type CliIo } from '../src/cli/main';
import { lintText } from '../src/engine/lint';
import type { LintDocument } from '../src/loaders/document';
import { prepareAllFormats } from '../src/loaders/formats';
import { loadText } from '../src/loaders/index';
import { isUnknownValue } from '../src/core/unknown';
import { ROOT } from './support/cli';
import { settings } from './support/settings';

const FIXTURES = join(ROOT, 'fixtures/terraform');

const loader = suite('terraform loader');
loader.before(async () => {
  await prepareAllFormats();
});

/** The document of a .tf text, named as if it were at fixtures/terraform/<name>. */
function load(text: string, name = 'inline/main.tf', files: Record<string, string> = {}): LintDocument {
  const result = loadText(text, {
    inputType: 'auto',
    fileName: join(FIXTURES, name),
    readFile: (path) => files[path.slice(path.lastIndexOf('/') + 1)],
  });
  assert.equal(result.findings, [], 'no loader findings');
  assert.ok(result.document, 'a document');
  return result.document!;
}

/** Where a path of the first task definition is, as [line, column]. */
function at(document: LintDocument, path: Array<string | number>, target: 'value' | 'key' = 'value', unit = 0): [number, number] {
  const range = document.sourceMap.locate(document.taskDefinitions[unit]!.filePath(path), target);
  return [range.start.line, range.start.column];
}

loader('references stay references; variable defaults and locals of the file are their values', () => {
  const document = load(`variable "region" {
  default = "eu-west-1"
}
variable "tag" {}
variable "empty" {
  default = ""
}
locals {
  name = "web"
  full = "\${local.name}-app"
}
resource "aws_ecs_task_definition" "web" {
  family             = local.full
  execution_role_arn = aws_iam_role.exec.arn
  task_role_arn      = "arn:aws:iam::\${var.account}:role/\${local.name}"
  network_mode       = var.empty
  cpu                = 256
  memory             = var.tag == "" ? "512" : "1024"
  container_definitions = jsonencode([{
    name  = local.name
    image = "registry.example.com/web:\${var.tag}"
    logConfiguration = {
      logDriver = "awslogs"
      options   = { "awslogs-region" = var.region, awslogs-group: "/ecs/web" }
    }
    command = [for word in var.words : upper(word)]
    essential = true
    memoryReservation = null
  }])
}
`);
  const model = document.taskDefinitions[0]!.model;
  assert.is(model.family, 'web-app');
  assert.is(model.executionRoleArn, '${aws_iam_role.exec.arn}');
  assert.is(model.taskRoleArn, 'arn:aws:iam::${var.account}:role/web');
  assert.is(model.networkMode, '${var.empty}', 'an empty default is no value');
  assert.is(model.cpu, '256', 'Terraform makes the string the API wants of a number');
  assert.match(String(model.memory), /^\$\{Unresolved\.\d+\}$/);
  const container = (model.containerDefinitions as Array<Record<string, unknown>>)[0]!;
  assert.is(container.name, 'web');
  assert.is(container.image, 'registry.example.com/web:${var.tag}');
  assert.equal(container.logConfiguration, { logDriver: 'awslogs', options: { 'awslogs-region': 'eu-west-1', 'awslogs-group': '/ecs/web' } });
  // A for expression is a list of unknown content where the API wants a list: unknown, no type error.
  assert.ok(isUnknownValue(container.command));
  assert.not.ok('memoryReservation' in container, 'null members are left out');
  const unit = document.taskDefinitions[0]!;
  assert.ok(unit.aliases?.includes('${aws_ecs_task_definition.web.arn}'));
  assert.is(unit.scope, join(FIXTURES, 'inline'));
  assert.is(unit.coercesScalars, undefined);
});

loader('positions inside jsonencode point at the HCL that wrote the value', () => {
  const document = load(`resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = jsonencode([
    {
      name  = "web"
      "image": "nginx:1.27"
      repositoryCredentials = {
        credentialsParameter = "arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-AbCdEf"
      }
    }
  ])
}
`);
  assert.equal(at(document, ['family']), [2, 12]);
  assert.equal(at(document, ['family'], 'key'), [2, 3]);
  assert.equal(at(document, ['containerDefinitions'], 'key'), [3, 3]);
  assert.equal(at(document, ['containerDefinitions', 0, 'name']), [5, 15]);
  assert.equal(at(document, ['containerDefinitions', 0, 'image']), [6, 16]);
  assert.equal(at(document, ['containerDefinitions', 0, 'image'], 'key'), [6, 7]);
  assert.equal(at(document, ['containerDefinitions', 0, 'repositoryCredentials', 'credentialsParameter']), [8, 32]);
  // A member that is not there: the key of the closest one that is.
  assert.equal(at(document, ['containerDefinitions', 0, 'repositoryCredentials', 'missing'], 'key'), [7, 7]);
});

loader('positions inside a heredoc map JSON offsets back into the .tf file (<<- indentation, UTF-16 columns)', () => {
  const document = load(`resource "aws_ecs_task_definition" "web" {
  family = "wéb" # 😀
  container_definitions = <<-EOF
    [
      {
        "name": "wéb😀", "cpu": \${var.cpu},
        "image": "registry.example.com/\${var.team}/web:1",
        "memory": \${var.memory},
        "hostname": "$\${HOSTNAME}",
        "repositoryCredentials": { "credentialsParameter": "registry/web" }
      }
    ]
  EOF
}
variable "cpu" {
  default = 256
}
`);
  const container = (document.taskDefinitions[0]!.model.containerDefinitions as Array<Record<string, unknown>>)[0]!;
  assert.is(container.name, 'wéb😀');
  assert.is(container.image, 'registry.example.com/${var.team}/web:1');
  assert.ok(isUnknownValue(container.memory), 'an interpolation outside a JSON string is a value of any type');
  assert.is(container.cpu, 256, 'a default fills the interpolation');
  assert.is(container.hostname, '${HOSTNAME}', '$${ is an escape');
  assert.equal(at(document, ['containerDefinitions', 0, 'name']), [6, 17]);
  // After the emoji on the same line: columns count UTF-16 code units, as editors do.
  assert.equal(at(document, ['containerDefinitions', 0, 'cpu'], 'key'), [6, 26]);
  assert.equal(at(document, ['containerDefinitions', 0, 'cpu']), [6, 33]);
  assert.equal(at(document, ['containerDefinitions', 0, 'image'], 'key'), [7, 9]);
  assert.equal(at(document, ['containerDefinitions', 0, 'memory']), [8, 19]);
  assert.equal(at(document, ['containerDefinitions', 0, 'repositoryCredentials', 'credentialsParameter']), [10, 60]);
  assert.equal(at(document, ['family']), [2, 12]);
});

loader('file() and templatefile() read files beside the .tf file; positions point at the call', () => {
  const read: string[] = [];
  const result = loadText(
    `locals {
  api = templatefile("\${path.module}/api.json.tpl", { image = "api:2", port = 8080 })
}
resource "aws_ecs_task_definition" "web" {
  family                = "web"
  container_definitions = file("web.json")
}
resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = local.api
}
resource "aws_ecs_task_definition" "missing" {
  family                = "missing"
  container_definitions = file("\${path.module}/\${terraform.workspace}.json")
}
`,
    {
      inputType: 'auto',
      fileName: '/project/infra/main.tf',
      readFile: (path) => {
        read.push(path);
        if (path === '/project/infra/web.json') return '[{"name": "web", "image": "web:1", "portMappings": [{"containerPort": 80}]}]';
        if (path === '/project/infra/./api.json.tpl') return '[{"name": "api", "image": "${image}", "portMappings": [{"containerPort": ${port}}], "environment": ${jsonencode(env)}}]';
        return undefined;
      },
    },
  );
  const document = result.document!;
  assert.equal(read.sort(), ['/project/infra/./api.json.tpl', '/project/infra/web.json']);
  const [web, api, missing] = document.taskDefinitions;
  assert.equal(web!.model.containerDefinitions, [{ name: 'web', image: 'web:1', portMappings: [{ containerPort: 80 }] }]);
  const apiContainer = (api!.model.containerDefinitions as Array<Record<string, unknown>>)[0]!;
  assert.is(apiContainer.image, 'api:2');
  assert.equal(apiContainer.portMappings, [{ containerPort: 8080 }]);
  assert.ok(isUnknownValue(apiContainer.environment));
  assert.ok(isUnknownValue(missing!.model.containerDefinitions), 'a file that cannot be known: containers are not checked');
  assert.equal(at(document, ['containerDefinitions', 0, 'portMappings', 0, 'containerPort']), [6, 27]);
  assert.equal(at(document, ['containerDefinitions', 0, 'image'], 'value', 1), [2, 9]);
});

loader('data "template_file" renders its template with its vars', () => {
  const document = load(
    `data "template_file" "app" {
  template = file("templates/app.json.tpl")
  vars = {
    image = "app:3"
  }
}
resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = data.template_file.app.rendered
}
`,
    'inline/main.tf',
    { 'app.json.tpl': '[{"name": "app", "image": "${image}", "cpu": ${cpu}}]' },
  );
  const container = (document.taskDefinitions[0]!.model.containerDefinitions as Array<Record<string, unknown>>)[0]!;
  assert.is(container.image, 'app:3');
  assert.ok(isUnknownValue(container.cpu));
  assert.equal(at(document, ['containerDefinitions', 0, 'image']), [2, 14]);
});

loader('task-level numbers are converted as Terraform does; inside container_definitions the JSON is passed on', () => {
  const result = lintText(
    `resource "aws_ecs_task_definition" "web" {
  family = "web"
  cpu    = 256
  memory = 512
  ephemeral_storage {
    size_in_gib = "21"
  }
  container_definitions = jsonencode([{
    name         = "web"
    image        = "nginx:1.27"
    portMappings = [{ containerPort = "80" }]
  }])
}
`,
    settings(),
    { fileName: join(FIXTURES, 'inline/main.tf') },
  );
  const schema = result.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'schema');
  assert.equal(
    schema.map(({ messageId, line, column }) => ({ messageId, line, column })),
    [{ messageId: 'type', line: 11, column: 39 }],
  );
});

loader('blocks become the API members: runtime_platform, volume, proxy_configuration', () => {
  const document = load(`resource "aws_ecs_task_definition" "web" {
  family = "web"
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }
  volume {
    name      = "data"
    host_path = "/data"
  }
  volume {
    name = "efs"
    efs_volume_configuration {
      file_system_id          = "fs-1234"
      transit_encryption      = "ENABLED"
      transit_encryption_port = "2999"
    }
  }
  dynamic "placement_constraints" {
    for_each = var.constraints
    content {
      type = "memberOf"
    }
  }
  proxy_configuration {
    type           = "APPMESH"
    container_name = "envoy"
    properties = {
      AppPorts = "8080"
    }
  }
  container_definitions = "[]"
}
`);
  const model = document.taskDefinitions[0]!.model;
  assert.equal(model.runtimePlatform, { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' });
  assert.equal(model.volumes, [
    { name: 'data', host: { sourcePath: '/data' } },
    { name: 'efs', efsVolumeConfiguration: { fileSystemId: 'fs-1234', transitEncryption: 'ENABLED', transitEncryptionPort: 2999 } },
  ]);
  assert.ok(isUnknownValue(model.placementConstraints), 'a dynamic block: not known');
  assert.equal(model.proxyConfiguration, { type: 'APPMESH', containerName: 'envoy', properties: [{ name: 'AppPorts', value: '8080' }] });
  assert.equal(model.containerDefinitions, []);
  assert.equal(at(document, ['volumes', 1, 'efsVolumeConfiguration', 'transitEncryptionPort']), [16, 33]);
  assert.equal(at(document, ['volumes', 1], 'key'), [11, 3]);
  assert.equal(at(document, ['proxyConfiguration', 'properties', 0, 'value']), [29, 18]);
});

loader('aws_iam_policy_document becomes a policy (version 2012-10-17) with positions of its blocks', () => {
  const document = load(`data "aws_iam_policy_document" "read" {
  statement {
    sid       = "Read"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:GetSecretValu"]
    resources = [aws_secretsmanager_secret.registry.arn, "registry"]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["web"]
    }
  }
  statement {
    effect  = "Deny"
    actions = ["kms:Decrypt"]
    not_resources = []
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
`);
  const [policy] = document.policies;
  assert.equal(policy!.document, {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Read',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:GetSecretValu'],
        Resource: ['${aws_secretsmanager_secret.registry.arn}', 'registry'],
        Condition: { StringEquals: { 'aws:PrincipalTag/team': ['web'] } },
      },
      { Effect: 'Deny', Action: ['kms:Decrypt'], Resource: ['*'], Principal: { AWS: ['arn:aws:iam::111122223333:root'] } },
    ],
  });
  assert.is(policy!.kind, 'resource');
  const locate = (path: Array<string | number>, target: 'value' | 'key' = 'value') => {
    const range = document.sourceMap.locate(policy!.filePath(path), target);
    return [range.start.line, range.start.column];
  };
  assert.equal(locate(['Statement', 0, 'Action', 1]), [4, 51]);
  assert.equal(locate(['Statement', 0, 'Resource', 1]), [5, 58]);
  assert.equal(locate(['Statement', 1], 'key'), [12, 3]);
  assert.equal(locate(['Statement', 1, 'Principal', 'AWS']), [19, 21]);
});

loader('policy rules run on Terraform policies at exact positions', () => {
  const result = lintText(
    `resource "aws_iam_policy" "read" {
  name = "read"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "secretsmanager:GetSecretValue"
      Resource = "arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-*"
    }]
  })
}
resource "aws_secretsmanager_secret" "bad" {
  name = "registry web"
}
`,
    settings(),
    { fileName: join(FIXTURES, 'inline/main.tf') },
  );
  assert.equal(
    result.diagnostics.map(({ ruleId, messageId, line, column }) => ({ ruleId, messageId, line, column })),
    [
      { ruleId: 'policy-version', messageId: 'missing', line: 3, column: 3 },
      { ruleId: 'policy-secret-wildcard', messageId: 'hyphen-star', line: 7, column: 18 },
      { ruleId: 'secret-name', messageId: 'characters', line: 12, column: 10 },
    ],
  );
});

loader('a syntax error is a parse-error at the first error; a .tf without ECS or IAM resources is an input with nothing to check', () => {
  const broken = lintText('resource "aws_ecs_task_definition" "web" {\n  family = "web"\n  cpu    = \n}\n', settings(), { fileName: '/x/main.tf' });
  assert.equal(
    broken.diagnostics.map(({ ruleId, message, line, column, fatal }) => ({ ruleId, message, line, column, fatal })),
    [{ ruleId: 'parse-error', message: 'invalid HCL: a value is expected after "="', line: 3, column: 11, fatal: true }],
  );
  const unclosed = lintText('resource "aws_iam_role" "exec" {\n  name = "exec"\n', settings(), { fileName: '/x/main.tf' });
  assert.equal(unclosed.diagnostics.map(({ message, line }) => ({ message, line })), [{ message: 'invalid HCL: unexpected end of file: missing "}"', line: 3 }]);
  const other = lintText('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n', settings(), { fileName: '/x/s3.tf' });
  assert.equal(other, { diagnostics: [], recognized: true, internalErrors: [] });
  const otherBroken = lintText('variable "x" {\n', settings(), { fileName: '/x/variables.tf' });
  assert.equal(otherBroken.diagnostics, []);
});

loader('an interpolation with quotes of its own (var.names["web"]) inside a JSON string of a heredoc is JSON all the same', () => {
  const result = lintText(
    `resource "aws_ecs_task_definition" "web" {
  family                = "web"
  container_definitions = <<EOF
[{ "name": "web", "image": "nginx:1",
   "secrets": [{ "name": "DB_HOST", "valueFrom": "\${var.names["web"]}-db-host" }],
   "environment": [{ "name": "DB_PASSWORD", "value": "\${var.secrets["db"]}" }] }]
EOF
}
`,
    settings(),
    { fileName: '/x/main.tf' },
  );
  assert.equal(result.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'parse-error'), []);
  // The document was read: the reference under a credential's name is seen.
  const reference = result.diagnostics.find((diagnostic) => diagnostic.messageId === 'reference');
  assert.ok(reference, JSON.stringify(result.diagnostics));
  assert.equal([reference!.line, reference!.column, reference!.data?.reference], [6, 54, 'var.secrets["db"]']);
});

loader('JSON that Terraform would refuse in a heredoc or a file is a parse-error at its place', () => {
  const result = lintText(
    `resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = <<EOF
[{ "name": "web", "image": "nginx:1", }]
EOF
}
resource "aws_iam_policy" "read" {
  policy = file("policy.json")
}
`,
    settings(),
    { fileName: '/x/main.tf', readFile: () => '{"Version": "2012-10-17" "Statement": []}' },
  );
  assert.equal(
    result.diagnostics.map(({ message, line, column }) => ({ message, line, column })),
    [
      { message: 'invalid JSON in container_definitions of aws_ecs_task_definition.web: a comma before "}" is not allowed in JSON; remove it', line: 4, column: 37 },
      { message: 'invalid JSON in policy of aws_iam_policy.read: a comma is expected', line: 8, column: 12 },
    ],
  );
});

loader('arguments set twice are invalid HCL, object keys written twice a duplicate-key, in every block of the file', () => {
  const result = lintText(
    `resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = jsonencode([{ name = "web", image = "nginx" }])
}
resource "aws_s3_bucket" "b" {
  bucket = "b"
  bucket = "c"
  tags   = { team = "a", (var.key) = "b", "team" = "c" }
}
`,
    settings(),
    { fileName: '/x/main.tf' },
  );
  assert.equal(
    result.diagnostics.map(({ messageId, message, line, column, endLine, endColumn, fatal }) => ({ messageId, message, range: [line, column, endLine, endColumn], fatal })),
    [
      {
        messageId: 'syntax',
        message: 'invalid HCL: the argument "bucket" is already set at line 6, and Terraform refuses an argument set twice ("Attribute redefined"); keep only one',
        range: [7, 3, 7, 9],
        fatal: undefined,
      },
      { messageId: 'duplicate-key', message: 'duplicate key "team": the value at line 8 is silently replaced by this one; keep only one', range: [8, 43, 8, 49], fatal: undefined },
    ],
  );
  // A file that is no input is not reported.
  const other = lintText('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n  bucket = "c"\n}\n', settings(), { fileName: '/x/s3.tf' });
  assert.equal(other.diagnostics, []);
});

loader('long strings: their middles are not parsed, yet values and positions are those of the whole text', () => {
  const long = 'a b'.repeat(7000);
  const text = `locals {
  name = "${long}"
}
resource "aws_ecs_task_definition" "web" {
  family = "x\\"${long}\\u00e9"
  container_definitions = <<-EOF
    [{ "name": "\${local.name}", "image": "${long}", "cpu": 1,
       "memory": 2 }]
  EOF
}
`;
  const document = load(text);
  const model = document.taskDefinitions[0]!.model;
  assert.ok(model.family === `x"${long}é`, 'escapes beside the skipped middle are decoded');
  const container = (model.containerDefinitions as Array<Record<string, unknown>>)[0]!;
  assert.ok(container.name === long && container.image === long, 'the heredoc\'s JSON holds the whole strings');
  const line7 = text.split('\n')[6]!;
  assert.equal(at(document, ['containerDefinitions', 0, 'cpu'], 'key'), [7, line7.indexOf('"cpu"') + 1]);
  assert.equal(at(document, ['containerDefinitions', 0, 'memory']), [8, 18]);
  assert.equal(at(document, ['family']), [5, 12]);
});

loader('long runs outside strings (a comment, a name) or beside a syntax error: the whole text is parsed', () => {
  const name = 'n'.repeat(5000);
  const document = load(`# ${'c'.repeat(5000)}
locals {
  ${name} = "web"
}
resource "aws_ecs_task_definition" "web" {
  family = local.${name}
  container_definitions = jsonencode([{ name = "web", image = "nginx" }])
}
`);
  assert.is(document.taskDefinitions[0]!.model.family, 'web');
  // A local's value is where the local writes it.
  assert.equal(at(document, ['family']), [3, name.length + 6]);
  const broken = lintText(`resource "aws_ecs_task_definition" "web" {\n  family = "${'a'.repeat(5000)}"\n  cpu    = \n}\n`, settings(), { fileName: '/x/main.tf' });
  assert.equal(broken.diagnostics.map(({ message, line, column }) => ({ message, line, column })), [{ message: 'invalid HCL: a value is expected after "="', line: 3, column: 11 }]);
});

loader('a .tf file with more than 4 million characters to parse is reported at 1:1, not parsed; long strings do not count', () => {
  const lines = Array.from({ length: 300_000 }, (_, index) => `  x${index} = "abcdef"`).join('\n');
  const text = `resource "aws_ecs_task_definition" "web" {\n  family = "web"\n}\nlocals {\n${lines}\n}\n`;
  const result = lintText(text, settings(), { fileName: '/x/main.tf' });
  assert.equal(
    result.diagnostics.map(({ messageId, message, line, column, fatal }) => ({ messageId, message, line, column, fatal })),
    [
      {
        messageId: 'too-large',
        message: `the file is ${(text.length / 1e6).toFixed(1)} million characters of HCL, more than the limit of 4.0 million for a .tf file (the insides of long strings not counted); it was not linted`,
        line: 1,
        column: 1,
        fatal: true,
      },
    ],
  );
  const strings = lintText(`resource "aws_ecs_task_definition" "web" {\n  family = "${'a'.repeat(5_000_000)}"\n}\n`, settings(), { fileName: '/x/main.tf' });
  assert.ok(!strings.diagnostics.some((diagnostic) => diagnostic.messageId === 'too-large'), 'a 5 MB string is parsed');
});

loader('plan JSON: task definitions of every module; container_definitions contents point inside the string, at each escaped value', () => {
  const text = JSON.stringify(
    {
      format_version: '1.2',
      planned_values: {
        root_module: {
          child_modules: [
            {
              address: 'module.web',
              resources: [
                {
                  address: 'module.web.aws_ecs_task_definition.web',
                  mode: 'managed',
                  type: 'aws_ecs_task_definition',
                  name: 'web',
                  values: { family: 'web', cpu: '256', container_definitions: '[{"name":"web","image":"nginx:1.27","secrets":[]}]', volume: [], runtime_platform: [{ operating_system_family: 'LINUX', cpu_architecture: null }] },
                },
              ],
            },
          ],
        },
      },
      resource_changes: [{ address: 'module.web.aws_ecs_task_definition.web', change: { after_unknown: { execution_role_arn: true } } }],
      configuration: {
        root_module: {
          module_calls: {
            web: { module: { resources: [{ address: 'aws_ecs_task_definition.web', expressions: { execution_role_arn: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } } }] } },
          },
        },
      },
    },
    null,
    2,
  );
  const result = loadText(text, { inputType: 'auto', fileName: '/x/plan.json' });
  const document = result.document!;
  assert.is(document.kind, 'terraform-plan');
  const unit = document.taskDefinitions[0]!;
  assert.equal(unit.model, {
    family: 'web',
    executionRoleArn: '${aws_iam_role.exec.arn}',
    cpu: '256',
    runtimePlatform: { operatingSystemFamily: 'LINUX' },
    containerDefinitions: [{ name: 'web', image: 'nginx:1.27', secrets: [] }],
  });
  const line = text.split('\n').findIndex((candidate) => candidate.includes('"container_definitions"')) + 1;
  // Inside the JSON string: the image value as the plan escapes it (\"nginx:1.27\").
  const column = text.split('\n')[line - 1]!.indexOf('\\"nginx:1.27\\"') + 1;
  const range = document.sourceMap.locate(unit.filePath(['containerDefinitions', 0, 'image']), 'value');
  assert.equal([range.start.line, range.start.column, range.end.line, range.end.column], [line, column, line, column + '\\"nginx:1.27\\"'.length]);
  const family = document.sourceMap.locate(unit.filePath(['family']), 'key');
  assert.is(text.split('\n')[family.start.line - 1]!.slice(family.start.column - 1, family.end.column - 1), '"family"');
});

loader.run();

// ---------------------------------------------------------------------------------------------
// The CLI over fixtures/terraform/

interface Found {
  file: string;
  ruleId: string;
  messageId: string;
  line: number;
  column: number;
}

async function lintWithCli(...patterns: string[]): Promise<{ code: number; found: Found[]; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: ROOT,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => '',
    env: {},
  };
  const code = await main(['--format', 'json', ...patterns], io);
  const reports = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; messageId: string; line: number; column: number }> }>;
  const found = reports.flatMap((report) =>
    report.messages.map(({ ruleId, messageId, line, column }) => ({ file: report.filePath.replace(/^.*fixtures\/terraform\//, ''), ruleId, messageId, line, column })),
  );
  return { code, found, stderr };
}

const cli = suite('terraform with the CLI');

cli('execution-role-required inside jsonencode and inside a heredoc', async () => {
  const { found } = await lintWithCli('fixtures/terraform/no-role', 'fixtures/terraform/heredoc');
  assert.equal(found, [
    { file: 'no-role/main.tf', ruleId: 'execution-role-required', messageId: 'registry-credentials', line: 14, column: 7 },
    { file: 'heredoc/main.tf', ruleId: 'execution-role-required', messageId: 'registry-credentials', line: 10, column: 9 },
  ]);
});

cli('a module over several files: the role policy of iam.tf lacks GetSecretValue; the service pins 1.1.0', async () => {
  const { found, code } = await lintWithCli('fixtures/terraform/module');
  assert.is(code, 1);
  assert.equal(found, [
    { file: 'module/ecs.tf', ruleId: 'execution-role-get-secret-value', messageId: 'not-allowed', line: 25, column: 32 },
    { file: 'module/ecs.tf', ruleId: 'fargate-platform-version', messageId: 'too-old', line: 35, column: 22 },
  ]);
});

cli('GetSecretValue granted through a data.aws_iam_policy_document of a sibling file: nothing to report', async () => {
  const { found, code } = await lintWithCli('fixtures/terraform/granted');
  assert.equal(found, []);
  assert.is(code, 0);
});

cli('a policy that names the secret by its partial ARN', async () => {
  const { found } = await lintWithCli('fixtures/terraform/partial-arn');
  assert.equal(found, [{ file: 'partial-arn/main.tf', ruleId: 'execution-role-get-secret-value', messageId: 'partial-arn-resource', line: 8, column: 30 }]);
});

cli('a secret encrypted with aws_kms_key.k of kms.tf whose key policy and role policies do not allow kms:Decrypt', async () => {
  const { found } = await lintWithCli('fixtures/terraform/kms');
  assert.equal(found, [{ file: 'kms/main.tf', ruleId: 'execution-role-kms-decrypt', messageId: 'not-allowed', line: 28, column: 30 }]);
});

cli('plan JSON: execution-role-required inside the container_definitions string; a module role by its reference', async () => {
  const { found } = await lintWithCli('fixtures/terraform/plan/plan.json');
  assert.equal(found, [
    // At \"repositoryCredentials\" and at the credentialsParameter value, inside the escaped JSON string.
    { file: 'plan/plan.json', ruleId: 'execution-role-required', messageId: 'registry-credentials', line: 15, column: 127 },
    { file: 'plan/plan.json', ruleId: 'execution-role-get-secret-value', messageId: 'not-allowed', line: 50, column: 183 },
  ]);
});

cli('file() and templatefile(): findings point at the call', async () => {
  const { found } = await lintWithCli('fixtures/terraform/files');
  assert.equal(found, [
    { file: 'files/main.tf', ruleId: 'execution-role-required', messageId: 'secrets', line: 2, column: 16 },
    { file: 'files/main.tf', ruleId: 'execution-role-required', messageId: 'registry-credentials', line: 10, column: 27 },
  ]);
});

cli('references resolve within their module: the same names in another directory are another role', async () => {
  const { found } = await lintWithCli('fixtures/terraform/scopes');
  assert.equal(found, [{ file: 'scopes/b/ecs.tf', ruleId: 'execution-role-get-secret-value', messageId: 'not-allowed', line: 8, column: 30 }]);
});

cli('a resource defined twice in one directory (not valid Terraform): its references are ambiguous, not guessed', async () => {
  const { found, code } = await lintWithCli('fixtures/terraform/duplicates');
  assert.equal(found, []);
  assert.is(code, 0);
});

cli('a .tf file with a syntax error', async () => {
  const { found, code } = await lintWithCli('fixtures/terraform/broken');
  assert.equal(found, [{ file: 'broken/main.tf', ruleId: 'parse-error', messageId: 'syntax', line: 3, column: 11 }]);
  assert.is(code, 1);
});

cli('a run over task definition JSON does not load the HCL parser', () => {
  const script = [
    "import { main } from './src/cli/main.ts';",
    "import { isHclReady } from './src/loaders/hcl/parser.ts';",
    "const io = { cwd: process.cwd(), stdout: { write() {} }, stderr: { write() {} }, readStdin: async () => '', env: {} };",
    "await main(['fixtures/rules/execution-role-required/invalid/*.json'], io);",
    'process.stdout.write(String(isHclReady()));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.is(run.stdout, 'false', run.stderr);
});

cli.run();
