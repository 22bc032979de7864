// Which files hold facts for other files, and which files need the run's facts: tests on the text
// alone, made before a file is parsed. The run collects facts from the first and lints the second
// once every fact is known; a file that is neither is linted as soon as it is read.

const TERRAFORM_FILE = /\.tf$/i;

/** Text that may hold IAM facts (policy documents, IAM and Secrets Manager CLI outputs, a get-role's URL-encoded trust policy). */
const IAM_MARKERS = /"(?:Statement|RoleDetailList|PolicyDocument|AssumeRolePolicyDocument|ResourcePolicy|KmsKeyId|ARN)"\s*:/;

/**
 * Task definitions naming secrets or roles (whose trust and permission policies other files may
 * hold: the role decides what its pulls, logs and secrets need), services,
 * and policies (whose scope may depend on roles defined elsewhere), as JSON, CloudFormation JSON
 * or YAML (credentialsParameter, CredentialsParameter:, executionRoleArn, …).
 */
const NEEDS_RUN_FACTS = /[cC]redentialsParameter|[vV]alueFrom|[pP]latformVersion|[eE]xecutionRoleArn|[tT]askRoleArn|"?Statement"?\s*:/;

/**
 * Terraform task definitions, services and IAM resources: their module's other files define their
 * roles and secrets, and the roles their policies reach. A local or a variable may be written in
 * another file of the module.
 */
const NEEDS_MODULE_FACTS = /\b(?:aws_ecs_task_definition|aws_ecs_service|aws_iam_\w+|local\.\w|var\.\w)/;

export function isTerraformFile(path: string): boolean {
  return TERRAFORM_FILE.test(path);
}

/** A JSON text that may hold IAM or Secrets Manager facts. */
export function mayHoldIamFacts(text: string): boolean {
  return IAM_MARKERS.test(text);
}

/**
 * A task definition text whose containers may ask something of a Fargate platform version
 * (registry credentials, secrets, log secret options): a fact for services in other files.
 */
export function mayHoldFargateNeeds(text: string): boolean {
  return text.includes('"credentialsParameter"') || text.includes('"valueFrom"');
}

/** Whether a file may hold facts for other files: a .tf file (its module's), IAM outputs, families' Fargate needs. */
export function holdsFacts(path: string, text: string): boolean {
  return isTerraformFile(path) || mayHoldIamFacts(text) || mayHoldFargateNeeds(text);
}

/** Whether a file's findings may depend on facts other files hold. */
export function needsFacts(path: string, text: string): boolean {
  return NEEDS_RUN_FACTS.test(text) || (isTerraformFile(path) && NEEDS_MODULE_FACTS.test(text));
}

/** Whether a text may define an ECS service, which asks the run what task families need of Fargate. */
export function mayDefineService(text: string): boolean {
  return /"serviceName"|AWS::ECS::Service|aws_ecs_service/.test(text);
}
