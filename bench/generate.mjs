// Generates the benchmark corpus: task definitions (JSON), CloudFormation templates (YAML) and
// Terraform files, mostly clean and some broken, as a real repository would hold them.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function taskDefinition(i) {
  const broken = i % 20 === 0;
  const container = {
    name: `app-${i}`,
    image: `registry.example.com/team-${i % 37}/service-${i}:${1 + (i % 9)}.${i % 13}.${i % 7}`,
    essential: true,
    portMappings: [{ containerPort: 8000 + (i % 100), protocol: 'tcp' }],
    environment: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DB_SECRET_ARN', value: `arn:aws:secretsmanager:us-east-1:111122223333:secret:svc-${i}/db-AbCdEf` },
    ],
    secrets: [{ name: 'DB_PASSWORD', valueFrom: `arn:aws:secretsmanager:us-east-1:111122223333:secret:svc-${i}/db-AbCdEf:password::` }],
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/svc-${i}`, 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'app' } },
    repositoryCredentials: { credentialsParameter: `arn:aws:secretsmanager:us-east-1:111122223333:secret:ci/registry-${i % 11}-Zx8Cv6` },
  };
  const definition = {
    family: `svc-${i}`,
    executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
    taskRoleArn: `arn:aws:iam::111122223333:role/svc-${i}-task`,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    containerDefinitions: [container, { ...container, name: `sidecar-${i}`, image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0', secrets: [], repositoryCredentials: undefined }],
  };
  if (broken) {
    delete definition.executionRoleArn;
    container.repositoryCredentials.credentialsParameter = `arn:aws:ssm:us-east-1:111122223333:parameter/registry-${i}`;
  }
  return JSON.stringify(definition, null, 2);
}

function template(i) {
  const broken = i % 20 === 0;
  return `AWSTemplateFormatVersion: "2010-09-09"
Description: Service ${i}
Parameters:
  ImageTag:
    Type: String
    Default: "1.${i % 10}.0"
Resources:
  RegistrySecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: ci/registry-${i}
  ExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ecs-tasks.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
      Policies:
        - PolicyName: registry
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ${broken ? 'secretsmanager:DescribeSecret' : 'secretsmanager:GetSecretValue'}
                Resource: !Ref RegistrySecret
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: svc-${i}
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: "512"
      Memory: "1024"
      ExecutionRoleArn: !GetAtt ExecutionRole.Arn
      ContainerDefinitions:
        - Name: app
          Image: !Sub "ghcr.io/acme/svc-${i}:\${ImageTag}"
          Essential: true
          PortMappings:
            - ContainerPort: 8080
          RepositoryCredentials:
            CredentialsParameter: !Ref RegistrySecret
          LogConfiguration:
            LogDriver: awslogs
            Options:
              awslogs-group: /ecs/svc-${i}
              awslogs-region: !Ref AWS::Region
              awslogs-stream-prefix: app
  Service:
    Type: AWS::ECS::Service
    Properties:
      LaunchType: FARGATE
      TaskDefinition: !Ref TaskDefinition
      DesiredCount: 2
`;
}

function terraform(i) {
  const broken = i % 20 === 0;
  return `resource "aws_secretsmanager_secret" "registry" {
  name = "ci/registry-${i}"
}

resource "aws_iam_role" "exec" {
  name = "svc-${i}-exec"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "registry" {
  role = aws_iam_role.exec.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["${broken ? 'secretsmanager:DescribeSecret' : 'secretsmanager:GetSecretValue'}"], Resource = [aws_secretsmanager_secret.registry.arn] }]
  })
}

resource "aws_ecs_task_definition" "svc" {
  family                   = "svc-${i}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.exec.arn
  container_definitions = jsonencode([
    {
      name      = "app"
      image     = "ghcr.io/acme/svc-${i}:1.0.0"
      essential = true
      portMappings = [{ containerPort = 8080, protocol = "tcp" }]
      repositoryCredentials = { credentialsParameter = aws_secretsmanager_secret.registry.arn }
    }
  ])
}
`;
}

/** Writes `counts` files of each kind under `directory` (Terraform: one module per directory). */
export function generate(directory, counts) {
  const write = (path, text) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  };
  for (let i = 0; i < counts.json; i++) write(join(directory, 'taskdefs', `team-${i % 50}`, `svc-${i}.json`), taskDefinition(i));
  for (let i = 0; i < counts.yaml; i++) write(join(directory, 'cfn', `svc-${i}.yaml`), template(i));
  for (let i = 0; i < counts.tf; i++) write(join(directory, 'terraform', `svc-${i}`, 'main.tf'), terraform(i));
}

export const sample = { taskDefinition, template, terraform };
