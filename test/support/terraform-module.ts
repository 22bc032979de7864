// A Terraform module in pieces, for tests that spread it over files: a task definition whose
// execution role is aws_iam_role.exec, and that role with one inline policy.

/** An aws_ecs_task_definition pulling with registry credentials; the credentialsParameter value is at 7:54. */
export function terraformTaskDefinition(family: string, secretArn: string): string {
  return [
    `resource "aws_ecs_task_definition" "${family}" {`,
    `  family             = "${family}"`,
    '  execution_role_arn = aws_iam_role.exec.arn',
    '  container_definitions = jsonencode([{',
    `    name  = "${family}"`,
    `    image = "registry.example.com/team/${family}:1.0.0"`,
    `    repositoryCredentials = { credentialsParameter = "${secretArn}" }`,
    '  }])',
    '}',
    '',
  ].join('\n');
}

/** aws_iam_role.exec with an inline policy that allows one action on every resource. */
export function terraformExecutionRole(action: string): string {
  return [
    'resource "aws_iam_role" "exec" {',
    '  name = "exec"',
    '}',
    'resource "aws_iam_role_policy" "registry" {',
    '  role   = aws_iam_role.exec.id',
    `  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }] })`,
    '}',
    '',
  ].join('\n');
}
