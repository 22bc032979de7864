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
 * The longest name one can create has 1011 characters.
 */
const PARAMETER_NAME = /^(?:[A-Za-z0-9_.-]+|(?:\/[A-Za-z0-9_.-]+)+)$/;
const PARAMETER_NAME_MAX_LENGTH = 1011;

export default defineRule({
  id: 'secrets-value-from',
  severity: 'error',
  description: 'Require secrets[].valueFrom to be a Systems Manager parameter or a Secrets Manager secret ARN',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html',
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
    'bad-region': { text: '{where} has the region "{region}", which is not an AWS region' },
    'region-partition': { text: '{where} has the region "{region}", which belongs to the partition "{expected}", not "{partition}"' },
    'bad-account': { text: '{where} has the account "{account}"; an AWS account id is 12 digits' },
    'parameter-name': {
      text: '{where} is neither an ARN nor a valid Systems Manager parameter name; correct the name',
      help: 'A parameter name has letters, digits, ".", "-" and "_", levels after a leading "/", and up to 1011 characters.',
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
            report({ messageId: problem.messageId, path, data: { where, ...problem.data }, ...(skeleton ? { severity: 'warn' as const } : {}), ...fix });
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

function valueFromProblem(value: string): { messageId: string; data?: Record<string, string>; append?: string } | undefined {
  if (value.trim() === '') return { messageId: 'empty' };
  const dynamic = /^\{\{resolve:(secretsmanager|ssm-secure|ssm):/.exec(value);
  if (dynamic) return dynamic[1] === 'ssm' ? undefined : { messageId: 'dynamic-reference', data: { service: dynamic[1]! } };
  if (isTemplated(value)) return undefined;
  if (!value.startsWith('arn:')) {
    if (/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/.test(value)) return { messageId: 'secret-name-as-parameter' };
    if (!PARAMETER_NAME.test(value) || value.length > PARAMETER_NAME_MAX_LENGTH) return { messageId: 'parameter-name' };
    const prefix = /^(aws|ssm)/i.exec(value)?.[1];
    return prefix ? { messageId: 'reserved-prefix', data: { prefix } } : undefined;
  }
  const arn = parseArn(value);
  if (!arn) return { messageId: 'malformed' };
  if (arn.service !== 'ssm' && arn.service !== 'secretsmanager') return { messageId: 'other-service', data: { service: clip(arn.service, 40) } };
  const fields = checkArnFields(arn, true);
  if (fields) {
    const data = { ...fields.data };
    if (data.region === '') data.region = '(empty)';
    return { messageId: fields.messageId, data };
  }
  if (arn.service === 'ssm') {
    return /^parameter\/?[^/]/.test(arn.resource) ? undefined : { messageId: 'ssm-resource' };
  }
  if (!/^secret:[^:]+/.test(arn.resource)) return { messageId: 'secret-resource' };
  const selector = arn.resource.split(':').slice(2);
  if (selector.length !== 0 && selector.length !== 3) {
    const fixed = [...selector, '', ''].slice(0, 3).join(':');
    const data = { selector: clip(selector.join(':'), 60), fixed: clip(fixed, 60) };
    return selector.length < 3 ? { messageId: 'selector', data, append: ':'.repeat(3 - selector.length) } : { messageId: 'selector', data };
  }
  return undefined;
}
