// The config file (.ecs-lint.json): found upward from the working directory or named by --config,
// validated against schemas/config.schema.json with errors at their line and column.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { validateConfig } from '../generated/config-validator';
import type { SourceMap } from '../loaders/document';
import { parseJson } from '../loaders/json';
import { closestMatch } from '../model/suggest';
import { RULES } from '../rules/index';
import type { SeveritySetting, Target } from '../core/types';

export const CONFIG_FILE_NAME = '.ecs-lint.json';

export interface ConfigFile {
  /** Absolute path of the file; undefined when no config file was found. */
  path?: string;
  /** The directory ignore globs are relative to. */
  directory: string;
  rules: Record<string, SeveritySetting>;
  account?: string;
  region?: string;
  partition?: string;
  target?: Target;
  /** Warn about IAM conditions that cannot be evaluated statically (default: silent). */
  reportUnknownConditions?: boolean;
  /** Which policies the policy rules check: those ECS tasks depend on ("ecs", the default) or all. */
  policyScope?: 'ecs' | 'all';
  /** Files larger than this are reported instead of read: bytes, or a size such as "64MiB". */
  maxFileSize?: number | string;
  ignore: string[];
  /** IAM roles by ARN or name: inline policy files and attached managed policy ARNs. */
  roles?: Record<string, { policies?: string[]; managedPolicies?: string[] }>;
  /** Customer managed policy ARN → policy document file. */
  policies?: Record<string, string>;
  /** Secrets by ARN or name: KMS key and resource policy file. */
  secrets?: Record<string, { kmsKeyId?: string; resourcePolicy?: string }>;
  /** Globs of registry credential secret payload files. */
  secretPayloads?: string[];
  /** Rule severities for the files some globs match. */
  overrides?: Array<{ files: string[]; rules: Record<string, SeveritySetting> }>;
}

/** A configuration problem: the run stops with exit code 2. */
export class ConfigError extends Error {}

export function findConfigFile(startDirectory: string): string | undefined {
  let directory = resolve(startDirectory);
  for (;;) {
    const candidate = join(directory, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** The configuration --config names, or else the nearest one upward from `cwd`, or none. */
export function loadConfig(explicitPath: string | undefined, cwd: string): ConfigFile {
  const path = explicitPath ? resolve(cwd, explicitPath) : findConfigFile(cwd);
  if (!path) return emptyConfig(cwd);
  return readConfigFile(path, explicitPath ?? (relative(cwd, path) || path));
}

/** No configuration file: globs are relative to `directory`. */
export function emptyConfig(directory: string): ConfigFile {
  return { directory, rules: {}, ignore: [] };
}

/** A configuration file, validated; `shown` is how messages name it. */
export function readConfigFile(path: string, shown: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const parsed = parseJson(text);
  if (parsed.error) {
    const { line, column } = parsed.source.position(parsed.error.offset);
    throw new ConfigError(`${shown}:${line}:${column}: invalid JSON: ${parsed.error.message}`);
  }
  if (!validateConfig(parsed.value)) {
    const messages = (validateConfig.errors ?? []).map((error) => describeError(error, shown, parsed.sourceMap));
    throw new ConfigError(messages.filter((message) => message !== undefined).join('\n'));
  }
  const value = parsed.value as {
    rules?: Record<string, SeveritySetting>;
    account?: string;
    region?: string;
    partition?: string;
    target?: Target;
    ignore?: string[];
    roles?: ConfigFile['roles'];
    policies?: ConfigFile['policies'];
    secrets?: ConfigFile['secrets'];
    secretPayloads?: string[];
    overrides?: ConfigFile['overrides'];
    reportUnknownConditions?: boolean;
    policyScope?: 'ecs' | 'all';
    maxFileSize?: number | string;
  };
  const config: ConfigFile = { path, directory: dirname(path), rules: { ...value.rules }, ignore: value.ignore ?? [] };
  if (value.roles) config.roles = value.roles;
  if (value.policies) config.policies = value.policies;
  if (value.secrets) config.secrets = value.secrets;
  if (value.secretPayloads) config.secretPayloads = value.secretPayloads;
  if (value.overrides) config.overrides = value.overrides;
  if (value.reportUnknownConditions !== undefined) config.reportUnknownConditions = value.reportUnknownConditions;
  if (value.policyScope !== undefined) config.policyScope = value.policyScope;
  if (value.maxFileSize !== undefined) config.maxFileSize = value.maxFileSize;
  if (value.account !== undefined) config.account = value.account;
  if (value.region !== undefined) config.region = value.region;
  if (value.partition !== undefined) config.partition = value.partition;
  if (value.target !== undefined) config.target = value.target;
  return config;
}

/** A schema error of the config file as `file:line:column: "member" problem`; undefined for one another error says. */
function describeError(error: ErrorObject, shown: string, sourceMap: Pick<SourceMap, 'locate'>): string | undefined {
    const segments = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    const params = error.params as Record<string, unknown>;
    let problem: string;
    let at = segments;
    let target: 'key' | 'value' = 'value';
    switch (error.keyword) {
      case 'additionalProperties': {
        const member = String(params.additionalProperty);
        const known = ['$schema', 'rules', 'account', 'region', 'partition', 'target', 'reportUnknownConditions', 'policyScope', 'maxFileSize', 'ignore', 'roles', 'policies', 'secrets', 'secretPayloads', 'overrides'];
        const suggestion = closestMatch(member, known);
        problem = `unknown setting "${member}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
        at = [...segments, member];
        target = 'key';
        break;
      }
      case 'propertyNames': {
        const id = String(params.propertyName);
        const suggestion = closestMatch(id, RULES.map((rule) => rule.id));
        problem = `unknown rule "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
        at = [...segments, id];
        target = 'key';
        break;
      }
      case 'enum':
        // The enum of rule ids reports through its propertyNames error, with the name.
        if (error.schemaPath.includes('propertyNames')) return undefined;
        problem = `must be one of ${(params.allowedValues as unknown[]).map((v) => `"${String(v)}"`).join(', ')}`;
        break;
      case 'pattern':
        problem =
          segments[0] === 'policies'
            ? 'must be a customer managed policy ARN (arn:aws:iam::<account>:policy/<name>)'
            : segments[0] === 'roles'
              ? 'must be a managed policy ARN (arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>)'
              : segments[0] === 'account'
            ? 'must be a 12-digit AWS account id'
            : segments[0] === 'region'
              ? 'must be an AWS region such as "us-east-1"'
              : `must match ${String(params.pattern)}`;
        break;
      default:
        problem = error.message ?? error.keyword;
    }
    const range = sourceMap.locate(at, target);
    const where = at.length > 0 ? `"${at.join('.')}" ` : '';
    return `${shown}:${range.start.line}:${range.start.column}: ${where}${problem}`;
}
