// Every place a task definition names a Secrets Manager secret: registry credentials, container
// secrets and log-router secret options; and the Systems Manager parameters those secrets name.

import type { Path } from '../core/types';
import { parseSecretReference, type SecretReference } from '../aws/secret-reference';
import { containerEntries, type ContainerEntry } from './values';
import { isObject } from '../core/values';

export type SecretUse = 'registry-credentials' | 'secret' | 'log-secret';

export interface SecretReferenceEntry {
  use: SecretUse;
  /** Path of the string that names the secret. */
  path: Path;
  value: string;
  reference: SecretReference;
  container: ContainerEntry;
}

/** The registry credential references of a task, one per container that has one. */
export function registryCredentialReferences(task: Record<string, unknown>): readonly SecretReferenceEntry[] {
  // Several rules ask for the same task definition's references: they are collected once.
  let entries = REGISTRY_REFERENCES.get(task);
  if (!entries) REGISTRY_REFERENCES.set(task, (entries = collectRegistryReferences(task)));
  return entries;
}

/**
 * Every Secrets Manager secret a task names: registry credentials plus the `valueFrom` of `secrets`
 * and `logConfiguration.secretOptions` that are Secrets Manager ARNs or template references (other
 * `valueFrom` values are Systems Manager parameters).
 */
export function secretsManagerReferences(task: Record<string, unknown>): readonly SecretReferenceEntry[] {
  let entries = REFERENCES.get(task);
  if (!entries) REFERENCES.set(task, (entries = collectReferences(task)));
  return entries;
}

const REGISTRY_REFERENCES = new WeakMap<object, readonly SecretReferenceEntry[]>();
const REFERENCES = new WeakMap<object, readonly SecretReferenceEntry[]>();

function collectRegistryReferences(task: Record<string, unknown>): SecretReferenceEntry[] {
  const entries: SecretReferenceEntry[] = [];
  for (const container of containerEntries(task)) {
    const credentials = container.container.repositoryCredentials;
    if (!isObject(credentials) || typeof credentials.credentialsParameter !== 'string') continue;
    const value = credentials.credentialsParameter;
    entries.push({
      use: 'registry-credentials',
      path: [...container.path, 'repositoryCredentials', 'credentialsParameter'],
      value,
      reference: parseSecretReference(value),
      container,
    });
  }
  return entries;
}

function collectReferences(task: Record<string, unknown>): SecretReferenceEntry[] {
  const entries = [...registryCredentialReferences(task)];
  for (const container of containerEntries(task)) {
    collectListReferences(entries, container, 'secret', container.container.secrets, ['secrets']);
    const logConfiguration = container.container.logConfiguration;
    if (isObject(logConfiguration)) {
      collectListReferences(entries, container, 'log-secret', logConfiguration.secretOptions, ['logConfiguration', 'secretOptions']);
    }
  }
  return entries;
}

function collectListReferences(entries: SecretReferenceEntry[], container: ContainerEntry, use: SecretUse, list: unknown, member: Path): void {
  if (!Array.isArray(list)) return;
  for (let index = 0; index < list.length; index++) {
    const item: unknown = list[index];
    if (!isObject(item) || typeof item.valueFrom !== 'string') continue;
    const reference = parseSecretReference(item.valueFrom);
    // A template reference may be a secret the file defines; the IAM rules resolve it.
    if (reference.kind !== 'secret-arn' && reference.kind !== 'templated') continue;
    entries.push({ use, path: [...container.path, ...member, index, 'valueFrom'], value: item.valueFrom, reference, container });
  }
}

/**
 * Every `valueFrom` of `secrets` and `logConfiguration.secretOptions` that may name a Systems
 * Manager parameter: a bare name, an `ssm` ARN, or a template reference (which may stand for a
 * parameter or a secret the file defines; the rules resolve it).
 */
export function parameterReferences(task: Record<string, unknown>): readonly SecretReferenceEntry[] {
  let entries = PARAMETER_REFERENCES.get(task);
  if (!entries) PARAMETER_REFERENCES.set(task, (entries = collectParameterReferences(task)));
  return entries;
}

const PARAMETER_REFERENCES = new WeakMap<object, readonly SecretReferenceEntry[]>();

function collectParameterReferences(task: Record<string, unknown>): SecretReferenceEntry[] {
  const entries: SecretReferenceEntry[] = [];
  const collect = (container: ContainerEntry, use: SecretUse, list: unknown, member: Path): void => {
    if (!Array.isArray(list)) return;
    list.forEach((item: unknown, index) => {
      if (!isObject(item) || typeof item.valueFrom !== 'string') return;
      const reference = parseSecretReference(item.valueFrom);
      const parameter = reference.kind === 'name' || reference.kind === 'templated' || (reference.kind === 'other-arn' && reference.arn.service === 'ssm');
      if (parameter) entries.push({ use, path: [...container.path, ...member, index, 'valueFrom'], value: item.valueFrom, reference, container });
    });
  };
  for (const container of containerEntries(task)) {
    collect(container, 'secret', container.container.secrets, ['secrets']);
    const logConfiguration = container.container.logConfiguration;
    if (isObject(logConfiguration)) collect(container, 'log-secret', logConfiguration.secretOptions, ['logConfiguration', 'secretOptions']);
  }
  return entries;
}
