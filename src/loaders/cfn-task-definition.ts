// AWS::ECS::TaskDefinition as the RegisterTaskDefinition input: property names matched to the API's
// members, intrinsic functions resolved, and every model path recorded with the template path it
// came from.

import type { TaskDefinitionUnit } from './document';
import type { Path } from '../core/types';
import { TASK_DEFINITION_SHAPES } from '../generated/task-definition-shapes';
import { isObject } from '../core/values';
import { intrinsicName, NO_VALUE, type IntrinsicResolver } from './cfn-intrinsics';
import type { TemplateResource } from './cloudformation';

/** CloudFormation property names that are not the API's member names in another case. */
const RENAMED = new Map([['ProxyConfigurationProperties', 'properties']]);

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

/**
 * An AWS::ECS::TaskDefinition as the RegisterTaskDefinition input: property names matched to the
 * API's members without regard to case (EFSVolumeConfiguration is efsVolumeConfiguration), map
 * keys (DockerLabels, Options) kept, intrinsic functions resolved. Every model path is recorded with
 * the template path it came from.
 */
export function taskDefinitionUnit(resource: TemplateResource, resolver: IntrinsicResolver): TaskDefinitionUnit {
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
