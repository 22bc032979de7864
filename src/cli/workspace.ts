// The run's IAM workspace: roles, managed policies and secrets from the config file and from the
// IAM and Secrets Manager outputs among the files being linted.

import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { readIamContent } from '../loaders/iam-json';
import { recogniseTaskDefinitions } from '../loaders/task-definition-json';
import { containerEntries, usesRegistryCredentials } from '../model/values';
import { isObject } from '../core/values';
import { decodeSource } from '../loaders/decode';
import { parseJson } from '../loaders/json';
import { parsePolicyDocument, type NamedPolicy } from '../iam/policy';
import { IamWorkspace, type RoleRecord } from '../iam/workspace';
import { parseSecretReference } from '../aws/secret-reference';
import { ConfigError, type ConfigFile } from './config';
import { loadedTerraform } from '../loaders/formats';
import type { TerraformRunFacts } from '../loaders/terraform';
import type { LoadResult } from '../loaders/document';
import { MAX_FILE_BYTES } from './lint-file';

/** Text that may hold IAM facts; only such files are parsed for the workspace. */
const IAM_MARKERS = /"(?:Statement|RoleDetailList|PolicyDocument|ResourcePolicy|KmsKeyId|ARN)"\s*:/;

export function mayHoldIamFacts(text: string): boolean {
  return IAM_MARKERS.test(text);
}

/** What the .tf files of a run told that the workspace cannot hold yet: keys, links to other files. */
const terraformRuns = new WeakMap<IamWorkspace, TerraformRunFacts>();

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

/**
 * Adds what a .tf file defines (roles, policies, secrets, keys; scope: its directory), and links
 * its resources to those of the module's other files (an aws_iam_role_policy in iam.tf for the role
 * of roles.tf) as soon as both are known. Needs the HCL parser (prepareHcl) to be ready.
 */
function addTerraformFacts(workspace: IamWorkspace, text: string, displayPath: string, absolutePath: string, onLoad?: (load: LoadResult) => void): void {
  const terraform = loadedTerraform();
  if (!terraform) return;
  const options = { fileName: absolutePath, displayName: displayPath, readFile: readTextFile };
  let read: ReturnType<typeof terraform.readTerraformFacts>;
  if (onLoad) {
    // The caller lints the file later: one parse serves both.
    const file = terraform.readTerraformFile(text, options);
    onLoad(file.load);
    read = file.facts;
  } else read = terraform.readTerraformFacts(text, options);
  if (!read) return;
  const run = terraformRuns.get(workspace) ?? new terraform.TerraformRunFacts();
  terraformRuns.set(workspace, run);
  run.add(workspace, read);
}

/**
 * The workspace for one .tf file linted apart from a directory's run (standard input): the facts
 * of the other files of its module, read from disk, and its own, finished. The file is then linted
 * with `factsInWorkspace`.
 */
export function moduleWorkspace(
  workspace: IamWorkspace,
  file: { text: string; absolutePath: string; displayPath: string },
  siblings: readonly string[],
  displayPathOf: (absolutePath: string) => string,
): IamWorkspace {
  for (const sibling of siblings) {
    const text = readTextFile(sibling);
    if (text !== undefined) addFileFacts(workspace, text, displayPathOf(sibling), sibling);
  }
  addFileFacts(workspace, file.text, file.displayPath, file.absolutePath);
  return finishFileFacts(workspace);
}

/** The run's workspace with every file's facts: the .tf files' keys added and their links applied. */
export function finishFileFacts(workspace: IamWorkspace): IamWorkspace {
  return terraformRuns.get(workspace)?.finish(workspace) ?? workspace;
}

export interface FileFactsOptions {
  /** Receives a .tf file's whole load (for lintText's `loaded`, so that the file is not parsed twice). */
  onTerraformLoad?: (load: LoadResult) => void;
  /**
   * Leave the registry-auth families of a task-definition file that tells nothing else to the
   * caller (addRegistryAuthFamilies, called only when the run has services that would ask).
   */
  deferFamilies?: boolean;
}

/**
 * Adds what an IAM or Secrets Manager JSON text or a .tf file tells, and the families that use
 * registry credentials. `absolutePath` tells a .tf file's module (its directory). Returns whether
 * the file may have told something (what --cache keys on).
 */
export function addFileFacts(workspace: IamWorkspace, text: string, displayPath: string, absolutePath?: string, options: FileFactsOptions = {}): boolean {
  if (/\.tf$/i.test(absolutePath ?? displayPath)) {
    addTerraformFacts(workspace, text, displayPath, absolutePath ?? displayPath, options.onTerraformLoad);
    return true;
  }
  const registryAuth = text.includes('"credentialsParameter"');
  const iam = mayHoldIamFacts(text);
  if (!iam) {
    if (registryAuth && !options.deferFamilies) addRegistryAuthFamilies(workspace, text);
    return registryAuth;
  }
  const value = parseJsonValue(text);
  if (value === undefined) return false;
  if (registryAuth) addFamilies(workspace, value);
  const content = readIamContent(value, displayPath);
  if (!content) return registryAuth;
  for (const role of content.roles) workspace.addRole(role);
  for (const { arn, policy } of content.managed) workspace.addManagedPolicy(arn, policy);
  for (const secret of content.secrets) workspace.addSecret(secret);
  return true;
}

/** Whether a text may define an ECS service, which asks the run which task families use registry credentials. */
export function mayDefineService(text: string): boolean {
  return /"serviceName"|AWS::ECS::Service|aws_ecs_service/.test(text);
}

/** The task definition families of a JSON text that pull with registry credentials (for fargate-platform-version). */
export function addRegistryAuthFamilies(workspace: IamWorkspace, text: string): void {
  const value = parseJsonValue(text);
  if (value !== undefined) addFamilies(workspace, value);
}

function parseJsonValue(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

function addFamilies(workspace: IamWorkspace, value: unknown): void {
  // A service in another file may name these families: fargate-platform-version asks.
  for (const unit of recogniseTaskDefinitions(value)?.units ?? []) {
    const family = unit.model.family;
    const platform = unit.model.runtimePlatform;
    const windows = isObject(platform) && typeof platform.operatingSystemFamily === 'string' && platform.operatingSystemFamily.startsWith('WINDOWS');
    const container = containerEntries(unit.model).find((entry) => usesRegistryCredentials(entry.container));
    if (typeof family === 'string' && container && !windows) workspace.addRegistryAuthFamily(family, container.label);
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
export function addConfigFacts(workspace: IamWorkspace, config: Pick<ConfigFile, 'roles' | 'policies' | 'secrets' | 'directory'>): void {
  const origin = '.ecs-lint.json';
  for (const [arn, file] of Object.entries(config.policies ?? {})) {
    workspace.addManagedPolicy(arn, readPolicyFile(config.directory, file, arn));
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
    workspace.addRole(record);
  }
  for (const [key, secret] of Object.entries(config.secrets ?? {})) {
    const reference = parseSecretReference(key);
    const name = reference.kind === 'secret-arn' ? reference.name : key;
    const record: Parameters<IamWorkspace['addSecret']>[0] = { name, origin };
    if (reference.kind === 'secret-arn' && reference.suffix) record.arn = key;
    if (secret.kmsKeyId !== undefined) {
      record.kmsKeyId = /^(?:arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\/secretsmanager$/.test(secret.kmsKeyId) ? null : secret.kmsKeyId;
    }
    if (secret.resourcePolicy) record.resourcePolicy = readPolicyFile(config.directory, secret.resourcePolicy);
    workspace.addSecret(record);
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
