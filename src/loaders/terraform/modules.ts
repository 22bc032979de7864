// Container definitions handed to a module: a local module's `container_definitions =
// jsonencode([...])` (the module passes it on to aws_ecs_task_definition), a list of objects, and
// the map form of the community ECS modules (terraform-aws-modules/ecs: `container_definitions =
// { app = { image = …, secrets = […] } }`, also inside `services = { api = { … } }`). They are
// linted as container definitions, with positions inside the module block. What a module adds or
// converts is not known: in the map form, arguments that are not container members (the module's
// own settings) are passed over, and scalars are taken as the module's variable types convert them.
// The module blocks of a .tf file are read here.

import type { TaskDefinitionUnit } from '../document';
import type { AwsContext, Path } from '../../core/types';
import { TASK_DEFINITION_SHAPES } from '../../generated/task-definition-shapes';
import { isObject, withoutNulls } from '../../core/values';
import { define, keyed, type Evaluated, type Located } from '../hcl/located';
import { jsonArgument } from './arguments';
import type { TerraformContent } from './reader-context';
import { settleUnknownTypes } from './task-definition-model';

/** A module block's arguments, as the Terraform reader sees them. */
export interface ModuleView {
  attribute(name: string): Evaluated | undefined;
  readonly loc: Located;
}

export interface ModuleContext {
  address: string;
  scope?: string;
  context: AwsContext;
  register: (loc: Located) => Path;
  /** The JSON an argument's string holds (jsonencode, a heredoc, file()), when known. */
  json: (argument: Evaluated) => { value: unknown; loc: Located } | undefined;
  /** Makes values of unknown type (a bare reference where a number goes) unknown, as for a resource's model. */
  settle: (model: Record<string, unknown>, loc: Located) => void;
}

/** The container definitions a module block is given, as units (none when it is given none). */
export function moduleContainerUnits(view: ModuleView, ctx: ModuleContext): TaskDefinitionUnit[] {
  const units: TaskDefinitionUnit[] = [];
  const add = (argument: Evaluated, label: string) => {
    const containers = containerList(argument, ctx);
    if (containers) units.push(unitOf(containers, view.loc, label, ctx));
  };
  const direct = view.attribute('container_definitions');
  if (direct && direct.value !== null) add(direct, ctx.address);
  // terraform-aws-modules/ecs at its root: services = { api = { container_definitions = { … } } }.
  const services = view.attribute('services');
  if (services && isObject(services.value)) {
    for (const [name, service] of Object.entries(services.value)) {
      const serviceLoc = services.loc.members?.get(name);
      if (!isObject(service) || !serviceLoc || !isObject(service.container_definitions)) continue;
      const loc = serviceLoc.members?.get('container_definitions');
      if (loc) add({ value: service.container_definitions, loc }, `${ctx.address} services.${name}`);
    }
  }
  return units;
}

/** The units of a file's module blocks (`module "name" { … }`), added to `content`. */
export function readModuleBlocks(
  modules: ReadonlyArray<{ name: string; view: ModuleView }>,
  ctx: Pick<ModuleContext, 'scope' | 'context' | 'register'>,
  content: TerraformContent,
): void {
  const { scope, context, register } = ctx;
  for (const { name, view } of modules) {
    const json = (argument: Evaluated) => {
      const document = jsonArgument(argument);
      return document.kind === 'value' ? { value: document.value, loc: document.loc } : undefined;
    };
    const units = moduleContainerUnits(view, { address: `module.${name}`, ...(scope !== undefined ? { scope } : {}), context, register, json, settle: settleUnknownTypes });
    if (units.length > 0) content.recognized = true;
    content.units.push(...units);
  }
}

interface Containers {
  value: unknown[];
  loc: Located;
  /** The community modules' map form: module variables, not the API's JSON. */
  mapForm: boolean;
}

function containerList(argument: Evaluated, ctx: ModuleContext): Containers | undefined {
  if (typeof argument.value === 'string') {
    // jsonencode([...]), a heredoc or file(): the JSON the module passes on.
    const json = ctx.json(argument);
    if (!json || !Array.isArray(json.value) || !json.value.every(isObject)) return undefined;
    return { value: withoutNulls(json.value) as unknown[], loc: keyed(json.loc, argument.loc.key), mapForm: false };
  }
  if (argument.loc.opaque) return undefined;
  if (Array.isArray(argument.value) && argument.value.length > 0 && argument.value.every(isObject)) {
    const items = argument.value.map((item, index) => moduleContainer(item as Record<string, unknown>, argument.loc.items?.[index] ?? argument.loc));
    return { value: items.map((item) => item.value), loc: { ...argument.loc, items: items.map((item) => item.loc) }, mapForm: true };
  }
  if (isObject(argument.value)) {
    const entries = Object.entries(argument.value).filter(([, item]) => isObject(item));
    if (entries.length === 0) return undefined;
    const items = entries.map(([name, item]) => {
      const at = argument.loc.members?.get(name) ?? argument.loc;
      const converted = moduleContainer(item as Record<string, unknown>, at);
      // The map key names the container unless it says otherwise.
      if (converted.value.name === undefined) {
        define(converted.value, 'name', name);
        converted.loc.members!.set('name', at.key ? { start: at.key[0], end: at.key[1] } : at);
      }
      return converted;
    });
    return { value: items.map((item) => item.value), loc: { ...argument.loc, items: items.map((item) => item.loc) }, mapForm: true };
  }
  return undefined;
}

function unitOf(containers: Containers, blockLoc: Located, label: string, ctx: ModuleContext): TaskDefinitionUnit {
  const loc: Located = { ...blockLoc, members: new Map([['containerDefinitions', containers.loc]]) };
  const model = { containerDefinitions: containers.value };
  ctx.settle(model, loc);
  const prefix = ctx.register(loc);
  return {
    model,
    filePath: (path) => [...prefix, ...path],
    context: ctx.context,
    partial: true,
    symbolic: true,
    label,
    dropsUnknownContainerMembers: true,
    ...(containers.mapForm ? { coercesScalars: true } : {}),
    ...(ctx.scope !== undefined ? { scope: ctx.scope } : {}),
  };
}

/** snake_case to camelCase: port_mappings → portMappings. */
function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * A container written as module arguments: members named as the API does (portMappings) or in
 * snake_case (port_mappings, and container_image for image), the module's own settings left out.
 */
function moduleContainer(value: Record<string, unknown>, loc: Located): { value: Record<string, unknown>; loc: Located } {
  return convert(value, loc, 'ContainerDefinition', true) as { value: Record<string, unknown>; loc: Located };
}

function convert(value: unknown, loc: Located, shapeName: string | undefined, top = false): { value: unknown; loc: Located } {
  const shape = shapeName ? TASK_DEFINITION_SHAPES[shapeName] : undefined;
  if (Array.isArray(value)) {
    const items = value.map((item, index) => convert(item, loc.items?.[index] ?? loc, shape?.items));
    return { value: items.map((item) => item.value), loc: { ...loc, items: items.map((item) => item.loc) } };
  }
  if (!isObject(value) || !shape?.properties) return { value, loc };
  const result: Record<string, unknown> = {};
  const members = new Map<string, Located>();
  for (const [key, child] of Object.entries(value)) {
    if (child === null) continue;
    const member = memberName(key, shape.properties, top);
    if (member === undefined || member in result) continue;
    const at = loc.members?.get(key) ?? loc;
    const converted = convert(child, at, shape.children?.[member]);
    define(result, member, converted.value);
    members.set(member, converted.loc);
  }
  return { value: result, loc: { ...loc, members } };
}

function memberName(key: string, properties: readonly string[], top: boolean): string | undefined {
  const find = (name: string) => properties.find((property) => property.toLowerCase() === name.toLowerCase());
  return find(key) ?? find(camel(key)) ?? (top && key.startsWith('container_') ? find(camel(key.slice('container_'.length))) : undefined);
}
