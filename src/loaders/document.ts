// The internal model a loader produces from one file: task definitions in the RegisterTaskDefinition
// shape (camelCase) plus a source map from paths in the file back to ranges.

import type { AwsContext, Path, Range, RangeTarget, Severity, Suggestion, TextEdit } from '../core/types';
import type { DocumentFacts, RoleRecord } from '../facts/records';

/** Ranges of the nodes of one file, addressed by their path in that file. */
export interface SourceMap {
  /**
   * The range of the node at `path`: its value, or its key when `target` is `key` (an array element
   * or the root has no key: then the first character of the value). A path that does not exist
   * falls back to the closest existing ancestor.
   */
  locate(path: Path, target: RangeTarget): Range;
  /**
   * Whether the file writes what is at `path` there, as it is: the value as a literal (`value`), or
   * the member with its key (`key`); not a value a function built, one taken from elsewhere (a
   * variable, an alias), or a path the file does not have. Fixes are made only there.
   */
  written?(path: Path, target: RangeTarget): boolean;
}

export type InputKind =
  | 'task-definition'
  | 'describe-task-definition'
  | 'task-definition-list'
  | 'container-definitions'
  | 'policy-document'
  | 'role'
  | 'role-policy'
  | 'authorization-details'
  | 'secret-description'
  | 'secret-resource-policy'
  | 'cloudformation'
  | 'terraform'
  | 'terraform-plan'
  | 'service'
  | 'secret-payload';

/** One task definition found in a file. */
export interface TaskDefinitionUnit {
  /** The RegisterTaskDefinition input, camelCase; members whose value is null are left out. */
  readonly model: Record<string, unknown>;
  /** Where the model's root sits in the file, as a path in the file. */
  readonly filePath: (modelPath: Path) => Path;
  /** What the file itself tells of the task's account, region and partition. */
  readonly context: AwsContext;
  /** Only container definitions are known (a bare `containerDefinitions` array): task-level checks skip. */
  readonly partial: boolean;
  /** A short name of the unit for messages, e.g. `taskDefinition` or `[2]`; empty for a whole file. */
  readonly label: string;
  /** Template references that name this task definition (`${TaskDef}` of CloudFormation's Ref). */
  readonly aliases?: readonly string[];
  /** Where the file's template references resolve: a Terraform module's directory. */
  readonly scope?: string;
  /**
   * A template's task: its pseudo parameters (${AWS::Region}; Terraform's data.aws_region) are the
   * task's own account, region and partition, whatever their values.
   */
  readonly symbolic?: boolean;
  /** The deploy tool converts "80" to 80 and back (CloudFormation): scalar type mismatches are no errors. */
  readonly coercesScalars?: boolean;
  /** The deploy tool drops container members it does not know (Terraform's decoder): dead weight, not a failure. */
  readonly dropsUnknownContainerMembers?: boolean;
}

/** An ECS service, for the checks that need its launch type and platform version. */
export interface ServiceUnit {
  readonly model: {
    launchType?: unknown;
    platformVersion?: unknown;
    /** The operating system a describe-services output names (LINUX, WINDOWS_SERVER_2019_FULL, …). */
    platformFamily?: unknown;
    capacityProviderStrategy?: unknown;
    /** The task definition: family[:revision], an ARN, or a template reference. */
    taskDefinition?: unknown;
  };
  readonly filePath: (modelPath: Path) => Path;
  readonly label: string;
}

/** A secret a template or configuration defines (AWS::SecretsManager::Secret, aws_secretsmanager_secret). */
export interface SecretUnit {
  /** The secret's name as written, when it is a string. */
  readonly name?: string;
  /** Path of the name in the file. */
  readonly namePath: Path;
  readonly label: string;
}

/** A registry credential secret payload ({"username", "password"}): checked for shape, never printed. */
export interface PayloadUnit {
  readonly value: unknown;
  readonly filePath: (path: Path) => Path;
}

/** One IAM policy document found in a file, to be checked by the policy rules. */
export interface PolicyUnit {
  /** The policy document as written (for a policy given as a JSON string: the decoded object). */
  readonly document: Record<string, unknown>;
  /** Where a path in the document sits in the file; all paths of an embedded string map to the string. */
  readonly filePath: (documentPath: Path) => Path;
  /** The policy's name for messages (an inline policy name, a managed policy name, a file name). */
  readonly name: string;
  /** Where in the file, for messages: e.g. `role ecsTaskExecutionRole`; empty for a whole file. */
  readonly label: string;
  /** Identity policies need Resource; resource policies (secret, key, trust) need Principal. */
  readonly kind: 'identity' | 'resource';
  /** The document is a JSON string in the file: positions inside it are not known. */
  readonly embedded: boolean;
  /**
   * Checked under the default policy scope whatever it is attached to: a policy document linted as
   * a file of its own, a secret's or key's policy, a policy that names Secrets Manager, KMS,
   * Systems Manager, ECR or CloudWatch Logs resources (see iam/policy-scope).
   */
  readonly ecs?: boolean;
  /** The roles the policy reaches, for the default policy scope: it is checked if one serves ECS tasks. */
  readonly reach?: PolicyReach;
}

export interface PolicyReach {
  /**
   * The roles the policy is part of (an inline or trust policy) or attached to: records of the
   * file's own roles, or references and names of roles defined elsewhere.
   */
  readonly roles?: ReadonlyArray<RoleRecord | string>;
  /** The keys roles attach the policy by (a managed policy's ARN or reference). */
  readonly attachedAs?: readonly string[];
  /** Where the references mean these roles: a Terraform module's directory. */
  readonly scope?: string;
}

/** A finding before it has a severity from the settings and a message from its rule. */
export interface Finding {
  ruleId: string;
  messageId: string;
  range: Range;
  data?: Record<string, string | number>;
  /** The severity of this finding when the user has not set one for the rule. */
  severity?: Severity;
  fatal?: boolean;
  fix?: TextEdit;
  suggestions?: Suggestion[];
}

/**
 * The edits of structure a format can make in its own syntax, by path in the file (as the source
 * map takes them). Undefined where it cannot: the text there is not what was read (a value built
 * by a function, an alias), or the layout is one it does not edit.
 */
export interface DocumentEditor {
  /** Removes the member of an object, or the element of a list, at `path`. */
  remove(path: Path): TextEdit | undefined;
  /** Adds `key: value` to the object at `path`, as its first or last member. */
  insert(path: Path, key: string, value: string | number | boolean, position: 'first' | 'last'): TextEdit | undefined;
  /** How the file names a member of the model at `path` (CloudFormation: ExecutionRoleArn); default: as the model. */
  keyOf?(path: Path, member: string): string | undefined;
}

export interface LintDocument {
  readonly kind: InputKind;
  readonly sourceMap: SourceMap;
  /** Structural edits in the file's syntax, for fixes; absent: the format offers none. */
  readonly editor?: DocumentEditor;
  readonly taskDefinitions: readonly TaskDefinitionUnit[];
  readonly policies: readonly PolicyUnit[];
  readonly services?: readonly ServiceUnit[];
  readonly secrets?: readonly SecretUnit[];
  readonly payloads?: readonly PayloadUnit[];
  /** Roles, policies, secrets and keys the file itself defines (a template's resources). */
  readonly facts?: DocumentFacts;
}

/** What a template or Terraform reader found in a file, as a document of that kind. */
export function contentDocument(
  kind: InputKind,
  sourceMap: SourceMap,
  content: {
    units: readonly TaskDefinitionUnit[];
    policies: readonly PolicyUnit[];
    services: readonly ServiceUnit[];
    secrets: readonly SecretUnit[];
    facts: DocumentFacts;
  },
): LintDocument {
  return { kind, sourceMap, taskDefinitions: content.units, policies: content.policies, services: content.services, secrets: content.secrets, facts: content.facts };
}

/** What a loader makes of a file: a document (when it is an input it knows) and findings of its own. */
export interface LoadResult {
  document?: LintDocument;
  findings: Finding[];
  /** False when the file is not an input ecs-lint knows (e.g. package.json). */
  recognized: boolean;
}
