// secrets-value-from: secrets[].valueFrom (and logConfiguration.secretOptions[].valueFrom) names a
// Systems Manager parameter (name or ARN) or a Secrets Manager secret ARN, optionally followed by
// :json-key:version-stage:version-id.

import { checkArnFields, parseArn } from '../aws/arn';
import { parseSecretReference } from '../aws/secret-reference';
import type { AwsContext } from '../core/types';
import { type FactView } from '../facts/view';
import { isTemplated } from '../core/placeholders';
import { resolveSecret, taskPlace } from './support/secret-resource';
import { containerEntries, isUnfilled } from '../model/values';
import { clip, isObject } from '../core/values';
import type { Path } from '../core/types';
import { defineRule } from './define-rule';

/**
 * Systems Manager parameter names: letters, digits and . - _; a name with levels starts with "/".
 * Names may not begin with "aws" or "ssm" (only AWS's public parameters live under /aws/).
 * A name has at most 1011 characters counted with the start of its ARN (arn:…:parameter/), so a
 * bare name over 1011 is surely too long; a hierarchy has at most 15 levels (Systems Manager User
 * Guide, "Understanding parameter name requirements and constraints").
 */
const PARAMETER_NAME = /^(?:[A-Za-z0-9_.-]+|(?:\/[A-Za-z0-9_.-]+)+)$/;
const PARAMETER_NAME_MAX_LENGTH = 1011;
const PARAMETER_MAX_LEVELS = 15;

/** A problem with a valueFrom, and the part of it the finding points at when there is one. */
interface ValueFromProblem {
  messageId: string;
  data?: Record<string, string>;
  at?: { start: number; end: number };
  /** Colons that complete a selector (the fix). */
  append?: string;
}

export default defineRule({
  id: 'secrets-value-from',
  severity: 'error',
  description: 'Require secrets[].valueFrom to be a Systems Manager parameter or a Secrets Manager secret ARN',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html',
  fixable: true,
  messages: {
    empty: { text: '{where} is empty; set it to a Secrets Manager secret ARN or a Systems Manager parameter name or ARN' },
    'dynamic-reference': {
      text: '{where} is a "resolve:{service}" dynamic reference; use the secret\'s ARN or the parameter\'s name',
      help: 'CloudFormation replaces a dynamic reference with the secret\'s value, which puts it into the task definition; with the secret\'s ARN (or the parameter\'s name), ECS fetches the value when the container starts.',
    },
    selector: {
      text: '{where} selects ":{selector}" inside the secret; write all three fields: ":{fixed}"',
      help: 'After the secret\'s ARN, valueFrom takes all three fields json-key:version-stage:version-id, with unused ones left empty.',
    },
    'stage-and-id': {
      text: '{where} names both the version stage "{stage}" and the version id "{id}"; keep one of them',
      help: 'The ECS guide on Secrets Manager secrets in environment variables takes a version stage or a version id, not both: when one is given, the other cannot be. Leave one of the two fields empty (:json-key:version-stage: or :json-key::version-id).',
    },
    'other-service': {
      text: '{where} is an ARN of the "{service}" service; name a Secrets Manager secret or a Systems Manager parameter',
      help: 'valueFrom takes a secret\'s ARN (arn:…:secretsmanager:…:secret:…), or a parameter\'s name or ARN (arn:…:ssm:…:parameter/…).',
    },
    'ssm-resource': {
      text: '{where} is a Systems Manager ARN that names no parameter; write the parameter\'s ARN or name',
      help: 'A parameter\'s ARN has the form arn:<partition>:ssm:<region>:<account>:parameter/<name>.',
    },
    'secret-resource': {
      text: '{where} is a Secrets Manager ARN that names no secret; write the secret\'s full ARN',
      help: 'A secret\'s ARN has the form arn:<partition>:secretsmanager:<region>:<account>:secret:<name>.',
    },
    malformed: { text: '{where} starts with "arn:" but is not an ARN (arn:partition:service:region:account:resource)' },
    'unknown-partition': { text: '{where} has the partition "{partition}", which is not an AWS partition' },
    'bad-region': {
      text: '{where} has the malformed region "{region}"; a region name looks like us-east-1',
      help: 'A region name is a geographic prefix, a direction and a number (us-east-1, eu-central-2, cn-north-1). A region that is well formed but new to ecs-lint is accepted.',
    },
    'region-partition': { text: '{where} has the region "{region}", which belongs to the partition "{expected}", not "{partition}"' },
    'bad-account': { text: '{where} has the account "{account}"; an AWS account id is 12 digits' },
    'parameter-name': {
      text: '{where} is neither an ARN nor a valid Systems Manager parameter name; correct the name',
      help: 'A parameter name has letters, digits, ".", "-" and "_", and levels after a leading "/"; with the start of its ARN (arn:aws:ssm:<region>:<account>:parameter/), it has at most 1011 characters.',
    },
    'parameter-levels': {
      text: '{where} names a parameter {levels} levels deep; a Systems Manager hierarchy has at most 15 levels',
      help: 'Systems Manager refuses to create a parameter whose hierarchy is deeper than 15 levels (HierarchyLevelLimitExceededException), so no parameter has this name.',
    },
    'parameter-selector': {
      text: '{where} selects ":{selector}" of a Systems Manager parameter; ECS takes only its name or ARN',
      help: 'Systems Manager reads a version or label after the name (name:version, name:label), but ECS documents valueFrom as the parameter\'s name or ARN and does not take a version or label: it refuses a name with one when the task definition is registered. Remove ":{selector}"; the task gets the parameter\'s latest version.',
    },
    'secret-name-as-parameter': {
      text: '{where} is not a Systems Manager parameter name; for a Secrets Manager secret, write the secret\'s ARN',
      help: 'ECS reads a bare name in valueFrom as a Systems Manager parameter, and a parameter name with levels starts with "/".',
    },
    'reserved-prefix': { text: '{where} starts with "{prefix}", which Systems Manager reserves: no parameter can have this name' },
    'whole-json': {
      text: '{where} takes the whole secret, which holds JSON; to take one value, end valueFrom with ":{key}::"',
      help: 'The secret holds the JSON keys {keys}, so the variable gets the JSON text.',
    },
  },
  check({ task, unit, aws, workspace, report }) {
    const place = taskPlace(aws, unit);
    for (const { container, path: containerPath, label } of containerEntries(task)) {
      const checkList = (member: string, memberPath: Path, list: unknown): void => {
        if (!Array.isArray(list)) return;
        for (let index = 0; index < list.length; index++) {
          const item: unknown = list[index];
          if (!isObject(item) || typeof item.valueFrom !== 'string') continue;
          const name = typeof item.name === 'string' ? item.name : `#${index + 1}`;
          const where = `valueFrom of ${member} "${clip(name, 60)}" in container "${label}"`;
          const path = [...containerPath, ...memberPath, index, 'valueFrom'];
          const problem = valueFromProblem(item.valueFrom);
          if (problem) {
            // A CLI skeleton's entry left unfilled ({"name": "", "valueFrom": ""}): the ECS deploy
            // action drops it, the API refuses it: a warning.
            const skeleton = problem.messageId === 'empty' && isUnfilled(item);
            // Missing colons of a selector have one right answer: they are added.
            const end = item.valueFrom.length;
            const fix = problem.append ? { fix: { op: 'replace-within' as const, path, value: item.valueFrom, start: end, end, text: problem.append } } : {};
            report({
              messageId: problem.messageId,
              path,
              data: { where, ...problem.data },
              ...(problem.at ? { within: { value: item.valueFrom, ...problem.at } } : {}),
              ...(skeleton ? { severity: 'warn' as const } : {}),
              ...fix,
            });
            continue;
          }
          const keys = wholeJsonSecret(item.valueFrom, name, place, workspace, unit.scope);
          if (keys) report({ messageId: 'whole-json', path, severity: 'warn', data: { where, keys: keys.map((key) => `"${clip(key, 40)}"`).slice(0, 6).join(', '), key: clip(keyFor(name, keys)!, 60) } });
        }
      };
      checkList('secrets', ['secrets'], container.secrets);
      if (isObject(container.logConfiguration)) {
        checkList('logConfiguration.secretOptions', ['logConfiguration', 'secretOptions'], container.logConfiguration.secretOptions);
      }
    }
  },
});

/**
 * The JSON keys of the secret a valueFrom names whole (no ":key::"), when the run knows them and
 * the variable is named for one of them.
 */
function wholeJsonSecret(value: string, name: string, place: AwsContext, workspace: FactView, scope: string | undefined): readonly string[] | undefined {
  const reference = parseSecretReference(value);
  if (reference.kind === 'secret-arn' && reference.selector !== undefined) return undefined;
  if (reference.kind !== 'secret-arn' && reference.kind !== 'templated') return undefined;
  const keys = resolveSecret(value, reference, place, workspace, scope)?.record?.jsonKeys;
  // Only a variable named for one of the keys (DB_PASSWORD, "password") surely wants that value:
  // another may read the JSON on purpose.
  return keys && keys.length > 0 && keyFor(name, keys) !== undefined ? keys : undefined;
}

/** The key a variable's name ends with (DB_PASSWORD → password, PARTNER_API_KEY → apiKey). */
function keyFor(name: string, keys: readonly string[]): string | undefined {
  const lower = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return keys.find((key) => {
    const wanted = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    return wanted.length > 0 && lower.endsWith(wanted);
  });
}

function valueFromProblem(value: string): ValueFromProblem | undefined {
  if (value.trim() === '') return { messageId: 'empty' };
  const dynamic = /^\{\{resolve:(secretsmanager|ssm-secure|ssm):/.exec(value);
  if (dynamic) return dynamic[1] === 'ssm' ? undefined : { messageId: 'dynamic-reference', data: { service: dynamic[1]! } };
  if (isTemplated(value)) return undefined;
  if (!value.startsWith('arn:')) return parameterNameProblem(value, 0) ?? reservedPrefix(value);
  const arn = parseArn(value);
  if (!arn) return { messageId: 'malformed' };
  if (arn.service !== 'ssm' && arn.service !== 'secretsmanager') return { messageId: 'other-service', data: { service: clip(arn.service, 40) } };
  const fields = checkArnFields(arn, true);
  if (fields) {
    const data = { ...fields.data };
    if (data.region === '') data.region = '(empty)';
    return { messageId: fields.messageId, data };
  }
  // The resource is the last field: it ends the value.
  const resourceAt = value.length - arn.resource.length;
  if (arn.service === 'ssm') {
    if (!/^parameter\/?[^/]/.test(arn.resource)) return { messageId: 'ssm-resource' };
    if (!arn.resource.startsWith('parameter/')) return undefined;
    // parameter/name is the parameter "name", parameter/a/b the parameter "/a/b".
    const nameAt = 'parameter/'.length;
    return parameterNameProblem(`/${arn.resource.slice(nameAt)}`, resourceAt + nameAt - 1, true);
  }
  if (!/^secret:[^:]+/.test(arn.resource)) return { messageId: 'secret-resource' };
  return secretSelectorProblem(value, arn.resource.split(':').slice(2));
}

/**
 * What is wrong with a Systems Manager parameter name written at `offset` of the value: a version or
 * label after it, characters or a length a name cannot have, a hierarchy deeper than Systems Manager
 * allows. `fromArn`: the name comes from an ARN, whose characters are not checked here.
 */
function parameterNameProblem(name: string, offset: number, fromArn = false): ValueFromProblem | undefined {
  // A parameter name has no colon: what follows one is a selector (name:3, name:label).
  const colon = name.indexOf(':');
  if (colon > 0 && (fromArn || PARAMETER_NAME.test(name.slice(0, colon)))) {
    return { messageId: 'parameter-selector', data: { selector: clip(name.slice(colon + 1), 60) }, at: { start: offset + colon, end: offset + name.length } };
  }
  if (!fromArn) {
    if (/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/.test(name)) return { messageId: 'secret-name-as-parameter' };
    if (!PARAMETER_NAME.test(name) || name.length > PARAMETER_NAME_MAX_LENGTH) return { messageId: 'parameter-name' };
  }
  if (!name.startsWith('/')) return undefined;
  // Each "/" opens a level; the one that opens the 16th level starts what is too deep.
  let slash = -1;
  for (let level = 0; level <= PARAMETER_MAX_LEVELS; level++) {
    slash = name.indexOf('/', slash + 1);
    if (slash < 0) return undefined;
  }
  const levels = name.split('/').length - 1;
  return { messageId: 'parameter-levels', data: { levels: String(levels) }, at: { start: offset + slash, end: offset + name.length } };
}

function reservedPrefix(name: string): ValueFromProblem | undefined {
  const prefix = /^(aws|ssm)/i.exec(name)?.[1];
  return prefix ? { messageId: 'reserved-prefix', data: { prefix } } : undefined;
}

/** The fields after a secret's ARN: none, or json-key:version-stage:version-id with one version selector at most. */
function secretSelectorProblem(value: string, selector: string[]): ValueFromProblem | undefined {
  if (selector.length !== 0 && selector.length !== 3) {
    const fixed = [...selector, '', ''].slice(0, 3).join(':');
    const data = { selector: clip(selector.join(':'), 60), fixed: clip(fixed, 60) };
    return selector.length < 3 ? { messageId: 'selector', data, append: ':'.repeat(3 - selector.length) } : { messageId: 'selector', data };
  }
  const [, stage = '', id = ''] = selector;
  if (stage === '' || id === '') return undefined;
  return {
    messageId: 'stage-and-id',
    data: { stage: clip(stage, 40), id: clip(id, 40) },
    // version-stage:version-id end the value.
    at: { start: value.length - id.length - 1 - stage.length, end: value.length },
  };
}
