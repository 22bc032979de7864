// execution-role-arn: executionRoleArn must be an IAM role ARN (or a role name, which ECS completes).

import { roleReferenceProblem, parseRoleReference } from '../aws/iam-role';
import { partitionById } from '../aws/partitions';
import { expectedPartition } from '../model/aws-context';
import { defineRule } from './define-rule';

export default defineRule({
  id: 'execution-role-arn',
  severity: 'error',
  description: 'Require executionRoleArn to be a well-formed IAM role ARN',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
  messages: {
    'not-an-arn': { text: 'executionRoleArn "{value}" is neither an IAM role ARN nor a role name; use arn:aws:iam::<account>:role/<name>' },
    'not-a-role': {
      text: 'executionRoleArn names {what}, not an IAM role; use the ARN of the task execution role',
      help: 'A role\'s ARN has the form arn:…:iam::<account>:role/<name>.',
    },
    'region-in-arn': {
      text: 'executionRoleArn has the region "{region}"; leave it empty, as in arn:aws:iam::<account>:role/<name>',
      help: 'IAM is a global service: the region field of an IAM ARN is always empty.',
    },
    'bad-role-name': { text: 'executionRoleArn has the role name "{name}"; a role name has 1–64 letters, digits and +=,.@_-' },
    'bad-role-path': {
      text: 'executionRoleArn has the role path "{path}", which is not a valid IAM path',
      help: 'An IAM path is "/" alone, or begins and ends with "/" and has at least one character from "!" to "~" between them, up to 512 characters in all. A role ARN is arn:…:iam::<account>:role/<path><name>, so role//name has the path "//", which no role can have.',
    },
    'unknown-partition': { text: 'executionRoleArn has the partition "{partition}", which is not an AWS partition (aws, aws-cn, aws-us-gov, …)' },
    'bad-account': { text: 'executionRoleArn has the account "{account}"; an AWS account id is 12 digits' },
    'partition-mismatch': {
      text: 'executionRoleArn is in the partition "{partition}", but the task runs in "{expected}"; use a role of "{expected}"',
      help: 'A task can only use a role of its own partition.',
    },
  },
  check({ task, settings, unit, report }) {
    const value = task.executionRoleArn;
    if (typeof value !== 'string') return;
    const path = ['executionRoleArn'];
    const problem = roleReferenceProblem(value);
    if (problem) {
      report({ messageId: problem.messageId, path, data: problem.data, ...('at' in problem ? { within: { value, ...problem.at } } : {}) });
      return;
    }
    const reference = parseRoleReference(value);
    const partition = reference.kind === 'arn' ? reference.arn.partition : undefined;
    const expected = expectedPartition(settings, unit.context);
    if (partition && partitionById(partition) && expected && partition !== expected) {
      report({ messageId: 'partition-mismatch', path, data: { partition, expected } });
    }
  },
});
