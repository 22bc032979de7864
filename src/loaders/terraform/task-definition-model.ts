// aws_ecs_task_definition → RegisterTaskDefinition: the resource's arguments and blocks, and the
// containers of container_definitions (member names as the API spells them, a whole task definition
// written there unwrapped), with values of unknown type settled.

import { TASK_DEFINITION_SHAPES } from '../../generated/task-definition-shapes';
import { validateTaskDefinition } from '../../generated/task-definition-validator';
import { UNKNOWN_VALUE } from '../../core/unknown';
import { isObject, withoutNulls } from '../../core/values';
import { define, keyed, type Located } from '../hcl/located';
import { block, convertBody, jsonArgument, s, type MemberSpec } from './arguments';
import type { ResourceView } from './views';

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
