// execution-role-ecr-pull: where the execution role pulls the task's images (AWS Fargate, Amazon ECS
// Managed Instances, external instances), an Amazon ECR private image needs ecr:GetAuthorizationToken
// (on "*", from an IAM policy: a repository policy cannot grant it) and ecr:BatchGetImage and
// ecr:GetDownloadUrlForLayer on the repository (from an IAM policy or the repository's policy).

import { partitionById, partitionOfRegion, PARTITIONS } from '../aws/partitions';
import { nameParts, SYMBOLS, type NamePart } from '../iam/wildcard';
import type { AwsContext } from '../core/types';
import { clip } from '../core/values';
import { containerEntries } from '../model/values';
import { ecrRepositoryOf } from '../model/ecr-images';
import { executionRoleHosts } from '../model/launch';
import { executionRolePolicies } from './support/execution-role';
import { reportPermission, rolePermission, type PermissionVerdict } from './support/role-permission';
import { symbolValues, taskPlace } from './support/secret-resource';
import { defineRule } from './define-rule';

const TOKEN_ACTION = 'ecr:GetAuthorizationToken';
const REPOSITORY_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] as const;

export default defineRule({
  id: 'execution-role-ecr-pull',
  severity: 'error',
  description: 'Require the execution role to be allowed to pull the Amazon ECR private images of tasks on Fargate, Managed Instances or external instances',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
  messages: {
    'not-allowed': {
      text: 'the execution role "{role}" may not pull from "{repository}"; allow it {actions} on {resource}',
      help: 'ECS pulls this Amazon ECR image with the task execution role, and {verdict} {actions} on {resource}. Add a statement that does.',
    },
    'not-allowed-partial': {
      text: 'the execution role "{role}" may not pull from "{repository}", unless a policy ecs-lint was not shown allows {actions}',
      help: 'Only the role\'s policies from {origin} are known, and {verdict} {actions} on {resource}. Add a statement that does, or give ecs-lint all of the role\'s policies.',
    },
    'not-allowed-unless-repository-policy': {
      text: 'the execution role "{role}" may not pull from "{repository}"; allow it {actions}, unless the repository\'s policy does',
      help: 'ecs-lint was not shown the repository\'s policy, and {verdict} {actions} on {resource}. In the repository\'s own account either kind of policy may allow it: add a statement that does, unless the repository policy names the role.',
    },
    'condition-not-met': {
      text: 'the execution role "{role}" may not pull from "{repository}": the Condition on {keys} of {statement} does not hold',
      help: 'The statement allows {actions} on {resource} only under that condition, which does not hold when ECS pulls the image. Change the condition, or allow the action without it.',
    },
    denied: {
      text: 'the execution role "{role}" may not pull from "{repository}": {statement} denies it {actions}',
      help: 'An explicit Deny overrides every Allow, so ECS cannot pull the image when the task starts; exempt {resource} from the statement.',
    },
    conditional: {
      text: 'the execution role "{role}" may pull from "{repository}" only if the Condition on {keys} of {statement} holds',
      help: 'The statement allows {actions} on {resource} under a condition ecs-lint cannot check (a VPC endpoint, tags); make sure it holds when ECS pulls the image.',
    },
    'conditional-deny': {
      text: 'the execution role "{role}" may be refused "{repository}": {statement} denies {actions} under a Condition on {keys}',
      help: 'The statement denies {actions} on {resource} under a condition ecs-lint cannot check; if it holds when ECS pulls the image, the Deny overrides every Allow and the task cannot start.',
    },
  },
  check({ task, unit, aws, settings, workspace, report }) {
    if (!executionRoleHosts(task)) return;
    const role = executionRolePolicies(task, aws, workspace, unit.scope);
    if (!role) return;
    const place = taskPlace(aws, unit);
    const symbols = symbolValues(aws);
    for (const { container, path } of containerEntries(task)) {
      if (typeof container.image !== 'string') continue;
      const target = repositoryOf(container.image, place);
      if (!target) continue;
      const imagePath = [...path, 'image'];
      // A repository in another account grants nothing by the role's own policies alone: both
      // sides must allow. In the role's own account, the repository policy alone may.
      const roleAccount = role.principal.account;
      const sameAccount = roleAccount === undefined || target.account === undefined ? undefined : roleAccount === target.account;
      const verdicts: Array<{ action: string; resource: string; verdict: PermissionVerdict; repositorySide: boolean }> = [
        { action: TOKEN_ACTION, resource: '*', verdict: rolePermission(role, { action: TOKEN_ACTION, resource: '*', symbols }), repositorySide: false },
        ...REPOSITORY_ACTIONS.map((action) => ({
          action,
          resource: target.display,
          verdict: rolePermission(role, { action, resource: target.resource, alternatives: target.alternatives, symbols }),
          repositorySide: true,
        })),
      ];
      // One finding per verdict: actions refused for the same reason are named together.
      const groups = new Map<string, { verdict: PermissionVerdict; actions: string[]; resources: string[]; repositorySide: boolean }>();
      for (const { action, resource, verdict, repositorySide } of verdicts) {
        const key = JSON.stringify({ verdict, unlessRepositoryPolicy: repositorySide && sameAccount !== false });
        const group = groups.get(key);
        if (group) {
          group.actions.push(action);
          if (!group.resources.includes(resource)) group.resources.push(resource);
        } else groups.set(key, { verdict, actions: [action], resources: [resource], repositorySide });
      }
      for (const { verdict, actions, resources, repositorySide } of groups.values()) {
        const data = { repository: clip(target.name, 80), actions: actions.join(', '), resource: resources.map((resource) => (resource === '*' ? '"*"' : resource)).join(' and ') };
        // What a repository policy in the role's own account might allow is not known here.
        const repositoryMayAllow = repositorySide && sameAccount !== false;
        if (repositoryMayAllow && verdict.kind === 'not-allowed' && !verdict.partial) {
          report({ messageId: 'not-allowed-unless-repository-policy', path: imagePath, severity: 'warn', data: { role: role.role.name, verdict: verdict.verdict, ...data } });
          continue;
        }
        const uncertain = repositoryMayAllow && (verdict.kind === 'condition-not-met' || verdict.kind === 'not-allowed');
        reportPermission(verdict, { report, settings, path: imagePath, role, data, ...(uncertain ? { severity: 'warn' as const } : {}) });
      }
    }
  },
});

interface RepositoryTarget {
  /** The repository's ARN, as IAM evaluates it. */
  resource: NamePart[];
  /** Other names of the repository: the template reference to its ARN. */
  alternatives: NamePart[][];
  /** The ARN for messages. */
  display: string;
  /** The repository's name, or the template resource that defines it, for messages. */
  name: string;
  /** The repository's account, when known. */
  account?: string;
}

/**
 * The ECR repository an image is pulled from, with its ARN: from the image's host (account and
 * region, and the partition its DNS suffix and region tell), or a template's own repository (a
 * CloudFormation `${Repo}` is also known by `${Repo.Arn}`, a Terraform URL by the resource's ARN).
 */
function repositoryOf(image: string, place: AwsContext): RepositoryTarget | undefined {
  const reference = ecrRepositoryOf(image);
  if (!reference) return undefined;
  if (reference.kind === 'terraform') {
    // The module's own repository, in the task's account and region as far as they are known.
    const arn = `\${${reference.resource}.arn}`;
    const target: RepositoryTarget = { resource: nameParts(arn), alternatives: [], display: arn, name: reference.resource };
    if (place.partition && place.region && place.account) {
      target.alternatives.push(nameParts(`arn:${place.partition}:ecr:${place.region}:${place.account}:repository/\${${reference.resource}.name}`));
    }
    if (place.account && !place.account.includes('${')) target.account = place.account;
    return target;
  }
  const ecr = reference.image;
  const partition = partitionOf(ecr.suffix, ecr.region, place);
  if (!partition) return undefined;
  const arn = `arn:${partition}:ecr:${ecr.region}:${ecr.account}:repository/${ecr.repository}`;
  const target: RepositoryTarget = { resource: nameParts(arn), alternatives: [], display: arn, name: ecr.repository };
  // Ref of an AWS::ECR::Repository is its name; Fn::GetAtt Arn its ARN.
  const resource = /^\$\{([\w-]+)\}$/.exec(ecr.repository)?.[1];
  if (resource) {
    target.alternatives.push(nameParts(`\${${resource}.Arn}`));
    target.name = resource;
  }
  if (/^\d{12}$/.test(ecr.account)) target.account = ecr.account;
  else if (ecr.account === SYMBOLS.account && place.account && !place.account.includes('${')) target.account = place.account;
  return target;
}

/** The partition of a registry: by its region when known, else by its DNS suffix (symbols stay symbols). */
function partitionOf(suffix: string, region: string, place: AwsContext): string | undefined {
  const byRegion = partitionOfRegion(region)?.id;
  if (byRegion) return byRegion;
  if (suffix === SYMBOLS.urlSuffix || region === SYMBOLS.region) {
    if (place.partition && (place.partition.includes('${') || partitionById(place.partition))) return place.partition;
    return SYMBOLS.partition;
  }
  // amazonaws.com is the suffix of more than one partition: without a region, unknown.
  const partitions = PARTITIONS.filter((partition) => partition.dnsSuffix === suffix);
  return partitions.length === 1 ? partitions[0]!.id : undefined;
}
