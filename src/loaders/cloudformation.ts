// CloudFormation, SAM and CDK templates: AWS::ECS::TaskDefinition resources become task definition
// units in the API's camelCase shape (positions stay in the template), IAM resources become policy
// units, and roles, policies, secrets and keys become the facts the cross-resource checks use.
// Each resource type has its reader; the task definition's conversion is in cfn-task-definition.ts.

import type { PolicyReach, PolicyUnit, SecretUnit, ServiceUnit, TaskDefinitionUnit } from './document';
import type { AwsContext, Path } from '../core/types';
import { parsePolicyDocument, type NamedPolicy } from '../iam/policy';
import { namesEcsResource } from '../iam/policy-scope';
import type { DocumentFacts, KeyRecord, LogGroupRecord, RoleRecord } from '../facts/records';
import { isObject } from '../core/values';
import { isAwsManagedSecretsKey, keyRecord, knownTags, masterUserSecret, parameterRecord, roleRecord, secretRecord } from './aws-resources';
import { IntrinsicResolver, NO_VALUE } from './cfn-intrinsics';
import { taskDefinitionUnit } from './cfn-task-definition';

export interface TemplateContent {
  units: TaskDefinitionUnit[];
  policies: PolicyUnit[];
  services: ServiceUnit[];
  secrets: SecretUnit[];
  facts: DocumentFacts;
}

/** A template by content: Resources whose entries have a Type such as AWS::ECS::TaskDefinition. */
export function isCloudFormationTemplate(value: unknown): value is Record<string, unknown> {
  if (!isObject(value) || !isObject(value.Resources)) return false;
  return Object.values(value.Resources).some((resource) => isObject(resource) && typeof resource.Type === 'string' && /^(AWS|Custom|Alexa)::/.test(resource.Type));
}

/** Resource types of the services whose resources tasks use: what puts a policy in the default scope. */
const ECS_RESOURCE_TYPE = /^AWS::(?:SecretsManager|KMS|SSM|ECR|Logs)::/;

/** A resource of the template: its logical id, type, properties and where they are. */
export interface TemplateResource {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  path: Path;
}

/** What the readers of a template's resources share. */
interface TemplateReading {
  content: TemplateContent;
  resolver: IntrinsicResolver;
  /** The template, as the records' origin. */
  file: string;
  /** The roles read so far, by logical id. */
  roles: Map<string, RoleRecord>;
  /** A value resolved, if it is a string. */
  text(value: unknown): string | undefined;
  /** `reach` places the policy for the default policy scope; without one it is always checked (a secret's or key's policy). */
  policyUnit(document: unknown, path: Path, name: string, label: string, kind: PolicyUnit['kind'], reach?: PolicyReach): NamedPolicy | undefined;
}

type TemplateReader = (resource: TemplateResource, reading: TemplateReading) => void;

/** The readers of the first pass, by resource type: what other resources refer to. */
const FIRST_PASS: ReadonlyMap<string, TemplateReader> = new Map([
  ['AWS::ECS::TaskDefinition', readTaskDefinition],
  ['AWS::ECS::Service', readService],
  ['AWS::IAM::Role', readRole],
  ['AWS::SecretsManager::Secret', readSecret],
  ['AWS::RDS::DBInstance', readMasterUserSecret],
  ['AWS::RDS::DBCluster', readMasterUserSecret],
  ['AWS::KMS::Key', readKey],
  ['AWS::SSM::Parameter', readParameter],
  ['AWS::Logs::LogGroup', readLogGroup],
]);

/** The readers of the second pass: resources that refer to those of the first (roles, secrets, keys). */
const SECOND_PASS: ReadonlyMap<string, TemplateReader> = new Map([
  ['AWS::IAM::Policy', readPolicy],
  ['AWS::IAM::ManagedPolicy', readPolicy],
  ['AWS::SecretsManager::ResourcePolicy', readSecretPolicy],
  ['AWS::KMS::Alias', readKeyAlias],
  ['AWS::CloudFormation::Stack', readNestedStack],
  ['AWS::Serverless::Application', readNestedStack],
]);

export function readTemplate(template: Record<string, unknown>, aws: AwsContext, file: string): TemplateContent {
  const resolver = new IntrinsicResolver(template, aws);
  const content: TemplateContent = { units: [], policies: [], services: [], secrets: [], facts: { roles: [], managed: [], secrets: [], keys: [] } };
  const resources: TemplateResource[] = [];
  for (const [id, resource] of Object.entries(template.Resources as Record<string, unknown>)) {
    if (!isObject(resource) || typeof resource.Type !== 'string') continue;
    resources.push({ id, type: resource.Type, properties: isObject(resource.Properties) ? resource.Properties : {}, path: ['Resources', id, 'Properties'] });
  }
  const text = (value: unknown): string | undefined => {
    const resolved = resolver.resolve(value);
    return typeof resolved === 'string' ? resolved : undefined;
  };
  // References to the template's Secrets Manager, KMS, SSM, ECR and CloudWatch Logs resources.
  const ecsResourceIds = new Set(resources.filter((resource) => ECS_RESOURCE_TYPE.test(resource.type)).map((resource) => resource.id));
  const isEcsReference = (value: string): boolean => {
    for (const match of value.matchAll(/\$\{([\w-]+)/g)) if (ecsResourceIds.has(match[1]!)) return true;
    return false;
  };
  const policyUnit: TemplateReading['policyUnit'] = (document, path, name, label, kind, reach) => {
    const resolved = resolver.resolve(document);
    if (!isObject(resolved)) return undefined;
    const ecs = !reach || namesEcsResource(resolved, isEcsReference);
    content.policies.push({ document: resolved, filePath: (inner) => [...path, ...inner], name, label, kind, embedded: false, ecs, ...(reach ? { reach } : {}) });
    // In the file being linted: messages name the policy without repeating the file.
    return { source: { name }, document: parsePolicyDocument(resolved) };
  };
  const reading: TemplateReading = { content, resolver, file, roles: new Map(), text, policyUnit };
  // Every resource of the first pass, then those of the second: a policy, a secret's policy or a
  // key's alias finds the role, secret or key it names wherever the template defines it.
  for (const readers of [FIRST_PASS, SECOND_PASS]) {
    for (const resource of resources) readers.get(resource.type)?.(resource, reading);
  }
  return content;
}

function readTaskDefinition(resource: TemplateResource, { content, resolver }: TemplateReading): void {
  content.units.push(taskDefinitionUnit(resource, resolver));
}

function readService({ id, properties, path }: TemplateResource, { content, resolver }: TemplateReading): void {
  const model: ServiceUnit['model'] = {};
  for (const [key, member] of [
    ['LaunchType', 'launchType'],
    ['PlatformVersion', 'platformVersion'],
    ['CapacityProviderStrategy', 'capacityProviderStrategy'],
    ['TaskDefinition', 'taskDefinition'],
  ] as const) {
    if (properties[key] === undefined) continue;
    // A platform version the stack may set is unknown: a parameter's default is not what runs.
    const value = key === 'PlatformVersion' && resolver.takesParameter(properties[key]) ? resolver.unknownString() : resolver.resolve(properties[key]);
    // `{ "Ref": "AWS::NoValue" }`, or a function that comes to it, removes the property.
    if (value !== NO_VALUE) model[member] = camelKeys(value);
  }
  const filePath = (modelPath: Path): Path => [...path, ...modelPath.map((segment) => (typeof segment === 'string' ? pascal(segment) : segment))];
  content.services.push({ model, filePath, label: id });
}

function readRole({ id, properties, path }: TemplateResource, { content, resolver, file, roles, text, policyUnit }: TemplateReading): void {
  const name = text(properties.RoleName);
  const record = roleRecord(name && !name.includes('${') ? name : id, [`\${${id}}`, `\${${id}.Arn}`, `\${${id}.RoleId}`], file);
  const reach: PolicyReach = { roles: [record] };
  const policies = Array.isArray(properties.Policies) ? properties.Policies : [];
  policies.forEach((policy, index) => {
    if (!isObject(policy)) return;
    const policyName = text(policy.PolicyName) ?? `${id} policy #${index + 1}`;
    const named = policyUnit(policy.PolicyDocument, [...path, 'Policies', index, 'PolicyDocument'], policyName, `role ${id}`, 'identity', reach);
    if (named) record.inline.push(named);
  });
  const managed = resolver.resolve(properties.ManagedPolicyArns);
  if (Array.isArray(managed)) for (const arn of managed) if (typeof arn === 'string') record.attached.push(arn);
  if (properties.AssumeRolePolicyDocument !== undefined) {
    const trust = policyUnit(properties.AssumeRolePolicyDocument, [...path, 'AssumeRolePolicyDocument'], `trust policy of ${id}`, `role ${id}`, 'resource', reach);
    if (trust) record.trust = trust;
  }
  roles.set(id, record);
  content.facts.roles.push(record);
}

function readSecret({ id, properties, path }: TemplateResource, { content, resolver, file, text }: TemplateReading): void {
  const name = text(properties.Name);
  const kmsKeyId = properties.KmsKeyId === undefined ? null : text(properties.KmsKeyId);
  const record = secretRecord([`\${${id}}`, `\${${id}.Id}`], file);
  if (name !== undefined) record.name = name;
  if (kmsKeyId !== undefined) record.kmsKeyId = kmsKeyId !== null && isAwsManagedSecretsKey(kmsKeyId, 'template') ? null : kmsKeyId;
  const tags = resolver.resolve(properties.Tags);
  if (Array.isArray(tags)) {
    const known = knownTags(tags.map((tag): [unknown, unknown] => (isObject(tag) ? [tag.Key, tag.Value] : [undefined, undefined])));
    if (known) record.tags = known;
  }
  const keys = secretJsonKeys(resolver.resolve(properties.SecretString), resolver.resolve(properties.GenerateSecretString));
  if (keys) record.jsonKeys = keys;
  content.facts.secrets.push(record);
  if (properties.Name !== undefined) {
    const secret: SecretUnit = { namePath: [...path, 'Name'], label: id };
    if (name !== undefined && !name.includes('${')) (secret as { name?: string }).name = name;
    content.secrets.push(secret);
  }
}

function readMasterUserSecret({ id, properties }: TemplateResource, { content, resolver, file }: TemplateReading): void {
  // RDS keeps the master user's password in a secret of its own, {"username", "password"},
  // encrypted with MasterUserSecret.KmsKeyId or else the AWS managed key aws/secretsmanager.
  const managed = resolver.resolve(properties.ManageMasterUserPassword);
  if (managed !== true && managed !== 'true') return;
  const secretProperty = resolver.resolve(properties.MasterUserSecret);
  const kmsKeyId = isObject(secretProperty) && typeof secretProperty.KmsKeyId === 'string' ? secretProperty.KmsKeyId : null;
  content.facts.secrets.push(masterUserSecret([`\${${id}.MasterUserSecret.SecretArn}`], kmsKeyId, file));
}

function readKey({ id, properties, path }: TemplateResource, { content, policyUnit }: TemplateReading): void {
  const key = keyRecord([`\${${id}}`, `\${${id}.Arn}`, `\${${id}.KeyId}`]);
  if (properties.KeyPolicy !== undefined) {
    const keyPolicy = policyUnit(properties.KeyPolicy, [...path, 'KeyPolicy'], `key policy of ${id}`, `key ${id}`, 'resource');
    if (keyPolicy) key.keyPolicy = keyPolicy;
  }
  content.facts.keys.push(key);
}

function readLogGroup({ id, properties }: TemplateResource, { content, text }: TemplateReading): void {
  // Ref gives the group's name; Fn::GetAtt Arn its ARN with ":*", every log stream of the group
  // (AWS::Logs::LogGroup, Return values).
  const name = text(properties.LogGroupName);
  const group: LogGroupRecord = { aliases: [`\${${id}}`], arnAliases: [{ reference: `\${${id}.Arn}`, streams: true }] };
  if (name !== undefined && !name.includes('${')) group.name = name;
  (content.facts.logGroups ??= []).push(group);
}

/**
 * A role handed to a nested stack (its name or ARN among the stack's parameters) may be given
 * policies there, which this template does not show: its permissions become unknown.
 */
function readNestedStack({ id, properties }: TemplateResource, { resolver, roles }: TemplateReading): void {
  const parameters = JSON.stringify(resolver.resolve(properties.Parameters) ?? null);
  for (const record of roles.values()) {
    if (record.aliases?.some((alias) => parameters.includes(alias))) record.attached.push(`\${${id}.policies}`);
  }
}

function readPolicy({ id, type, properties, path }: TemplateResource, { content, resolver, roles, text, policyUnit }: TemplateReading): void {
  const policyName = text(properties.PolicyName) ?? text(properties.ManagedPolicyName) ?? id;
  const targets = resolver.resolve(properties.Roles);
  const roleOf = (target: string) => [...roles.values()].find((record) => record.aliases?.includes(target) || record.name === target);
  const reach: PolicyReach = {
    roles: (Array.isArray(targets) ? targets : []).filter((target): target is string => typeof target === 'string').map((target) => roleOf(target) ?? target),
    ...(type === 'AWS::IAM::ManagedPolicy' ? { attachedAs: [`\${${id}}`] } : {}),
  };
  const named = policyUnit(properties.PolicyDocument, [...path, 'PolicyDocument'], policyName, type.slice('AWS::IAM::'.length) + ` ${id}`, 'identity', reach);
  if (!named) return;
  if (type === 'AWS::IAM::ManagedPolicy') content.facts.managed.push({ arn: `\${${id}}`, policy: named });
  for (const target of Array.isArray(targets) ? targets : []) {
    if (typeof target !== 'string') continue;
    const role = roleOf(target);
    if (!role) continue;
    if (type === 'AWS::IAM::Policy') role.inline.push(named);
    else role.attached.push(`\${${id}}`);
  }
}

function readSecretPolicy({ id, properties, path }: TemplateResource, { content, text, policyUnit }: TemplateReading): void {
  const secretId = text(properties.SecretId);
  const named = policyUnit(properties.ResourcePolicy, [...path, 'ResourcePolicy'], `resource policy ${id}`, `secret policy ${id}`, 'resource');
  const secret = content.facts.secrets.find((record) => secretId !== undefined && (record.aliases?.includes(secretId) || record.arn === secretId));
  if (secret && named) secret.resourcePolicy = named;
}

/**
 * A Systems Manager parameter: `Ref` gives its name. CloudFormation creates String and StringList
 * parameters only, never a SecureString, so a template's parameter needs no KMS key.
 */
function readParameter({ id, properties }: TemplateResource, { content, text, file }: TemplateReading): void {
  const record = parameterRecord([`\${${id}}`], file);
  const name = text(properties.Name);
  if (name !== undefined && !name.includes('${')) record.name = name;
  if (properties.Name === undefined) record.generatedName = true;
  const type = text(properties.Type);
  if (type !== undefined && !type.includes('${')) record.type = type;
  record.keyId = null;
  (content.facts.parameters ??= []).push(record);
}

function readKeyAlias({ properties }: TemplateResource, { content, text }: TemplateReading): void {
  const aliasName = text(properties.AliasName);
  const target = text(properties.TargetKeyId);
  const key = content.facts.keys.find((record: KeyRecord) => target !== undefined && (record.aliases.includes(target) || record.arn === target));
  if (key && aliasName) key.aliasNames.push(aliasName);
}

/**
 * The keys of the JSON object a secret is created with: its SecretString, or a generated password
 * placed under GenerateStringKey in SecretStringTemplate. Undefined when it is not a JSON object.
 */
export function secretJsonKeys(secretString: unknown, generate: unknown): string[] | undefined {
  const objectKeys = (text: unknown): string[] | undefined => {
    if (typeof text !== 'string' || !text.trim().startsWith('{')) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      return isObject(value) ? Object.keys(value) : undefined;
    } catch {
      return undefined;
    }
  };
  if (secretString !== undefined) return objectKeys(secretString);
  if (!isObject(generate)) return undefined;
  const keys = objectKeys(generate.SecretStringTemplate);
  if (!keys || typeof generate.GenerateStringKey !== 'string') return undefined;
  return keys.includes(generate.GenerateStringKey) ? keys : [...keys, generate.GenerateStringKey];
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Keys of a resolved value turned to camelCase (capacity provider strategies and the like). */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key.charAt(0).toLowerCase() + key.slice(1), camelKeys(child)]));
}
