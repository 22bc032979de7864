// Shared by the hostile-input, property, ReDoS and secret-leak suites: a small corpus of valid
// inputs of every format, a CLI runner with a time bound, and checks every diagnostic must pass
// (ranges inside the file, no stack traces, messages of a sane length).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN, ROOT } from './cli';

export { BIN, ROOT };

/** A stack frame as V8 prints it: "    at fn (file:///x.js:1:2)" or "    at file:///x.js:1:2". */
export const STACK_TRACE = /\bat .+:\d+:\d+\)?$/m;

export interface TimedRun {
  code: number | null;
  /** The signal that ended the process (SIGTERM when it ran out of time). */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds. */
  ms: number;
  timedOut: boolean;
}

/** Runs the built CLI with a time limit: a hang is a failed test, not a stuck suite. */
export function runCliTimed(args: string[], options: { cwd?: string; timeoutMs?: number; input?: string; env?: Record<string, string> } = {}): TimedRun {
  const started = performance.now();
  // NO_COLOR without FORCE_COLOR: both set make Node print a warning of its own on stderr.
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env.FORCE_COLOR;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env,
    timeout: options.timeoutMs ?? 30_000,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const error = result.error as NodeJS.ErrnoException | undefined;
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    ms,
    timedOut: error?.code === 'ETIMEDOUT' || (result.signal === 'SIGKILL' && ms >= (options.timeoutMs ?? 30_000) - 50),
  };
}

/** A fresh temporary directory; files given as text or bytes (paths relative to it). */
export function hostileDirectory(files: Record<string, string | Uint8Array> = {}, made?: string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'ecs-lint-hostile-'));
  made?.push(directory);
  for (const [path, content] of Object.entries(files)) {
    const absolute = join(directory, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  }
  return directory;
}

/** Removes directories hostileDirectory made (some hold files of tens of megabytes). */
export function removeDirectories(directories: string[]): void {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** One message of the JSON reporter. */
export interface JsonMessage {
  ruleId: string;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId: string;
  fatal?: boolean;
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
}

/** The JSON reporter's output, or an exception that quotes the start of what was printed. */
export function parseJsonReport(stdout: string): JsonResult[] {
  try {
    return JSON.parse(stdout) as JsonResult[];
  } catch (error) {
    throw new Error(`stdout is not the JSON report (${(error as Error).message}): ${stdout.slice(0, 300)}`);
  }
}

/** Lines as the engine counts them: "\r\n", "\n" and a lone "\r" each end one. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

export interface RangeLike {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * Why a diagnostic's range is not inside the text (undefined when it is): 1 ≤ line ≤ line count,
 * 1 ≤ column ≤ length of that line + 1, the end likewise, and the end not before the start.
 */
export function rangeProblem(text: string, range: RangeLike): string | undefined {
  const lines = splitLines(text);
  const inside = (line: number, column: number, what: string): string | undefined => {
    if (!Number.isInteger(line) || line < 1 || line > lines.length) return `${what} line ${line} is outside 1..${lines.length}`;
    const length = lines[line - 1]!.length;
    if (!Number.isInteger(column) || column < 1 || column > length + 1) return `${what} column ${column} is outside 1..${length + 1} on line ${line}`;
    return undefined;
  };
  const problem = inside(range.line, range.column, 'start') ?? inside(range.endLine, range.endColumn, 'end');
  if (problem) return problem;
  if (range.endLine < range.line || (range.endLine === range.line && range.endColumn < range.column)) {
    return `the end ${range.endLine}:${range.endColumn} is before the start ${range.line}:${range.column}`;
  }
  return undefined;
}

/** Text with a marker visible in assertion messages, but clipped. */
export function preview(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

// ---------------------------------------------------------------------------------------------
// A corpus of valid inputs: task definitions, CloudFormation templates (JSON and YAML), Terraform.

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/web-AbCdEf';

/** A Fargate task definition with registry credentials and no execution role: one error (execution-role-required). */
export const TASK_NO_ROLE = `{
  "family": "web",
  "networkMode": "awsvpc",
  "requiresCompatibilities": ["FARGATE"],
  "cpu": "256",
  "memory": "512",
  "containerDefinitions": [
    {
      "name": "web",
      "image": "registry.example.com/team/web:1.4.2",
      "essential": true,
      "repositoryCredentials": {
        "credentialsParameter": "${SECRET_ARN}"
      }
    }
  ]
}
`;

/** A complete, clean Fargate task definition. */
export const TASK_CLEAN = JSON.stringify(
  {
    family: 'checkout-web',
    executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
    taskRoleArn: 'arn:aws:iam::111122223333:role/checkout-web-task',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '1024',
    memory: '2048',
    runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
    containerDefinitions: [
      {
        name: 'web',
        image: 'ghcr.io/acme/checkout-web:2.0.1',
        essential: true,
        repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:ci/ghcr-pull-Qm7XzK' },
        portMappings: [{ containerPort: 3000, protocol: 'tcp', name: 'http', appProtocol: 'http' }],
        environment: [{ name: 'NODE_ENV', value: 'production' }],
        secrets: [{ name: 'SESSION_SECRET', valueFrom: 'arn:aws:ssm:us-east-1:111122223333:parameter/checkout/session-secret' }],
        healthCheck: { command: ['CMD-SHELL', 'wget -qO- http://localhost:3000/healthz || exit 1'], interval: 30, timeout: 5, retries: 3 },
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/checkout-web', 'awslogs-region': 'us-east-1' } },
        dockerLabels: { team: 'checkout' },
      },
      { name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4', essential: true, memoryReservation: 50 },
    ],
    tags: [{ key: 'team', value: 'checkout' }],
  },
  null,
  2,
);

/** A bare containerDefinitions array (Terraform's container_definitions) with a literal password. */
export const CONTAINERS_ONLY = `[
  {
    "name": "api",
    "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1",
    "environment": [{ "name": "MODE", "value": "fast" }],
    "secrets": [{ "name": "DB", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" }]
  }
]
`;

/** A task definition with the role and secret in IAM: the execution role grants too little. */
export const TASK_WITH_SECRETS = JSON.stringify(
  {
    family: 'billing',
    executionRoleArn: 'arn:aws:iam::111122223333:role/billing-exec',
    containerDefinitions: [
      {
        name: 'api',
        image: 'registry.example.com/billing/api:4.2.0',
        repositoryCredentials: { credentialsParameter: SECRET_ARN },
        secrets: [
          { name: 'DB', valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:billing/db-Xy12Ab:password::' },
          { name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:111122223333:parameter/billing/token' },
        ],
        environment: [{ name: 'LOG_LEVEL', value: 'info' }],
      },
    ],
  },
  null,
  2,
);

/** An IAM account-authorization-details output with the execution role of TASK_WITH_SECRETS. */
export const AUTHORIZATION_DETAILS = JSON.stringify(
  {
    RoleDetailList: [
      {
        RoleName: 'billing-exec',
        Arn: 'arn:aws:iam::111122223333:role/billing-exec',
        RolePolicyList: [
          {
            PolicyName: 'read-db',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'ReadDb',
                  Effect: 'Allow',
                  Action: ['secretsmanager:GetSecretValue'],
                  Resource: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:billing/db-*'],
                  Condition: { StringEquals: { 'aws:ResourceTag/team': 'billing' } },
                },
              ],
            },
          },
        ],
        AttachedManagedPolicies: [],
      },
    ],
    Policies: [],
  },
  null,
  2,
);

/** A YAML template (short-form tags): a task definition, a role with a policy, a secret and a service. */
export const TEMPLATE_YAML = `AWSTemplateFormatVersion: "2010-09-09"
Description: Billing API on Fargate, pulling its image from a private registry.
Parameters:
  ImageTag:
    Type: String
    Default: "4.2.0"
Resources:
  ExecRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ecs-tasks.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: pull
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: !Ref RegistrySecret
  RegistrySecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: ci/registry-pull
      SecretString: '{"username":"ci","password":"not-a-real-password"}'
  BillingTaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: billing-api
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: 512
      Memory: 1024
      ExecutionRoleArn: !GetAtt ExecRole.Arn
      ContainerDefinitions:
        - Name: api
          Image: !Sub "registry.gitlab.example.com/billing/api:\${ImageTag}"
          Essential: true
          RepositoryCredentials:
            CredentialsParameter: !Ref RegistrySecret
          Environment:
            - Name: MODE
              Value: fast
          PortMappings:
            - ContainerPort: 8080
  BillingService:
    Type: AWS::ECS::Service
    Properties:
      Cluster: billing
      LaunchType: FARGATE
      PlatformVersion: 1.1.0
      DesiredCount: 2
      TaskDefinition: !Ref BillingTaskDefinition
`;

/** The same kind of template in JSON, with long-form intrinsic functions. */
export const TEMPLATE_JSON = JSON.stringify(
  {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'prod'], Default: 'dev' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Mappings: { Sizes: { dev: { Cpu: '256' }, prod: { Cpu: '1024' } } },
    Resources: {
      Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'app/db', GenerateSecretString: { SecretStringTemplate: '{"username":"app"}', GenerateStringKey: 'password' } } },
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
        },
      },
      Task: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          Family: { 'Fn::Sub': 'app-${Env}' },
          Cpu: { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Cpu'] },
          Memory: '2048',
          NetworkMode: 'awsvpc',
          RequiresCompatibilities: ['FARGATE'],
          ExecutionRoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
          ContainerDefinitions: [
            {
              Name: 'app',
              Image: { 'Fn::If': ['IsProd', 'app:1', 'app:latest'] },
              Secrets: [{ Name: 'DB', ValueFrom: { Ref: 'Secret' } }],
              Environment: [{ Name: 'ENV', Value: { Ref: 'Env' } }],
              LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': 'app', 'awslogs-region': { Ref: 'AWS::Region' } } },
            },
          ],
        },
      },
    },
  },
  null,
  2,
);

/** Terraform: a task definition with registry credentials, its role and secret in the same file. */
export const TERRAFORM = `variable "image_tag" {
  default = "1.4.2"
}

locals {
  name = "web"
}

resource "aws_secretsmanager_secret" "registry" {
  name = "registry/web"
}

resource "aws_iam_role" "exec" {
  name               = "web-exec"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "pull" {
  name = "pull"
  role = aws_iam_role.exec.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = aws_secretsmanager_secret.registry.arn }]
  })
}

resource "aws_ecs_task_definition" "web" {
  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.exec.arn

  container_definitions = jsonencode([
    {
      name      = local.name
      image     = "registry.example.com/team/web:\${var.image_tag}"
      essential = true
      repositoryCredentials = {
        credentialsParameter = aws_secretsmanager_secret.registry.arn
      }
      environment  = [{ name = "MODE", value = "fast" }]
      portMappings = [{ containerPort = 80, protocol = "tcp" }]
    }
  ])
}

resource "aws_ecs_service" "web" {
  name             = "web"
  launch_type      = "FARGATE"
  platform_version = "1.1.0"
  task_definition  = aws_ecs_task_definition.web.arn
}
`;

/** Terraform with the container definitions in a heredoc and a literal password. */
export const TERRAFORM_HEREDOC = `resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = <<EOF
[
  {
    "name": "api",
    "image": "nginx:1.25",
    "environment": [{ "name": "API_TOKEN", "value": "tok_live_0123456789abcdef" }]
  }
]
EOF
}
`;
