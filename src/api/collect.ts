// Collecting the run's facts: roles, managed policies and secrets from the config file and from
// the IAM and Secrets Manager outputs among the files, a Terraform file's records and links (its
// module's), and what task definition families ask of a Fargate platform version. Loaders read the
// files; the store keeps what they return.

import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { isAwsManagedSecretsKey } from '../loaders/aws-resources';
import { readIamContent } from '../loaders/iam-json';
import { recogniseTaskDefinitions } from '../loaders/task-definition-json';
import { familyNeed } from '../model/fargate-needs';
import { decodeSource } from '../loaders/decode';
import { parseJson } from '../loaders/json';
import { parsePolicyDocument, type NamedPolicy } from '../iam/policy';
import type { RoleRecord, SecretRecord } from '../facts/records';
import type { FactStore } from '../facts/store';
import { isTerraformFile, mayHoldFargateNeeds, mayHoldIamFacts } from '../facts/needs';
import { parseSecretReference } from '../aws/secret-reference';
import { ConfigError, type ConfigFile } from './config';
import { loadedTerraform } from '../loaders/formats';
import type { LoadResult } from '../loaders/document';
import type { HclModule } from '../loaders/hcl/module';
import { MAX_FILE_BYTES } from './read';

/** A file a Terraform configuration reads (file("…")), or undefined when it cannot be read as text. */
export function readTextFile(path: string): string | undefined {
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_FILE_BYTES) return undefined;
    const decoded = decodeSource(bytes);
    return 'text' in decoded ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}

export interface FileFactsOptions {
  /** Receives a .tf file's whole load (to lint it without parsing it again). */
  onTerraformLoad?: (load: LoadResult) => void;
  /**
   * Leave the families' Fargate needs of a task-definition file that tells nothing else to the
   * caller (addFamilyNeeds, called only when the run has services that would ask).
   */
  deferFamilies?: boolean;
  /** A .tf file's module (ModuleCache): the locals and variable defaults of its other files. */
  module?: HclModule;
}

/**
 * Adds what an IAM or Secrets Manager JSON text or a .tf file tells (a .tf file's scope: its
 * directory, its module), and what its families ask of Fargate. Returns whether the file
 * may have told something (what --cache keys on). A .tf file needs the HCL parser (prepareHcl).
 */
export function addFileFacts(store: FactStore, text: string, displayPath: string, absolutePath: string, options: FileFactsOptions = {}): boolean {
  if (isTerraformFile(absolutePath)) {
    const terraform = loadedTerraform();
    if (!terraform) return true;
    const read = { fileName: absolutePath, displayName: displayPath, readFile: readTextFile, ...(options.module ? { module: options.module } : {}) };
    let facts;
    if (options.onTerraformLoad) {
      // The caller lints the file later: one parse serves both.
      const file = terraform.readTerraformFile(text, read);
      options.onTerraformLoad(file.load);
      facts = file.facts;
    } else facts = terraform.readTerraformFacts(text, read);
    if (facts) store.addTerraform(absolutePath, facts);
    return true;
  }
  const needs = mayHoldFargateNeeds(text);
  if (!mayHoldIamFacts(text)) {
    if (needs && !options.deferFamilies) addFamilyNeeds(store, text);
    return needs;
  }
  const value = parseJsonValue(text);
  if (value === undefined) return false;
  if (needs) addFamilies(store, value);
  const content = readIamContent(value, displayPath);
  if (!content) return needs;
  store.addFacts(content);
  return true;
}

/** What the task definition families of a JSON text ask of a Fargate platform version (for fargate-platform-version). */
export function addFamilyNeeds(store: FactStore, text: string): void {
  const value = parseJsonValue(text);
  if (value !== undefined) addFamilies(store, value);
}

function parseJsonValue(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

function addFamilies(store: FactStore, value: unknown): void {
  // A service in another file may name these families: fargate-platform-version asks.
  for (const unit of recogniseTaskDefinitions(value)?.units ?? []) {
    const family = unit.model.family;
    if (typeof family !== 'string') continue;
    const need = familyNeed(unit.model);
    if (need) store.addFamilyNeed(family, need);
  }
}

/** The files the config file names for its facts (policy documents), as absolute paths. */
export function configFactFiles(config: Pick<ConfigFile, 'roles' | 'policies' | 'secrets' | 'directory'>): string[] {
  const files = [
    ...Object.values(config.policies ?? {}),
    ...Object.values(config.roles ?? {}).flatMap((role) => role.policies ?? []),
    ...Object.values(config.secrets ?? {}).flatMap((secret) => (secret.resourcePolicy ? [secret.resourcePolicy] : [])),
  ];
  return files.map((file) => resolve(config.directory, file));
}

/** The roles, policies and secrets the config file describes; their files are read here. */
export function addConfigFacts(store: FactStore, config: Pick<ConfigFile, 'roles' | 'policies' | 'secrets' | 'directory'>): void {
  const origin = '.ecs-lint.json';
  for (const [arn, file] of Object.entries(config.policies ?? {})) {
    store.addManagedPolicy(arn, readPolicyFile(config.directory, file, arn));
  }
  for (const [key, role] of Object.entries(config.roles ?? {})) {
    const isArn = key.startsWith('arn:');
    const record: RoleRecord = {
      name: isArn ? key.slice(key.lastIndexOf('/') + 1) : key,
      inline: (role.policies ?? []).map((file) => readPolicyFile(config.directory, file)),
      attached: role.managedPolicies ?? [],
      origin,
    };
    if (isArn) record.arn = key;
    store.addRole(record);
  }
  for (const [key, secret] of Object.entries(config.secrets ?? {})) {
    const reference = parseSecretReference(key);
    const name = reference.kind === 'secret-arn' ? reference.name : key;
    const record: SecretRecord = { name, origin };
    if (reference.kind === 'secret-arn' && reference.suffix) record.arn = key;
    if (secret.kmsKeyId !== undefined) {
      record.kmsKeyId = isAwsManagedSecretsKey(secret.kmsKeyId, 'config') ? null : secret.kmsKeyId;
    }
    if (secret.resourcePolicy) record.resourcePolicy = readPolicyFile(config.directory, secret.resourcePolicy);
    store.addSecret(record);
  }
}

/** A policy document file named in the config; a missing or broken file stops the run (exit 2). */
function readPolicyFile(directory: string, file: string, arn?: string): NamedPolicy {
  const path = resolve(directory, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ConfigError(`the config file names the policy file "${file}", which cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const decoded = decodeSource(bytes);
  const parsed = 'text' in decoded ? parseJson(decoded.text) : undefined;
  if (!parsed || parsed.error) {
    const where = parsed?.error ? `:${parsed.source.position(parsed.error.offset).line}:${parsed.source.position(parsed.error.offset).column}` : '';
    throw new ConfigError(`the policy file "${file}"${where} named in the config file is not valid JSON${parsed?.error ? `: ${parsed.error.message}` : ''}`);
  }
  const source: NamedPolicy['source'] = { name: basename(file).replace(/\.[^.]*$/, ''), file };
  if (arn) source.arn = arn;
  return { source, document: parsePolicyDocument(parsed.value) };
}
