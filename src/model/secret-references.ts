// Every place a task definition names a Secrets Manager secret: registry credentials, container
// secrets and log-router secret options.

import type { Path } from '../engine/types';
import { parseSecretReference, type SecretReference } from '../aws/secret-reference';
import { containerEntries, isObject, type ContainerEntry } from './values';

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
export function registryCredentialReferences(task: Record<string, unknown>): SecretReferenceEntry[] {
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

/**
 * Every Secrets Manager secret a task names: registry credentials plus the `valueFrom` of `secrets`
 * and `logConfiguration.secretOptions` that are Secrets Manager ARNs or template references (other
 * `valueFrom` values are Systems Manager parameters).
 */
export function secretsManagerReferences(task: Record<string, unknown>): readonly SecretReferenceEntry[] {
  // Several rules ask for the same task definition's references: they are collected once.
  let entries = REFERENCES.get(task);
  if (!entries) REFERENCES.set(task, (entries = collectReferences(task)));
  return entries;
}

const REFERENCES = new WeakMap<object, readonly SecretReferenceEntry[]>();

function collectReferences(task: Record<string, unknown>): SecretReferenceEntry[] {
  const entries = registryCredentialReferences(task);
  for (const container of containerEntries(task)) {
    const lists: Array<[SecretUse, Path, unknown]> = [
      ['secret', [...container.path, 'secrets'], container.container.secrets],
    ];
    const logConfiguration = container.container.logConfiguration;
    if (isObject(logConfiguration)) {
      lists.push(['log-secret', [...container.path, 'logConfiguration', 'secretOptions'], logConfiguration.secretOptions]);
    }
    for (const [use, listPath, list] of lists) {
      if (!Array.isArray(list)) continue;
      list.forEach((item, index) => {
        if (!isObject(item) || typeof item.valueFrom !== 'string') return;
        const reference = parseSecretReference(item.valueFrom);
        // A template reference may be a secret the file defines; the IAM rules resolve it.
        if (reference.kind !== 'secret-arn' && reference.kind !== 'templated') return;
        entries.push({ use, path: [...listPath, index, 'valueFrom'], value: item.valueFrom, reference, container });
      });
    }
  }
  return entries;
}
