// execution-role-trust: ECS assumes a task's execution role (and its task role) as the service
// principal ecs-tasks.amazonaws.com, so the role's trust policy must allow that principal
// sts:AssumeRole, under conditions that hold for the task (aws:SourceAccount, aws:SourceArn).

import type { AwsContext } from '../core/types';
import { clip } from '../core/values';
import { evaluateCondition, requestContext } from '../iam/conditions';
import { evaluate, statementAction, statementPrincipal, type Decision, type Request } from '../iam/evaluate';
import { describeStatement, type NamedPolicy, type Statement } from '../iam/policy';
import { matchAction, nameParts, type SymbolValues } from '../iam/wildcard';
import type { RoleRecord } from '../facts/records';
import { conditionKeys, describeMatch } from './support/execution-role';
import { symbolValues, taskPlace } from './support/secret-resource';
import { defineRule } from './define-rule';
import type { RuleReport } from './types';

const SERVICE = 'ecs-tasks.amazonaws.com';
const ACTION = 'sts:AssumeRole';

export default defineRule({
  id: 'execution-role-trust',
  severity: 'error',
  description: 'Require the execution role and the task role to trust ecs-tasks.amazonaws.com with sts:AssumeRole',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
  messages: {
    'ecs-service-principal': {
      text: 'ECS tasks may not assume the execution role "{role}": it trusts ecs.amazonaws.com; name ecs-tasks.amazonaws.com instead',
      help: 'ecs.amazonaws.com is the principal of the Amazon ECS service itself; the container agent and Fargate assume a task execution role as the service principal ecs-tasks.amazonaws.com, which {statement} does not name. Name ecs-tasks.amazonaws.com in the trust policy.',
    },
    'not-trusted': {
      text: 'ECS tasks may not assume the execution role "{role}": {reason}; allow {service} sts:AssumeRole',
      help: 'When a task starts, ECS assumes its execution role as the service principal {service} to pull images, read secrets and write logs; the role\'s trust policy must allow that principal sts:AssumeRole, or the task stops with an error before its containers start.',
    },
    denied: {
      text: 'ECS tasks may not assume the execution role "{role}": {statement} denies sts:AssumeRole to {service}',
      help: 'An explicit Deny in the trust policy overrides every Allow, so ECS cannot assume the role when the task starts; exempt {service} from the statement.',
    },
    'condition-not-met': {
      text: 'ECS tasks may not assume the execution role "{role}": the Condition on {keys} of {statement} does not hold for this task',
      help: 'The trust policy allows {service} to assume the role only under that condition; AWS recommends aws:SourceAccount (StringEquals) with the task\'s account and aws:SourceArn (ArnLike) with arn:partition:ecs:region:account:*, for the account and region the task runs in. Change the condition so that this task meets it.',
    },
    conditional: {
      text: 'whether ECS tasks may assume the {kind} "{role}" depends on the Condition on {keys} of {statement}',
      help: 'The statement allows or denies {service} sts:AssumeRole under a condition ecs-lint cannot check here (a key it does not know, or the task\'s account or region not being known); make sure ECS may assume the role for this task.',
    },
    'task-role-not-trusted': {
      text: 'ECS tasks may not assume the task role "{role}": {reason}; allow {service} sts:AssumeRole',
      help: 'ECS assumes the task role as the service principal {service} to give its credentials to the task\'s containers; the role\'s trust policy must allow that principal sts:AssumeRole, or the task cannot start.',
    },
  },
  check({ task, unit, aws, settings, workspace, report }) {
    const place = taskPlace(aws, unit);
    const symbols = symbolValues(aws);
    for (const [member, kind] of [
      ['executionRoleArn', 'execution role'],
      ['taskRoleArn', 'task role'],
    ] as const) {
      const reference = task[member];
      if (typeof reference !== 'string' || reference === '') continue;
      const role = workspace.findRole(reference, aws.account, unit.scope);
      if (!role) continue;
      const trust = workspace.trustPolicyOf(role);
      // IAM takes no trust policy without a statement: one that reads as empty was not read whole.
      if (!trust || trust.document.statements.length === 0) continue;
      const request = trustRequest(role, place, symbols);
      const finding = explain(evaluate([trust], request), trust, request, kind === 'execution role');
      if (!finding) continue;
      if (finding.messageId === 'conditional' && !settings.reportUnknownConditions) continue;
      const data = { role: clip(role.name, 80), kind, service: SERVICE, ...finding.data };
      const reported: RuleReport = { messageId: finding.messageId, path: [member], data };
      if (finding.messageId === 'conditional') reported.severity = 'warn';
      else if (kind === 'task role') reported.messageId = 'task-role-not-trusted';
      report(reported);
    }
  },
});

/** Stands for what is not known of the task's ARN in aws:SourceArn (a reference no policy writes). */
const UNKNOWN = { partition: '${source partition}', region: '${source region}', account: '${source account}', resource: '${source resource}' };

/**
 * sts:AssumeRole by ecs-tasks.amazonaws.com for a task: aws:SourceAccount is the task's account,
 * aws:SourceArn an ECS ARN in its account and region (which resource is not known: the ECS guide
 * asks for the wildcard arn:…:ecs:region:account:*). In a template, the account and region are its
 * symbols; where they are not known, conditions on them may or may not hold.
 */
function trustRequest(role: RoleRecord, place: AwsContext, symbols: SymbolValues): Request {
  const sourceArn = `arn:${place.partition ?? UNKNOWN.partition}:ecs:${place.region ?? UNKNOWN.region}:${place.account ?? UNKNOWN.account}:${UNKNOWN.resource}`;
  return {
    action: ACTION,
    resource: role.arn ? nameParts(role.arn) : [{ reference: '${trusting role}' }],
    ownResource: true,
    symbols,
    principal: { service: SERVICE },
    context: requestContext({ 'aws:SourceArn': sourceArn, ...(place.account ? { 'aws:SourceAccount': place.account } : {}) }),
  };
}

interface Explained {
  messageId: 'ecs-service-principal' | 'not-trusted' | 'denied' | 'condition-not-met' | 'conditional';
  /** For the task role's one message: the cause as a clause. */
  data: Record<string, string>;
}

/** What a decision on the trust policy says of the task, as a message id and its data; undefined when ECS may assume the role or it is not known. */
function explain(decision: Decision, trust: NamedPolicy, request: Request, executionRole: boolean): Explained | undefined {
  const symbols = request.symbols ?? new Map<string, string>();
  switch (decision.outcome) {
    case 'allowed':
    case 'unknown':
      return undefined;
    case 'conditional':
      return { messageId: 'conditional', data: { statement: describeMatch(decision.by), keys: conditionKeys(decision.by) } };
    case 'denied': {
      const statement = describeMatch(decision.by);
      return { messageId: 'denied', data: { statement, reason: `${inTrust(decision.by[0]!.statement)} denies it` } };
    }
    case 'implicit-deny': {
      if (decision.conditionNotMet.length > 0) {
        const statement = describeMatch(decision.conditionNotMet);
        const keys = failingKeys(decision.conditionNotMet[0]!.statement, request) || conditionKeys(decision.conditionNotMet);
        const reason = `the Condition on ${keys} of ${inTrust(decision.conditionNotMet[0]!.statement)} does not hold for this task`;
        return { messageId: 'condition-not-met', data: { statement, keys, reason } };
      }
      const ecsService = trust.document.statements.find(
        (statement) => allows(statement) && statementAction(statement, ACTION) !== 'no' && namesService(statement, 'ecs.amazonaws.com', symbols),
      );
      if (ecsService) {
        const statement = describeMatch([{ policy: trust, statement: ecsService }]);
        return {
          messageId: executionRole ? 'ecs-service-principal' : 'not-trusted',
          data: { statement, reason: 'its trust policy names ecs.amazonaws.com, the ECS service\'s own principal, not ecs-tasks.amazonaws.com' },
        };
      }
      return { messageId: 'not-trusted', data: { reason: notTrustedReason(trust, symbols) } };
    }
  }
}

/** The condition keys of a statement that do not hold for the request ("" when none alone fails). */
function failingKeys(statement: Statement, request: Request): string {
  const keys = new Set<string>();
  for (const [operator, entries] of Object.entries(statement.condition ?? {})) {
    for (const [key, values] of Object.entries(entries)) {
      if (evaluateCondition({ [operator]: { [key]: values } }, request.context, request.symbols) === 'no') keys.add(key);
    }
  }
  return [...keys].join(', ');
}

/** A statement as the task role's message names it: "statement "X" of its trust policy". */
function inTrust(statement: Statement): string {
  return `${describeStatement(statement)} of its trust policy`;
}

function allows(statement: Statement): boolean {
  return statement.effect === 'Allow' && !statement.malformed && !statement.unknown;
}

function namesService(statement: Statement, service: string, symbols: SymbolValues): boolean {
  return statementPrincipal(statement, { service }, symbols) === 'yes';
}

/** Why no statement lets ecs-tasks.amazonaws.com assume the role: the principals it trusts, or the actions it allows. */
function notTrustedReason(trust: NamedPolicy, symbols: SymbolValues): string {
  const forTasks = trust.document.statements.find((statement) => allows(statement) && namesService(statement, SERVICE, symbols));
  if (forTasks) {
    const actions = (forTasks.actions ?? []).filter((action) => !matchAction(action, ACTION));
    const what = actions.length > 0 ? clip(actions.join(', '), 60) : 'other actions';
    return `${inTrust(forTasks)} allows it ${what}, not sts:AssumeRole`;
  }
  const trusted = new Set<string>();
  for (const statement of trust.document.statements) {
    if (!allows(statement) || statementAction(statement, ACTION) === 'no' || typeof statement.principal !== 'object') continue;
    for (const name of [...statement.principal.services, ...statement.principal.aws]) trusted.add(name);
  }
  if (trusted.size > 0) return `its trust policy lets only ${clip([...trusted].join(', '), 80)} assume it`;
  return 'no statement of its trust policy allows it';
}
