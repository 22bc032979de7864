// CloudFormation, SAM and CDK templates: AWS::ECS::TaskDefinition resources become task definition
// units in the API's camelCase shape (positions stay in the template), IAM resources become policy
// units, and roles, policies, secrets and keys become the facts the cross-resource checks use.

import type { PolicyReach, PolicyUnit, SecretUnit, ServiceUnit, TaskDefinitionUnit } from './document';
import type { AwsContext, Path } from '../core/types';
import { TASK_DEFINITION_SHAPES } from '../generated/task-definition-shapes';
import { parsePolicyDocument, type NamedPolicy } from '../iam/policy';
import { namesEcsResource } from '../iam/policy-scope';
import type { DocumentFacts, KeyRecord, RoleRecord, SecretRecord } from '../facts/records';
import { isObject } from '../core/values';
import { IntrinsicResolver, intrinsicName, NO_VALUE } from './cfn-intrinsics';

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

/** CloudFormation property names that are not the API's member names in another case. */
const RENAMED = new Map([['ProxyConfigurationProperties', 'properties']]);

interface Resource {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  path: Path;
}

export function readTemplate(template: Record<string, unknown>, aws: AwsContext, file: string): TemplateContent {
  const resolver = new IntrinsicResolver(template, aws);
  const content: TemplateContent = { units: [], policies: [], services: [], secrets: [], facts: { roles: [], managed: [], secrets: [], keys: [] } };
  const resources: Resource[] = [];
  for (const [id, resource] of Object.entries(template.Resources as Record<string, unknown>)) {
    if (!isObject(resource) || typeof resource.Type !== 'string') continue;
    resources.push({ id, type: resource.Type, properties: isObject(resource.Properties) ? resource.Properties : {}, path: ['Resources', id, 'Properties'] });
  }
  const roles = new Map<string, RoleRecord>();
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
  /** `reach` places the policy for the default policy scope; without one it is always checked (a secret's or key's policy). */
  const policyUnit = (document: unknown, path: Path, name: string, label: string, kind: PolicyUnit['kind'], reach?: PolicyReach): NamedPolicy | undefined => {
    const resolved = resolver.resolve(document);
    if (!isObject(resolved)) return undefined;
    const ecs = !reach || namesEcsResource(resolved, isEcsReference);
    content.policies.push({ document: resolved, filePath: (inner) => [...path, ...inner], name, label, kind, embedded: false, ecs, ...(reach ? { reach } : {}) });
    // In the file being linted: messages name the policy without repeating the file.
    return { source: { name }, document: parsePolicyDocument(resolved) };
  };

  for (const resource of resources) {
    const { id, properties, path } = resource;
    switch (resource.type) {
      case 'AWS::ECS::TaskDefinition':
        content.units.push(taskDefinitionUnit(resource, resolver));
        break;
      case 'AWS::ECS::Service': {
        const model: ServiceUnit['model'] = {};
        for (const [key, member] of [
          ['LaunchType', 'launchType'],
          ['PlatformVersion', 'platformVersion'],
          ['CapacityProviderStrategy', 'capacityProviderStrategy'],
          ['TaskDefinition', 'taskDefinition'],
        ] as const) {
          if (properties[key] === undefined) continue;
          const value = resolver.resolve(properties[key]);
          // `{ "Ref": "AWS::NoValue" }`, or a function that comes to it, removes the property.
          if (value !== NO_VALUE) model[member] = camelKeys(value);
        }
        const filePath = (modelPath: Path): Path => [...path, ...modelPath.map((segment) => (typeof segment === 'string' ? pascal(segment) : segment))];
        content.services.push({ model, filePath, label: id });
        break;
      }
      case 'AWS::IAM::Role': {
        const name = text(properties.RoleName);
        const record: RoleRecord = {
          name: name && !name.includes('${') ? name : id,
          aliases: [`\${${id}}`, `\${${id}.Arn}`, `\${${id}.RoleId}`],
          inline: [],
          attached: [],
          origin: file,
        };
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
        break;
      }
      case 'AWS::SecretsManager::Secret': {
        const name = text(properties.Name);
        const kmsKeyId = properties.KmsKeyId === undefined ? null : text(properties.KmsKeyId);
        const record: SecretRecord = { aliases: [`\${${id}}`, `\${${id}.Id}`], origin: file };
        if (name !== undefined) record.name = name;
        if (kmsKeyId !== undefined) record.kmsKeyId = kmsKeyId !== null && /(^|:)alias\/aws\/secretsmanager$/.test(kmsKeyId) ? null : kmsKeyId;
        const tags = resolver.resolve(properties.Tags);
        if (Array.isArray(tags)) {
          const known: Record<string, string> = {};
          for (const tag of tags) {
            if (isObject(tag) && typeof tag.Key === 'string' && typeof tag.Value === 'string' && !tag.Key.includes('${') && !tag.Value.includes('${')) {
              Object.defineProperty(known, tag.Key, { value: tag.Value, enumerable: true });
            }
          }
          if (Object.keys(known).length > 0) record.tags = known;
        }
        const keys = secretJsonKeys(resolver.resolve(properties.SecretString), resolver.resolve(properties.GenerateSecretString));
        if (keys) record.jsonKeys = keys;
        content.facts.secrets.push(record);
        if (properties.Name !== undefined) {
          const secret: SecretUnit = { namePath: [...path, 'Name'], label: id };
          if (name !== undefined && !name.includes('${')) (secret as { name?: string }).name = name;
          content.secrets.push(secret);
        }
        break;
      }
      case 'AWS::RDS::DBInstance':
      case 'AWS::RDS::DBCluster': {
        // RDS keeps the master user's password in a secret of its own, {"username", "password"},
        // encrypted with MasterUserSecret.KmsKeyId or else the AWS managed key aws/secretsmanager.
        const managed = resolver.resolve(properties.ManageMasterUserPassword);
        if (managed !== true && managed !== 'true') break;
        const secretProperty = resolver.resolve(properties.MasterUserSecret);
        const kmsKeyId = isObject(secretProperty) && typeof secretProperty.KmsKeyId === 'string' ? secretProperty.KmsKeyId : null;
        content.facts.secrets.push({ aliases: [`\${${id}.MasterUserSecret.SecretArn}`], kmsKeyId, jsonKeys: ['username', 'password'], origin: file });
        break;
      }
      case 'AWS::KMS::Key': {
        const key: KeyRecord = { aliases: [`\${${id}}`, `\${${id}.Arn}`, `\${${id}.KeyId}`], aliasNames: [] };
        if (properties.KeyPolicy !== undefined) {
          const keyPolicy = policyUnit(properties.KeyPolicy, [...path, 'KeyPolicy'], `key policy of ${id}`, `key ${id}`, 'resource');
          if (keyPolicy) key.keyPolicy = keyPolicy;
        }
        content.facts.keys.push(key);
        break;
      }
      default:
        break;
    }
  }

  // Second pass: resources that refer to those above.
  for (const resource of resources) {
    const { id, properties, path } = resource;
    switch (resource.type) {
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy': {
        const policyName = text(properties.PolicyName) ?? text(properties.ManagedPolicyName) ?? id;
        const targets = resolver.resolve(properties.Roles);
        const roleOf = (target: string) => [...roles.values()].find((record) => record.aliases?.includes(target) || record.name === target);
        const reach: PolicyReach = {
          roles: (Array.isArray(targets) ? targets : []).filter((target): target is string => typeof target === 'string').map((target) => roleOf(target) ?? target),
          ...(resource.type === 'AWS::IAM::ManagedPolicy' ? { attachedAs: [`\${${id}}`] } : {}),
        };
        const named = policyUnit(properties.PolicyDocument, [...path, 'PolicyDocument'], policyName, resource.type.slice('AWS::IAM::'.length) + ` ${id}`, 'identity', reach);
        if (!named) break;
        if (resource.type === 'AWS::IAM::ManagedPolicy') content.facts.managed.push({ arn: `\${${id}}`, policy: named });
        for (const target of Array.isArray(targets) ? targets : []) {
          if (typeof target !== 'string') continue;
          const role = roleOf(target);
          if (!role) continue;
          if (resource.type === 'AWS::IAM::Policy') role.inline.push(named);
          else role.attached.push(`\${${id}}`);
        }
        break;
      }
      case 'AWS::SecretsManager::ResourcePolicy': {
        const secretId = text(properties.SecretId);
        const named = policyUnit(properties.ResourcePolicy, [...path, 'ResourcePolicy'], `resource policy ${id}`, `secret policy ${id}`, 'resource');
        const secret = content.facts.secrets.find((record) => secretId !== undefined && (record.aliases?.includes(secretId) || record.arn === secretId));
        if (secret && named) secret.resourcePolicy = named;
        break;
      }
      case 'AWS::KMS::Alias': {
        const aliasName = text(properties.AliasName);
        const target = text(properties.TargetKeyId);
        const key = content.facts.keys.find((record: KeyRecord) => target !== undefined && (record.aliases.includes(target) || record.arn === target));
        if (key && aliasName) key.aliasNames.push(aliasName);
        break;
      }
      default:
        break;
    }
  }
  return content;
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

const isNoValue = (value: unknown) => isObject(value) && Object.keys(value).length === 1 && value.Ref === 'AWS::NoValue';

/**
 * `Fn::If [condition, X, AWS::NoValue]`: X is there when the condition holds, and must then be
 * right; it is checked as if present (positions inside X stay exact).
 */
function presentBranch(node: unknown): { branch: unknown; index: number } | undefined {
  if (intrinsicName(node) !== 'Fn::If') return undefined;
  const argument = (node as Record<string, unknown>)['Fn::If'];
  if (!Array.isArray(argument) || argument.length !== 3) return undefined;
  if (isNoValue(argument[2]) && !isNoValue(argument[1])) return { branch: argument[1], index: 1 };
  if (isNoValue(argument[1]) && !isNoValue(argument[2])) return { branch: argument[2], index: 2 };
  return undefined;
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

/**
 * An AWS::ECS::TaskDefinition as the RegisterTaskDefinition input: property names matched to the
 * API's members without regard to case (EFSVolumeConfiguration is efsVolumeConfiguration), map
 * keys (DockerLabels, Options) kept, intrinsic functions resolved. Every model path is recorded with
 * the template path it came from.
 */
function taskDefinitionUnit(resource: Resource, resolver: IntrinsicResolver): TaskDefinitionUnit {
  const index = new Map<string, Path>();
  const record = (modelPath: Path, filePath: Path) => index.set(JSON.stringify(modelPath), filePath);

  const convert = (node: unknown, shape: string | undefined, modelPath: Path, filePath: Path): unknown => {
    record(modelPath, filePath);
    const present = presentBranch(node);
    if (present) return convert(present.branch, shape, modelPath, [...filePath, 'Fn::If', present.index]);
    if (intrinsicName(node)) return resolver.resolve(node);
    const definition = shape ? TASK_DEFINITION_SHAPES[shape] : undefined;
    if (Array.isArray(node)) {
      const items: unknown[] = [];
      node.forEach((item, position) => {
        if (intrinsicName(item) === 'Ref' && (item as { Ref: unknown }).Ref === 'AWS::NoValue') return;
        const converted = convert(item, definition?.items, [...modelPath, items.length], [...filePath, position]);
        // An intrinsic function that comes to AWS::NoValue (`Fn::If` with it on both sides) removes the item.
        if (converted !== NO_VALUE) items.push(converted);
      });
      return items;
    }
    if (!isObject(node)) return node;
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (value === null || (intrinsicName(value) === 'Ref' && (value as { Ref: unknown }).Ref === 'AWS::NoValue')) continue;
      let member = key;
      let childShape: string | undefined;
      if (definition?.properties) {
        const lower = (RENAMED.get(key) ?? key).toLowerCase();
        const known = definition.properties.find((property) => property.toLowerCase() === lower);
        if (known) {
          member = known;
          childShape = definition.children?.[known];
        }
      } else if (definition?.values) {
        childShape = definition.values;
      }
      const converted = convert(value, childShape, [...modelPath, member], [...filePath, key]);
      if (converted === NO_VALUE) continue;
      Object.defineProperty(result, member, { value: converted, enumerable: true, writable: true, configurable: true });
    }
    return result;
  };

  const model = convert(resource.properties, '#', [], resource.path);
  return {
    model: isObject(model) ? model : {},
    filePath: (modelPath) => {
      // The closest recorded ancestor: an intrinsic function's result points at the function.
      for (let length = modelPath.length; length >= 0; length--) {
        const found = index.get(JSON.stringify(modelPath.slice(0, length)));
        if (found) return found;
      }
      return resource.path;
    },
    context: {},
    partial: false,
    symbolic: true,
    label: resource.id,
    aliases: [`\${${resource.id}}`],
    coercesScalars: true,
  };
}
