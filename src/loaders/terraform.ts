// Terraform configurations (.tf): aws_ecs_task_definition resources become task definition units in
// the API's camelCase shape (positions stay in the .tf file, inside jsonencode and heredocs too),
// aws_ecs_service resources become services, IAM, Secrets Manager and KMS resources become policy
// units and the facts the cross-resource checks use, as CloudFormation templates do.
//
// References between resources resolve like CloudFormation's: `aws_iam_role.exec.arn` is the
// string `${aws_iam_role.exec.arn}`, and the role's record lists that string among its aliases.
// A module is a directory: records carry it as their scope, so that a task definition in ecs.tf
// finds the role of iam.tf beside it, and not the one of the same name in another module.

import { contentDocument, type Finding, type LoadResult, type PolicyUnit, type SecretUnit, type ServiceUnit, type TaskDefinitionUnit } from './document';
import { FILE_START, type SourceText } from '../core/source-text';
import type { AwsContext, Path } from '../core/types';
import { TASK_DEFINITION_SHAPES } from '../generated/task-definition-shapes';
import { validateTaskDefinition } from '../generated/task-definition-validator';
import { parsePolicyDocument, type NamedPolicy } from '../iam/policy';
import { namesEcsResource } from '../iam/policy-scope';
import { scopedKey, type DocumentFacts, type KeyRecord, type PendingLink, type RoleRecord, type SecretRecord, type TerraformFacts } from '../facts/records';
import { UNKNOWN_VALUE } from '../core/unknown';
import { containerEntries, usesRegistryCredentials } from '../model/values';
import { isObject, withoutNulls } from '../core/values';
import { bodyItems, duplicateNames, namedChildren, type HclBlock } from './hcl/blocks';
import { HclEvaluator, type ReadFile } from './hcl/evaluator';
import { define, isReferenceText, keyed, leafAt, LocatedSourceMap, type Evaluated, type JsonDocument, type Located } from './hcl/located';
import { parseHcl, type HclFile } from './hcl/parser';
import { moduleContainerUnits } from './terraform-modules';

export interface TerraformOptions {
  /** The .tf file's path: its directory is the module (scope) and the base of file() paths. */
  fileName?: string;
  readFile?: ReadFile;
  /** The file as reports show it, for messages that name where a policy is (default: fileName). */
  displayName?: string;
}

export interface TerraformContent {
  units: TaskDefinitionUnit[];
  policies: PolicyUnit[];
  services: ServiceUnit[];
  secrets: SecretUnit[];
  facts: DocumentFacts;
  /** Links to resources this file does not define, for the run to apply once it knows them all. */
  pending: PendingLink[];
  /** Task definitions of this file that pull with registry credentials: family or alias → container. */
  registryAuth: Array<[string, string]>;
  findings: Finding[];
  /** Whether the file defines anything ecs-lint checks. */
  recognized: boolean;
}

/** Resource types that make a .tf file an input. */
const RELEVANT = /\b(?:aws_ecs_task_definition|aws_ecs_service|aws_iam_\w+|aws_secretsmanager_\w+|aws_kms_\w+|aws_db_instance|aws_rds_cluster|container_definitions)\b/;

/** The directory of a path, as the module it belongs to. */
export function directoryOf(fileName: string | undefined): string | undefined {
  if (fileName === undefined) return undefined;
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return slash < 0 ? '.' : slash === 0 ? '/' : fileName.slice(0, slash);
}


/**
 * The most characters of a .tf file the HCL parser reads (the middles of long strings are not
 * read, so do not count). The grammar makes a token of every character of a string, and a run
 * parses each file twice (its facts, then its findings): 4 million characters that cannot be
 * skipped (a tuple of 2 million numbers, strings full of "$") took 11-13 s and 0.8-1 GB. Larger
 * files get a finding instead; real configurations are far smaller.
 */
export const MAX_TERRAFORM_CHARACTERS = 4_000_000;

export function loadTerraform(text: string, options: TerraformOptions): LoadResult {
  return readTerraformFile(text, options).load;
}

/** A .tf file read once: what linting it gives, and what it tells the run (when it defines anything). */
export interface TerraformRead {
  load: LoadResult;
  facts?: TerraformFacts;
}

export function readTerraformFile(text: string, options: TerraformOptions): TerraformRead {
  const file = parseHcl(text, MAX_TERRAFORM_CHARACTERS);
  if ('tooLarge' in file) {
    const millions = (count: number) => `${(count / 1e6).toFixed(1)} million`;
    return {
      load: {
        recognized: RELEVANT.test(text),
        findings: [
          {
            ruleId: 'parse-error',
            messageId: 'too-large',
            range: FILE_START,
            data: { size: `${millions(file.tooLarge)} characters of HCL`, limit: `${millions(MAX_TERRAFORM_CHARACTERS)} for a .tf file (the insides of long strings not counted)` },
            fatal: true,
          },
        ],
      },
    };
  }
  try {
    if (file.error) {
      const { start, end, message } = file.error;
      return {
        load: {
          recognized: RELEVANT.test(text),
          findings: [
            {
              ruleId: 'parse-error',
              messageId: 'syntax',
              range: file.source.range(start, end - start),
              data: { format: 'HCL', problem: message },
              fatal: true,
            },
          ],
        },
      };
    }
    const sourceMap = new LocatedSourceMap(file.source);
    const content = readTerraform(file, options, sourceMap);
    // Every .tf file is an input (variables.tf, outputs.tf: a module's other parts), with nothing to
    // check unless it defines resources ecs-lint knows.
    if (!content.recognized) return { load: { recognized: true, findings: [] } };
    const document = contentDocument('terraform', sourceMap, content);
    return { load: { recognized: true, findings: [...duplicateFindings(file), ...content.findings], document }, facts: content };
  } finally {
    file.dispose();
  }
}

/**
 * Arguments set twice (Terraform refuses the file: "Attribute redefined") and object keys written
 * twice (Terraform keeps the last one), at the second name.
 */
function duplicateFindings(file: HclFile): Finding[] {
  const clip = (name: string) => (name.length > 60 ? `${name.slice(0, 59)}…` : name);
  return duplicateNames(file).map(({ kind, name, start, end, first }): Finding => {
    const range = file.source.range(start, end - start);
    const firstLine = file.source.position(first).line;
    if (kind === 'key') return { ruleId: 'parse-error', messageId: 'duplicate-key', range, data: { key: clip(name), firstLine } };
    const problem = `the argument "${clip(name)}" is already set at line ${firstLine}, and Terraform refuses an argument set twice ("Attribute redefined"); keep only one`;
    return { ruleId: 'parse-error', messageId: 'syntax', range, data: { format: 'HCL', problem } };
  });
}

/** What a .tf file tells the run: its records, its links to other files, its registry-auth task definitions. */
export function readTerraformFacts(text: string, options: TerraformOptions): TerraformFacts | undefined {
  if (!RELEVANT.test(text)) return undefined;
  return readTerraformFile(text, options).facts;
}

// ---------------------------------------------------------------------------------------------
// Resources as views: the HCL of a .tf file, or the values of a plan

/** A resource's (or a nested block's) arguments, whether written in HCL or recorded in a plan. */
export interface ResourceView {
  /** An argument's value; its location's key is the argument's name. Undefined when not set. */
  attribute(name: string): Evaluated | undefined;
  /** The nested blocks of a type; 'unknown' when generated (a dynamic block). */
  blocks(type: string): ResourceView[] | { unknown: Located };
  /** The block itself: its range, its type as key. */
  readonly loc: Located;
}

class HclView implements ResourceView {
  private readonly items: ReturnType<typeof bodyItems>;
  readonly loc: Located;

  constructor(
    private readonly evaluator: HclEvaluator,
    block: HclBlock,
  ) {
    this.items = bodyItems(block.body);
    const [start, end] = evaluator.span(block.node);
    const lastLabel = namedChildren(block.node).filter((child) => child.type === 'string_lit' || child.type === 'identifier').pop() ?? block.typeNode;
    this.loc = { start, end, key: [evaluator.span(block.typeNode)[0], evaluator.span(lastLabel)[1]] };
  }

  attribute(name: string): Evaluated | undefined {
    const attribute = this.items.attributes.find((candidate) => candidate.name === name);
    if (!attribute) return undefined;
    const value = this.evaluator.evaluate(attribute.expression);
    return { ...value, loc: keyed(value.loc, this.evaluator.span(attribute.nameNode)) };
  }

  blocks(type: string): ResourceView[] | { unknown: Located } {
    const dynamic = this.items.blocks.find((block) => block.type === 'dynamic' && block.labels[0] === type);
    if (dynamic) {
      const [start, end] = this.evaluator.span(dynamic.node);
      return { unknown: { start, end, key: this.evaluator.span(dynamic.typeNode), opaque: true } };
    }
    return this.items.blocks.filter((block) => block.type === type).map((block) => new HclView(this.evaluator, block));
  }

  has(name: string): boolean {
    return this.items.attributes.some((attribute) => attribute.name === name) || this.items.blocks.some((block) => block.type === name || (block.type === 'dynamic' && block.labels[0] === name));
  }
}

// ---------------------------------------------------------------------------------------------
// aws_ecs_task_definition → RegisterTaskDefinition

type Kind = 'string' | 'number' | 'boolean' | 'strings' | 'map' | 'keyValues';

interface MemberSpec {
  member: string;
  kind?: Kind;
  /** A nested block (or blocks, when repeated) with its own arguments. */
  block?: Record<string, MemberSpec>;
  repeated?: boolean;
  /** The value goes one level down: host_path → host.sourcePath. */
  wrap?: string;
}

const s = (member: string, kind: Kind = 'string'): MemberSpec => ({ member, kind });
const block = (member: string, spec: Record<string, MemberSpec>, repeated = false): MemberSpec => ({ member, block: spec, repeated });

/** The provider's arguments and blocks, and the API members they become. */
const TASK_DEFINITION_SPEC: Record<string, MemberSpec> = {
  family: s('family'),
  task_role_arn: s('taskRoleArn'),
  execution_role_arn: s('executionRoleArn'),
  network_mode: s('networkMode'),
  requires_compatibilities: s('requiresCompatibilities', 'strings'),
  cpu: s('cpu'),
  memory: s('memory'),
  pid_mode: s('pidMode'),
  ipc_mode: s('ipcMode'),
  enable_fault_injection: s('enableFaultInjection', 'boolean'),
  runtime_platform: block('runtimePlatform', { operating_system_family: s('operatingSystemFamily'), cpu_architecture: s('cpuArchitecture') }),
  ephemeral_storage: block('ephemeralStorage', { size_in_gib: s('sizeInGiB', 'number') }),
  placement_constraints: block('placementConstraints', { type: s('type'), expression: s('expression') }, true),
  inference_accelerator: block('inferenceAccelerators', { device_name: s('deviceName'), device_type: s('deviceType') }, true),
  proxy_configuration: block('proxyConfiguration', { type: s('type'), container_name: s('containerName'), properties: s('properties', 'keyValues') }),
  volume: block(
    'volumes',
    {
      name: s('name'),
      host_path: { member: 'host', kind: 'string', wrap: 'sourcePath' },
      configure_at_launch: s('configuredAtLaunch', 'boolean'),
      docker_volume_configuration: block('dockerVolumeConfiguration', {
        scope: s('scope'),
        autoprovision: s('autoprovision', 'boolean'),
        driver: s('driver'),
        driver_opts: s('driverOpts', 'map'),
        labels: s('labels', 'map'),
      }),
      efs_volume_configuration: block('efsVolumeConfiguration', {
        file_system_id: s('fileSystemId'),
        root_directory: s('rootDirectory'),
        transit_encryption: s('transitEncryption'),
        transit_encryption_port: s('transitEncryptionPort', 'number'),
        authorization_config: block('authorizationConfig', { access_point_id: s('accessPointId'), iam: s('iam') }),
      }),
      fsx_windows_file_server_volume_configuration: block('fsxWindowsFileServerVolumeConfiguration', {
        file_system_id: s('fileSystemId'),
        root_directory: s('rootDirectory'),
        authorization_config: block('authorizationConfig', { credentials_parameter: s('credentialsParameter'), domain: s('domain') }),
      }),
    },
    true,
  ),
};

/** Terraform converts an argument to its schema type: 256 to "256" for a string, "2" to 2 for a number. */
function convertScalar(value: unknown, kind: Kind): unknown {
  switch (kind) {
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    case 'number':
      return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'strings':
      return Array.isArray(value) ? value.map((item) => convertScalar(item, 'string')) : value;
    default:
      return value;
  }
}

function convertBody(view: ResourceView, spec: Record<string, MemberSpec>, unknown: () => string): { value: Record<string, unknown>; loc: Located } {
  const value: Record<string, unknown> = {};
  const members = new Map<string, Located>();
  for (const [name, member] of Object.entries(spec)) {
    if (member.block) {
      const blocks = view.blocks(name);
      if (!Array.isArray(blocks)) {
        define(value, member.member, unknown());
        members.set(member.member, blocks.unknown);
        continue;
      }
      const converted = blocks.map((nested) => convertBody(nested, member.block!, unknown));
      if (member.repeated) {
        if (converted.length === 0) continue;
        define(value, member.member, converted.map((item) => item.value));
        const first = converted[0]!.loc;
        const last = converted[converted.length - 1]!.loc;
        members.set(member.member, { start: first.start, end: last.end, ...(first.key ? { key: first.key } : {}), items: converted.map((item) => item.loc) });
      } else if (converted[0]) {
        define(value, member.member, converted[0].value);
        members.set(member.member, converted[0].loc);
      }
      continue;
    }
    const argument = view.attribute(name);
    if (!argument || argument.value === null) continue;
    if (member.kind === 'keyValues') {
      if (isObject(argument.value) && !argument.loc.opaque) {
        const entries = Object.entries(argument.value);
        define(value, member.member, entries.map(([key, item]) => ({ name: key, value: convertScalar(item, 'string') })));
        members.set(member.member, {
          ...argument.loc,
          items: entries.map(([key]) => {
            const at = argument.loc.members?.get(key) ?? argument.loc;
            return { ...at, members: new Map([['name', { ...at, ...(at.key ? { start: at.key[0], end: at.key[1] } : {}) }], ['value', at]]) };
          }),
        });
      } else {
        define(value, member.member, argument.value);
        members.set(member.member, argument.loc);
      }
      continue;
    }
    const converted = convertScalar(argument.value, member.kind ?? 'string');
    if (member.wrap) {
      define(value, member.member, { [member.wrap]: converted });
      members.set(member.member, { ...argument.loc, members: new Map([[member.wrap, argument.loc]]) });
    } else {
      define(value, member.member, converted);
      members.set(member.member, argument.loc);
    }
  }
  return { value, loc: { ...view.loc, members } };
}

/** A JSON document argument (container_definitions, policy): its value, or why there is none. */
export function jsonArgument(argument: Evaluated | undefined): JsonDocument {
  if (!argument) return { kind: 'unknown' };
  return argument.document?.() ?? { kind: 'unknown' };
}

/**
 * A value whose type is not known (a bare reference) where the API needs another type than a
 * string stands for a value of that type: unknown, never a type error. The validator says where.
 */
export function settleUnknownTypes(model: Record<string, unknown>, loc: Located): void {
  for (let pass = 0; pass < 4; pass++) {
    if (validateTaskDefinition(model)) return;
    let changed = false;
    for (const error of validateTaskDefinition.errors ?? []) {
      if (error.keyword !== 'type') continue;
      const path = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
      let node: Located | undefined = loc;
      let parent: unknown;
      let value: unknown = model;
      for (const segment of path) {
        parent = value;
        if (Array.isArray(value)) {
          value = value[Number(segment)];
          node = node?.items?.[Number(segment)];
        } else if (isObject(value)) {
          value = value[segment];
          node = node?.members?.get(segment);
        } else {
          node = undefined;
        }
      }
      const last = path[path.length - 1];
      if (!node?.opaque || last === undefined || value === UNKNOWN_VALUE) continue;
      if (Array.isArray(parent)) parent[Number(last)] = UNKNOWN_VALUE;
      else if (isObject(parent)) parent[last] = UNKNOWN_VALUE;
      else continue;
      changed = true;
    }
    if (!changed) return;
  }
}

export interface TaskDefinitionParts {
  model: Record<string, unknown>;
  loc: Located;
  /** container_definitions could not be read as JSON: where and why. */
  invalid?: { message: string; start: number; end: number };
  /**
   * container_definitions holds a whole task definition ({family, containerDefinitions: [...]}),
   * which the provider refuses: its containers are linted, its task-level members named.
   */
  wholeTaskDefinition?: { start: number; end: number; arguments: string[]; outputs: string[] };
}

/** The resource's argument (or block) for each task-level member of the API. */
const ARGUMENT_OF_MEMBER = new Map(Object.entries(TASK_DEFINITION_SPEC).map(([argument, spec]) => [spec.member.toLowerCase(), { member: spec.member, argument: spec.block ? `${argument} block` : argument }]));
ARGUMENT_OF_MEMBER.set('tags', { member: 'tags', argument: 'tags' });
const OUTPUT_MEMBERS = new Set(['taskdefinitionarn', 'revision', 'status', 'requiresattributes', 'compatibilities', 'registeredat', 'deregisteredat', 'deleterequestedat', 'registeredby']);

/**
 * The containers of a whole task definition written where the container list goes, and its other
 * members: those the resource has arguments for are taken where the resource leaves them unset, as
 * the user meant them; describe-task-definition's output members are named to leave out.
 */
function unwrapTaskDefinition(
  value: unknown,
  loc: Located,
  model: Record<string, unknown>,
  members: Map<string, Located>,
): { containers: unknown; loc: Located; arguments: string[]; outputs: string[] } | undefined {
  if (!isObject(value)) return undefined;
  const key = Object.keys(value).find((name) => name.toLowerCase() === 'containerdefinitions');
  const containersLoc = key === undefined ? undefined : loc.members?.get(key);
  if (key === undefined || !Array.isArray(value[key]) || !containersLoc) return undefined;
  const found = { containers: value[key], loc: containersLoc, arguments: [] as string[], outputs: [] as string[] };
  for (const [name, member] of Object.entries(value)) {
    if (name === key) continue;
    const known = ARGUMENT_OF_MEMBER.get(name.toLowerCase());
    if (!known) {
      if (OUTPUT_MEMBERS.has(name.toLowerCase())) found.outputs.push(name);
      continue;
    }
    found.arguments.push(known.argument);
    const at = loc.members?.get(name);
    if (known.member !== 'tags' && model[known.member] === undefined && at) {
      define(model, known.member, member);
      members.set(known.member, at);
    }
  }
  return found;
}

/** The RegisterTaskDefinition input an aws_ecs_task_definition (in HCL or a plan) describes. */
export function taskDefinitionModel(view: ResourceView, unknown: () => string): TaskDefinitionParts {
  const { value: model, loc } = convertBody(view, TASK_DEFINITION_SPEC, unknown);
  const argument = view.attribute('container_definitions');
  let invalid: TaskDefinitionParts['invalid'];
  let wholeTaskDefinition: TaskDefinitionParts['wholeTaskDefinition'];
  if (argument && argument.value !== null) {
    const document = jsonArgument(argument);
    if (document.kind === 'value') {
      const members = loc.members!;
      const whole = unwrapTaskDefinition(withoutNulls(document.value), document.loc, model, members);
      if (whole) wholeTaskDefinition = { start: argument.loc.start, end: argument.loc.end, arguments: whole.arguments, outputs: whole.outputs };
      // The provider decodes the JSON as Go does: nulls are absent, member names match in any case.
      const containers = whole ? whole.containers : withoutNulls(document.value);
      const containersLoc = whole ? whole.loc : keyed(document.loc, argument.loc.key);
      canonicalNames(containers, containersLoc, 'ContainerDefinitions');
      define(model, 'containerDefinitions', containers);
      members.set('containerDefinitions', containersLoc);
    } else {
      // Not known here (a data source, a variable): containers are not checked.
      define(model, 'containerDefinitions', UNKNOWN_VALUE);
      loc.members!.set('containerDefinitions', argument.loc);
      if (document.kind === 'invalid') invalid = { message: document.message, start: document.start, end: document.end };
    }
  }
  // Keep the API's member order (containerDefinitions after family).
  settleUnknownTypes(model, loc);
  return { model, loc, ...(invalid ? { invalid } : {}), ...(wholeTaskDefinition ? { wholeTaskDefinition } : {}) };
}

/**
 * Member names as the API spells them where the JSON has them in another case ("entrypoint"):
 * the provider's JSON decoder matches names without regard to case, so they work.
 */
function canonicalNames(value: unknown, loc: Located | undefined, shapeName: string | undefined): void {
  const shape = shapeName ? TASK_DEFINITION_SHAPES[shapeName] : undefined;
  if (!shape) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => canonicalNames(item, loc?.items?.[index], shape.items));
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    let member = key;
    if (shape.properties && !shape.properties.includes(key)) {
      const known = shape.properties.find((property) => property.toLowerCase() === key.toLowerCase());
      if (known && !(known in value)) {
        define(value, known, value[key]);
        delete value[key];
        const at = loc?.members?.get(key);
        if (loc?.members && at) {
          loc.members.delete(key);
          loc.members.set(known, at);
        }
        member = known;
      }
    }
    const child = shape.properties ? shape.children?.[member] : shape.values;
    canonicalNames(value[member], loc?.members?.get(member), child);
  }
}

/** The first container that pulls with registry credentials, for services elsewhere in the run. */
export function registryAuthContainer(model: Record<string, unknown>): string | undefined {
  const platform = model.runtimePlatform;
  if (isObject(platform) && typeof platform.operatingSystemFamily === 'string' && platform.operatingSystemFamily.startsWith('WINDOWS')) return undefined;
  return containerEntries(model).find((entry) => usesRegistryCredentials(entry.container))?.label;
}

// ---------------------------------------------------------------------------------------------
// Policy documents

/** A policy document value with positions, its unknown parts settled as the policy rules expect. */
export function settlePolicy(document: Record<string, unknown>, loc: Located): void {
  const statementLoc = loc.members?.get('Statement');
  const statement = document.Statement;
  if (statement === undefined) return;
  if (statementLoc?.opaque || (typeof statement === 'string' && statement.includes('${'))) {
    document.Statement = UNKNOWN_VALUE;
    return;
  }
  const settle = (value: unknown, at: Located | undefined): unknown => {
    if (at?.opaque || (typeof value === 'string' && value.includes('${'))) return UNKNOWN_VALUE;
    if (!isObject(value)) return value;
    const condition = value.Condition;
    const conditionLoc = at?.members?.get('Condition');
    if (conditionLoc?.opaque || (typeof condition === 'string' && condition.includes('${'))) return UNKNOWN_VALUE;
    // A condition whose operator is not known may hold or not.
    if (isObject(condition) && Object.keys(condition).some((operator) => operator.includes('${') || conditionLoc?.members?.get(operator)?.opaque)) return UNKNOWN_VALUE;
    return value;
  };
  if (Array.isArray(statement)) document.Statement = statement.map((item, index) => settle(item, statementLoc?.items?.[index]));
  else document.Statement = settle(statement, statementLoc);
}

/** Whether a document's statements name principals (a trust, key or secret policy). */
function hasPrincipal(document: Record<string, unknown>): boolean {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.some((statement) => isObject(statement) && ('Principal' in statement || 'NotPrincipal' in statement));
}

// ---------------------------------------------------------------------------------------------
// The file

/** A resource or data source of a module, whether read from HCL or from a plan. */
export interface TfResource {
  mode: 'resource' | 'data';
  type: string;
  name: string;
  view: ResourceView;
  /** `aws_iam_role.exec`, `data.aws_iam_policy_document.p`: as references name it within its module. */
  address: string;
  /** count or for_each: references may carry an index ([0]). */
  counted: boolean;
}

/** References to a resource attribute, with and without the index of a counted resource. */
function references(resource: TfResource, attributes: readonly string[]): string[] {
  const forms: string[] = [];
  for (const attribute of attributes) {
    forms.push(`\${${resource.address}.${attribute}}`);
    if (resource.counted) forms.push(`\${${resource.address}[0].${attribute}}`);
  }
  return forms;
}

/** `aws_iam_role.exec` from `${aws_iam_role.exec.name}` or `${aws_iam_role.exec[0].arn}`. */
function referencedAddress(value: unknown): string | undefined {
  if (!isReferenceText(value)) return undefined;
  const match = /^\$\{((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.[A-Za-z_][\w-]*\}$/.exec(value);
  return match?.[1];
}

export function emptyContent(): TerraformContent {
  return {
    units: [],
    policies: [],
    services: [],
    secrets: [],
    facts: { roles: [], managed: [], secrets: [], keys: [] },
    pending: [],
    registryAuth: [],
    findings: [],
    recognized: false,
  };
}

function readTerraform(file: HclFile, options: TerraformOptions, sourceMap: LocatedSourceMap): TerraformContent {
  const scope = directoryOf(options.fileName);
  let unknownCount = 0;
  const unknown = () => `\${Unresolved.${++unknownCount}}`;
  const evaluator = new HclEvaluator(file, { ...(scope !== undefined ? { directory: scope } : {}), ...(options.readFile ? { readFile: options.readFile } : {}), unknown });
  const resources: TfResource[] = [];
  const modules: Array<{ name: string; view: HclView }> = [];
  let providerRegion: string | undefined;
  let providers = 0;
  for (const topBlock of bodyItems(namedChildren(file.root).find((node) => node.type === 'body')).blocks) {
    if ((topBlock.type === 'resource' || topBlock.type === 'data') && topBlock.labels.length === 2) {
      const [type, name] = topBlock.labels as [string, string];
      const view = new HclView(evaluator, topBlock);
      resources.push({
        mode: topBlock.type,
        type,
        name,
        view,
        address: `${topBlock.type === 'data' ? 'data.' : ''}${type}.${name}`,
        counted: view.has('count') || view.has('for_each'),
      });
    } else if (topBlock.type === 'module' && topBlock.labels.length === 1) {
      modules.push({ name: topBlock.labels[0]!, view: new HclView(evaluator, topBlock) });
    } else if (topBlock.type === 'provider' && topBlock.labels[0] === 'aws') {
      const view = new HclView(evaluator, topBlock);
      if (view.has('alias')) continue;
      providers++;
      const region = view.attribute('region')?.value;
      if (typeof region === 'string' && /^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(region)) providerRegion = region;
    }
  }
  const context: AwsContext = { ...(providers === 1 && providerRegion ? { region: providerRegion } : {}) };
  const register = (loc: Located): Path => sourceMap.register(loc);
  const content = emptyContent();
  readResources(resources, { ...(scope !== undefined ? { scope } : {}), origin: options.displayName ?? options.fileName ?? '', unknown, register, source: file.source, context }, content);
  for (const { name, view } of modules) {
    const json = (argument: Evaluated) => {
      const document = jsonArgument(argument);
      return document.kind === 'value' ? { value: document.value, loc: document.loc } : undefined;
    };
    const units = moduleContainerUnits(view, { address: `module.${name}`, ...(scope !== undefined ? { scope } : {}), context, register, json, settle: settleUnknownTypes });
    if (units.length > 0) content.recognized = true;
    content.units.push(...units);
  }
  return content;
}

export interface ReadContext {
  /** The module: a directory, or a module of a plan. */
  scope?: string;
  /** The file, for messages that name a policy's origin. */
  origin: string;
  unknown: () => string;
  /** Registers a value's positions; returns the path that addresses them in the source map. */
  register: (loc: Located) => Path;
  source: SourceText;
  context: AwsContext;
}

/** The units and facts of one module's resources, added to `content`. */
export function readResources(resources: readonly TfResource[], ctx: ReadContext, content: TerraformContent): void {
  const { scope, unknown, register } = ctx;
  const origin = ctx.origin;
  const { context, source } = ctx;
  const of = (type: string, mode: TfResource['mode'] = 'resource') => resources.filter((resource) => resource.type === type && resource.mode === mode);
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const literal = (value: unknown): string | undefined => (typeof value === 'string' && !value.includes('${') ? value : undefined);
  const named = (policyName: string, document: Record<string, unknown>): NamedPolicy => ({ source: { name: policyName, file: origin }, document: parsePolicyDocument(document) });

  // Data sources: policy documents in IAM's JSON shape.
  // Their policy units come last: how the file uses a document tells its kind (trust policy or role policy).
  // Where each is used tells whether it is in the default policy scope: the roles it reaches here,
  // the keys roles attach it by (its own, from other files), or a secret's or key's policy (always).
  interface DataDocument {
    document: Record<string, unknown>;
    loc: Located;
    resource: TfResource;
    uses: Set<PolicyUnit['kind']>;
    /** Its own keys (another file's resources use it by them). */
    keys: string[];
    /** Where this file uses it, each filled in as the file's links are read. */
    reaches: Reach[];
    always: boolean;
  }
  /** Where a policy reaches, filled in as the file is read: an attachment further down adds its role. */
  interface Reach {
    roles: Array<RoleRecord | string>;
    attachedAs: string[];
    scope?: string;
  }
  const reach = (roles: Array<RoleRecord | string> = [], attachedAs: string[] = []): Reach => ({ roles, attachedAs, ...(scope !== undefined ? { scope } : {}) });
  /** The reaches of this file's managed policies, by the keys roles attach them by. */
  const reachByKey = new Map<string, Reach>();
  const dataDocuments = new Map<string, DataDocument>();
  for (const resource of of('aws_iam_policy_document', 'data')) {
    content.recognized = true;
    const { document, loc } = dataPolicyDocument(resource, unknown);
    settlePolicy(document, loc);
    const keys = references(resource, ['json', 'minified_json']).map((key) => scopedKey(key, scope));
    dataDocuments.set(resource.name, { document, loc, resource, uses: new Set(), keys, reaches: [], always: false });
    const policy = named(resource.name, document);
    for (const key of keys) content.facts.managed.push({ arn: key, policy });
  }

  /**
   * A policy argument: jsonencode, a heredoc or file() (a policy unit of its own), or a data
   * source's document (already a unit). Undefined when not known statically.
   */
  const policyArgument = (
    view: ResourceView,
    argumentName: string,
    policyName: string,
    label: string,
    kind: PolicyUnit['kind'] | undefined,
    /** Where the policy reaches, for the default policy scope; none: always checked (a secret's or key's policy). */
    where?: Reach,
  ): { policy: NamedPolicy } | { key: string } | undefined => {
    const argument = view.attribute(argumentName);
    if (!argument || argument.value === null) return undefined;
    const address = referencedAddress(argument.value);
    if (address?.startsWith('data.aws_iam_policy_document.')) {
      const local = dataDocuments.get(address.slice('data.aws_iam_policy_document.'.length));
      if (local) {
        if (kind) local.uses.add(kind);
        if (where) local.reaches.push(where);
        else local.always = true;
        return { policy: named(policyName, local.document) };
      }
      return { key: scopedKey(argument.value as string, scope) };
    }
    const document = jsonArgument(argument);
    if (document.kind === 'invalid') {
      content.findings.push({
        ruleId: 'parse-error',
        messageId: 'syntax',
        range: source.range(document.start, document.end - document.start),
        data: { format: `JSON in ${argumentName} of ${label}`, problem: document.message },
      });
      return undefined;
    }
    if (document.kind !== 'value' || !isObject(document.value) || document.loc.opaque) return undefined;
    const value = document.value;
    settlePolicy(value, document.loc);
    const prefix = register(keyed(document.loc, argument.loc.key));
    content.policies.push({
      document: value,
      filePath: (path) => [...prefix, ...path],
      name: policyName,
      label,
      kind: kind ?? (hasPrincipal(value) ? 'resource' : 'identity'),
      embedded: document.loc.leaf === true,
      ecs: !where || namesEcsResource(value),
      ...(where ? { reach: where } : {}),
    });
    return { policy: named(policyName, value) };
  };

  // Roles, with their inline policies and the managed policies they list.
  const roles = new Map<string, RoleRecord>();
  for (const resource of of('aws_iam_role')) {
    content.recognized = true;
    const { view } = resource;
    const name = literal(view.attribute('name')?.value);
    const record: RoleRecord = {
      name: name ?? resource.address,
      aliases: references(resource, ['arn', 'name', 'id', 'unique_id']),
      ...(scope !== undefined ? { scope } : {}),
      inline: [],
      attached: [],
      origin,
    };
    const roleArn = literal(view.attribute('arn')?.value);
    if (roleArn?.startsWith('arn:')) record.arn = roleArn;
    const own = reach([record]);
    const trust = policyArgument(view, 'assume_role_policy', `trust policy of ${resource.address}`, resource.address, 'resource', own);
    if (trust) record.trust = 'policy' in trust ? trust.policy : trust.key;
    const inline = view.blocks('inline_policy');
    if (Array.isArray(inline)) {
      inline.forEach((policyBlock, index) => {
        const policyName = literal(policyBlock.attribute('name')?.value) ?? `${resource.address} inline policy #${index + 1}`;
        const result = policyArgument(policyBlock, 'policy', policyName, resource.address, 'identity', own);
        if (result && 'policy' in result) record.inline.push(result.policy);
        else if (result) record.attached.push(result.key);
      });
    } else {
      // Generated inline policies: they may allow anything.
      record.attached.push(unknown());
    }
    const managed = view.attribute('managed_policy_arns');
    if (managed) {
      if (Array.isArray(managed.value)) {
        managed.value.forEach((arn, index) => {
          if (typeof arn !== 'string') return;
          record.attached.push(managed.loc.items?.[index]?.opaque || arn.startsWith('${') ? scopedKey(arn, scope) : arn);
        });
      } else {
        record.attached.push(unknown());
      }
    }
    roles.set(resource.address, record);
    content.facts.roles.push(record);
  }
  const roleOf = (target: unknown): RoleRecord | undefined => {
    if (typeof target !== 'string') return undefined;
    const address = referencedAddress(target);
    if (address) return roles.get(address);
    return [...roles.values()].find((role) => role.name === target);
  };
  const linkRole = (target: unknown, policy: { policy: NamedPolicy } | { key: string } | undefined) => {
    if (!policy || typeof target !== 'string') return;
    const role = roleOf(target);
    // This file's managed policy attached to this file's role: known here, whatever other files hold.
    if (role && 'key' in policy) reachByKey.get(policy.key)?.roles.push(role);
    if ('policy' in policy) {
      if (role) role.inline.push(policy.policy);
      else content.pending.push({ kind: 'role-inline', role: target, ...(scope !== undefined ? { scope } : {}), policy: policy.policy });
    } else if (role) {
      if (!role.attached.includes(policy.key)) role.attached.push(policy.key);
    } else {
      content.pending.push({ kind: 'role-attached', role: target, ...(scope !== undefined ? { scope } : {}), arn: policy.key });
    }
  };

  for (const resource of of('aws_iam_role_policy')) {
    content.recognized = true;
    const { view } = resource;
    const policyName = literal(view.attribute('name')?.value) ?? resource.address;
    const role = view.attribute('role')?.value;
    const result = policyArgument(view, 'policy', policyName, resource.address, 'identity', reach(typeof role === 'string' ? [roleOf(role) ?? role] : []));
    linkRole(role, result);
  }

  // Managed policies, attached by aws_iam_role_policy_attachment or aws_iam_policy_attachment.
  for (const resource of of('aws_iam_policy')) {
    content.recognized = true;
    const { view } = resource;
    const policyName = literal(view.attribute('name')?.value) ?? resource.address;
    const keys = references(resource, ['arn', 'id']).map((key) => scopedKey(key, scope));
    // A plan or state knows the ARN of a policy that exists.
    const arn = literal(view.attribute('arn')?.value);
    if (arn?.startsWith('arn:')) keys.push(arn);
    const where = reach([], keys);
    for (const key of keys) reachByKey.set(key, where);
    const result = policyArgument(view, 'policy', policyName, resource.address, 'identity', where);
    if (!result || !('policy' in result)) continue;
    for (const key of keys) content.facts.managed.push({ arn: key, policy: result.policy });
  }
  const managedKey = (value: unknown, at: Located | undefined): string | undefined => {
    if (typeof value !== 'string') return undefined;
    return at?.opaque || value.startsWith('${') ? scopedKey(value, scope) : value;
  };
  for (const resource of of('aws_iam_role_policy_attachment')) {
    content.recognized = true;
    const arn = resource.view.attribute('policy_arn');
    const key = managedKey(arn?.value, arn?.loc);
    if (key) linkRole(resource.view.attribute('role')?.value, { key });
  }
  for (const resource of of('aws_iam_policy_attachment')) {
    content.recognized = true;
    const arn = resource.view.attribute('policy_arn');
    const key = managedKey(arn?.value, arn?.loc);
    const targets = resource.view.attribute('roles')?.value;
    if (key && Array.isArray(targets)) for (const target of targets) linkRole(target, { key });
  }

  // Keys and their aliases and policies.
  for (const resource of of('aws_kms_key')) {
    content.recognized = true;
    const key: KeyRecord = { aliases: references(resource, ['arn', 'key_id', 'id']), ...(scope !== undefined ? { scope } : {}), aliasNames: [] };
    const keyArn = literal(resource.view.attribute('arn')?.value);
    if (keyArn?.startsWith('arn:')) key.arn = keyArn;
    const result = policyArgument(resource.view, 'policy', `key policy of ${resource.address}`, resource.address, 'resource');
    if (result && 'policy' in result) key.keyPolicy = result.policy;
    content.facts.keys.push(key);
  }
  const keyOf = (target: string): KeyRecord | undefined => content.facts.keys.find((key) => key.aliases.includes(target));
  for (const resource of of('aws_kms_key_policy')) {
    content.recognized = true;
    const target = text(resource.view.attribute('key_id')?.value);
    const result = policyArgument(resource.view, 'policy', `key policy of ${resource.address}`, resource.address, 'resource');
    if (!target || !result || !('policy' in result)) continue;
    const key = keyOf(target);
    if (key) key.keyPolicy ??= result.policy;
    else content.pending.push({ kind: 'key-policy', key: target, ...(scope !== undefined ? { scope } : {}), policy: result.policy });
  }
  for (const resource of of('aws_kms_alias')) {
    const aliasName = literal(resource.view.attribute('name')?.value);
    const target = text(resource.view.attribute('target_key_id')?.value);
    if (!aliasName || !target) continue;
    const key = keyOf(target);
    if (key) key.aliasNames.push(aliasName);
    else content.pending.push({ kind: 'key-alias', key: target, ...(scope !== undefined ? { scope } : {}), alias: aliasName });
  }

  // Secrets, their names (secret-name) and resource policies.
  for (const resource of of('aws_secretsmanager_secret')) {
    content.recognized = true;
    const { view } = resource;
    const nameArgument = view.attribute('name');
    const name = text(nameArgument?.value);
    const record: SecretRecord = { aliases: references(resource, ['arn', 'id']), ...(scope !== undefined ? { scope } : {}), origin };
    const secretArn = literal(view.attribute('arn')?.value);
    if (secretArn?.startsWith('arn:')) record.arn = secretArn;
    if (name !== undefined && !nameArgument?.loc.opaque) record.name = name;
    const kms = view.attribute('kms_key_id');
    if (!kms || kms.value === null) record.kmsKeyId = null;
    else if (typeof kms.value === 'string') record.kmsKeyId = /(^|:)alias\/aws\/secretsmanager$/.test(kms.value) ? null : kms.value;
    const result = policyArgument(view, 'policy', `resource policy of ${resource.address}`, resource.address, 'resource');
    if (result && 'policy' in result) record.resourcePolicy = result.policy;
    const tags = view.attribute('tags')?.value;
    if (isObject(tags)) {
      const known: Record<string, string> = {};
      for (const [key, value] of Object.entries(tags)) if (typeof value === 'string' && !value.includes('${') && !key.includes('${')) Object.defineProperty(known, key, { value, enumerable: true });
      if (Object.keys(known).length > 0) record.tags = known;
    }
    content.facts.secrets.push(record);
    if (nameArgument) {
      const prefix = register(nameArgument.loc);
      const secret: SecretUnit = { namePath: prefix, label: resource.address };
      if (name !== undefined && !name.includes('${')) (secret as { name?: string }).name = name;
      content.secrets.push(secret);
    }
  }
  // What a secret holds: the keys of a JSON secret string (for valueFrom's ":key::").
  for (const resource of of('aws_secretsmanager_secret_version')) {
    const target = text(resource.view.attribute('secret_id')?.value);
    const document = jsonArgument(resource.view.attribute('secret_string'));
    const secret = target === undefined ? undefined : content.facts.secrets.find((record) => record.aliases?.includes(target));
    if (secret && document.kind === 'value' && isObject(document.value)) secret.jsonKeys = Object.keys(document.value);
  }
  // RDS keeps a managed master user password in a secret of its own: {"username", "password"},
  // encrypted with master_user_secret_kms_key_id or else the AWS managed key aws/secretsmanager.
  for (const resource of [...of('aws_db_instance'), ...of('aws_rds_cluster')]) {
    if (resource.view.attribute('manage_master_user_password')?.value !== true) continue;
    content.recognized = true;
    const kms = text(resource.view.attribute('master_user_secret_kms_key_id')?.value);
    content.facts.secrets.push({
      aliases: references(resource, ['master_user_secret[0].secret_arn']),
      ...(scope !== undefined ? { scope } : {}),
      kmsKeyId: kms ?? null,
      jsonKeys: ['username', 'password'],
      origin,
    });
  }
  for (const resource of of('aws_secretsmanager_secret_policy')) {
    content.recognized = true;
    const target = text(resource.view.attribute('secret_arn')?.value);
    const result = policyArgument(resource.view, 'policy', `resource policy of ${resource.address}`, resource.address, 'resource');
    if (!target || !result || !('policy' in result)) continue;
    const secret = content.facts.secrets.find((record) => record.aliases?.includes(target));
    if (secret) secret.resourcePolicy ??= result.policy;
    else content.pending.push({ kind: 'secret-policy', secret: target, ...(scope !== undefined ? { scope } : {}), policy: result.policy });
  }

  // Task definitions.
  for (const resource of of('aws_ecs_task_definition')) {
    content.recognized = true;
    const parts = taskDefinitionModel(resource.view, unknown);
    const prefix = register(parts.loc);
    const aliases = [
      ...references(resource, ['arn', 'arn_without_revision', 'id', 'family']),
      `\${${resource.address}.family}:\${${resource.address}.revision}`,
    ];
    const scopedAliases = aliases.map((alias) => scopedKey(alias, scope));
    content.units.push({
      model: parts.model,
      filePath: (path) => [...prefix, ...path],
      context,
      partial: false,
      symbolic: true,
      label: resource.address,
      aliases: [...aliases, ...scopedAliases],
      dropsUnknownContainerMembers: true,
      ...(scope !== undefined ? { scope } : {}),
    });
    if (parts.invalid) {
      content.findings.push({
        ruleId: 'parse-error',
        messageId: 'syntax',
        range: source.range(parts.invalid.start, parts.invalid.end - parts.invalid.start),
        data: { format: `JSON in container_definitions of ${resource.address}`, problem: parts.invalid.message },
      });
    }
    if (parts.wholeTaskDefinition) {
      const { start, end, arguments: moved, outputs } = parts.wholeTaskDefinition;
      const advice = [
        moved.length > 0 ? `; the task's other members are arguments of the resource: ${moved.join(', ')}` : '',
        outputs.length > 0 ? `; leave out ${outputs.join(', ')}: describe-task-definition's output, not input` : '',
      ].join('');
      content.findings.push({
        ruleId: 'schema',
        messageId: 'whole-task-definition',
        range: source.range(start, end - start),
        data: { resource: resource.address, advice },
      });
    }
    const container = registryAuthContainer(parts.model);
    if (container) {
      if (typeof parts.model.family === 'string' && !parts.model.family.includes('${')) content.registryAuth.push([parts.model.family, container]);
      for (const alias of scopedAliases) content.registryAuth.push([alias, container]);
    }
  }

  // Services.
  for (const resource of of('aws_ecs_service')) {
    content.recognized = true;
    const { value, loc } = convertBody(resource.view, SERVICE_SPEC, unknown);
    const model: ServiceUnit['model'] = {};
    for (const key of ['launchType', 'platformVersion', 'capacityProviderStrategy', 'taskDefinition'] as const) {
      if (value[key] !== undefined) model[key] = value[key];
    }
    // A task definition of another file of the module is known to the run by its qualified reference.
    if (typeof model.taskDefinition === 'string' && model.taskDefinition.includes('${aws_ecs_task_definition.')) {
      const local = content.units.some((unit) => unit.aliases?.includes(model.taskDefinition as string));
      if (!local) model.taskDefinition = scopedKey(model.taskDefinition, scope);
    }
    const prefix = register(loc);
    const serviceName = literal(resource.view.attribute('name')?.value);
    content.services.push({ model, filePath: (path) => [...prefix, ...path], label: serviceName ?? resource.address });
  }

  for (const { document, loc, resource, uses, keys, reaches, always } of dataDocuments.values()) {
    const prefix = register(loc);
    content.policies.push({
      document,
      filePath: (path) => [...prefix, ...path],
      name: resource.name,
      label: resource.address,
      kind: uses.size === 1 ? [...uses][0]! : hasPrincipal(document) ? 'resource' : 'identity',
      embedded: false,
      ecs: always || namesEcsResource(document),
      reach: reach(
        reaches.flatMap((where) => where.roles),
        [...keys, ...reaches.flatMap((where) => where.attachedAs)],
      ),
    });
  }
}

const SERVICE_SPEC: Record<string, MemberSpec> = {
  launch_type: s('launchType'),
  platform_version: s('platformVersion'),
  task_definition: s('taskDefinition'),
  capacity_provider_strategy: block('capacityProviderStrategy', { capacity_provider: s('capacityProvider'), weight: s('weight', 'number'), base: s('base', 'number') }, true),
};

/**
 * `data "aws_iam_policy_document"` as the policy it renders: statement blocks become statements,
 * each element at the position of the argument or block it comes from. Terraform writes Version
 * "2012-10-17" unless `version` says otherwise.
 */
function dataPolicyDocument(resource: TfResource, unknown: () => string): { document: Record<string, unknown>; loc: Located } {
  const view = resource.view;
  const document: Record<string, unknown> = {};
  const members = new Map<string, Located>();
  const head = leafAt(view.loc.key?.[0] ?? view.loc.start, view.loc.key?.[1] ?? view.loc.start);
  const version = view.attribute('version');
  define(document, 'Version', typeof version?.value === 'string' ? version.value : '2012-10-17');
  members.set('Version', version?.loc ?? head);
  const id = view.attribute('policy_id');
  if (id && id.value !== null) {
    define(document, 'Id', id.value);
    members.set('Id', id.loc);
  }
  const statements: unknown[] = [];
  const statementLocs: Located[] = [];
  const blocks = view.blocks('statement');
  if (!Array.isArray(blocks)) {
    statements.push(UNKNOWN_VALUE);
    statementLocs.push(blocks.unknown);
  } else {
    for (const statementBlock of blocks) {
      const { value, loc } = statementOf(statementBlock, unknown);
      statements.push(value);
      statementLocs.push(loc);
    }
  }
  // Documents merged in from elsewhere may add any statement.
  for (const merged of ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json']) {
    const argument = view.attribute(merged);
    if (!argument || argument.value === null || (Array.isArray(argument.value) && argument.value.length === 0)) continue;
    statements.push(UNKNOWN_VALUE);
    statementLocs.push(argument.loc);
  }
  define(document, 'Statement', statements);
  const first = statementLocs[0];
  members.set('Statement', { start: first?.start ?? view.loc.start, end: statementLocs[statementLocs.length - 1]?.end ?? view.loc.end, key: first?.key ?? head.key ?? [head.start, head.end], items: statementLocs });
  return { document, loc: { ...view.loc, members } };
}

function statementOf(view: ResourceView, unknown: () => string): { value: Record<string, unknown>; loc: Located } {
  const value: Record<string, unknown> = {};
  const members = new Map<string, Located>();
  const head = leafAt(view.loc.key?.[0] ?? view.loc.start, view.loc.key?.[1] ?? view.loc.start);
  const sid = view.attribute('sid');
  if (sid && sid.value !== null && sid.value !== '') {
    define(value, 'Sid', sid.value);
    members.set('Sid', sid.loc);
  }
  const effect = view.attribute('effect');
  define(value, 'Effect', effect && effect.value !== null ? effect.value : 'Allow');
  members.set('Effect', effect?.loc ?? head);
  for (const [argument, key] of [
    ['actions', 'Action'],
    ['not_actions', 'NotAction'],
    ['resources', 'Resource'],
    ['not_resources', 'NotResource'],
  ] as const) {
    const list = view.attribute(argument);
    // Terraform leaves empty lists out of the JSON it renders.
    if (!list || list.value === null || (Array.isArray(list.value) && list.value.length === 0)) continue;
    define(value, key, stringsOf(list.value, unknown));
    members.set(key, list.loc);
  }
  for (const [blockType, key] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const blocks = view.blocks(blockType);
    if (!Array.isArray(blocks)) {
      define(value, key, unknown());
      members.set(key, blocks.unknown);
      continue;
    }
    if (blocks.length === 0) continue;
    const principal: Record<string, unknown> = {};
    const principalMembers = new Map<string, Located>();
    let everyone = false;
    for (const principalBlock of blocks) {
      const type = principalBlock.attribute('type');
      const identifiers = principalBlock.attribute('identifiers');
      const typeName = typeof type?.value === 'string' ? type.value : unknown();
      const names = stringsOf(identifiers?.value ?? [], unknown);
      if (typeName === '*' && (names === '*' || (Array.isArray(names) && names.includes('*')))) everyone = true;
      const existing = principal[typeName];
      define(principal, typeName, existing === undefined ? names : [...(Array.isArray(existing) ? existing : [existing]), ...(Array.isArray(names) ? names : [names])]);
      if (!principalMembers.has(typeName)) principalMembers.set(typeName, keyed(identifiers?.loc ?? principalBlock.loc, type?.loc ? [type.loc.start, type.loc.end] : principalBlock.loc.key));
    }
    define(value, key, everyone ? '*' : principal);
    members.set(key, { ...blocks[0]!.loc, members: principalMembers });
  }
  const conditions = view.blocks('condition');
  if (!Array.isArray(conditions)) {
    define(value, 'Condition', unknown());
    members.set('Condition', conditions.unknown);
  } else if (conditions.length > 0) {
    const condition: Record<string, Record<string, unknown>> = {};
    const conditionMembers = new Map<string, Located>();
    for (const conditionBlock of conditions) {
      const test = conditionBlock.attribute('test');
      const variable = conditionBlock.attribute('variable');
      const values = conditionBlock.attribute('values');
      const operator = typeof test?.value === 'string' && !test.loc.opaque ? test.value : unknown();
      const conditionKey = typeof variable?.value === 'string' ? variable.value : unknown();
      const operatorMembers = conditionMembers.get(operator)?.members ?? new Map<string, Located>();
      condition[operator] ??= {};
      define(condition[operator]!, conditionKey, stringsOf(values?.value ?? [], unknown));
      operatorMembers.set(conditionKey, keyed(values?.loc ?? conditionBlock.loc, variable?.loc ? [variable.loc.start, variable.loc.end] : undefined));
      if (!conditionMembers.has(operator)) {
        conditionMembers.set(operator, { ...(test?.loc ?? conditionBlock.loc), ...(test?.loc.opaque ? { opaque: true } : {}), key: test ? [test.loc.start, test.loc.end] : (conditionBlock.loc.key ?? [conditionBlock.loc.start, conditionBlock.loc.start]), members: operatorMembers });
      }
    }
    define(value, 'Condition', condition);
    members.set('Condition', { ...conditions[0]!.loc, members: conditionMembers });
  }
  return { value, loc: { ...view.loc, members } };
}

/** A list of strings as written (numbers as text); anything else an unknown string. */
function stringsOf(value: unknown, unknown: () => string): unknown {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : typeof item === 'number' || typeof item === 'boolean' ? String(item) : unknown()));
  return unknown();
}
