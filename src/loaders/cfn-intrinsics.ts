// Static resolution of CloudFormation intrinsic functions. What resolves becomes a value; a
// reference to a resource or to a parameter without default becomes a template reference in the
// string (`${ExecRole.Arn}`, `${AWS::Region}`), which rules treat as unknown and the IAM evaluator
// matches only to itself; anything else that cannot be resolved is a unique unknown. No argument
// makes a function throw: AWS::NoValue (a symbol), lists and objects where text is expected all
// come to an unknown. Template keys are looked up as own members only (a parameter named
// "constructor" is not Object.prototype's).

import type { AwsContext } from '../core/types';
import { partitionById } from '../aws/partitions';
import { isObject } from '../core/values';

import { UNKNOWN_VALUE } from '../core/unknown';

/** `{ "Ref": … }`, `{ "Fn::…": … }`: an object with one key that names an intrinsic function. */
export function intrinsicName(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/** Removes the member: `{ "Ref": "AWS::NoValue" }`. */
export const NO_VALUE = Symbol('AWS::NoValue');

export class IntrinsicResolver {
  private unknownCount = 0;
  private readonly parameters: Record<string, unknown>;
  private readonly mappings: Record<string, unknown>;
  private readonly resources: Record<string, unknown>;

  constructor(
    template: Record<string, unknown>,
    private readonly aws: AwsContext,
  ) {
    this.parameters = isObject(template.Parameters) ? template.Parameters : {};
    this.mappings = isObject(template.Mappings) ? template.Mappings : {};
    this.resources = isObject(template.Resources) ? template.Resources : {};
  }

  /** A unique unknown string: it matches no other value for certain. */
  unknownString(): string {
    return `\${Unresolved.${++this.unknownCount}}`;
  }

  /** The value of a node, with every intrinsic function resolved as far as statically possible. */
  resolve(node: unknown, depth = 0): unknown {
    if (depth > 64) return UNKNOWN_VALUE;
    const intrinsic = intrinsicName(node);
    if (intrinsic) return this.intrinsic(intrinsic, (node as Record<string, unknown>)[intrinsic], depth);
    if (Array.isArray(node)) {
      return node.map((item) => this.resolve(item, depth + 1)).filter((item) => item !== NO_VALUE);
    }
    if (isObject(node)) {
      const copy: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        const resolved = this.resolve(value, depth + 1);
        if (resolved === NO_VALUE) continue;
        Object.defineProperty(copy, key, { value: resolved, enumerable: true, writable: true, configurable: true });
      }
      return copy;
    }
    return node;
  }

  /**
   * Whether a node takes a template parameter's value (a Ref, or `${Name}` in Fn::Sub): what the
   * stack may set to anything, whatever the default says.
   */
  takesParameter(node: unknown, depth = 0): boolean {
    if (depth > 64) return false;
    const intrinsic = intrinsicName(node);
    const argument = intrinsic ? (node as Record<string, unknown>)[intrinsic] : undefined;
    if (intrinsic === 'Ref') return typeof argument === 'string' && Object.hasOwn(this.parameters, argument);
    if (intrinsic === 'Fn::Sub') {
      const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
      let named = false;
      if (typeof text === 'string') {
        replaceSubstitutions(text, (whole, escape, name) => {
          if (!escape && Object.hasOwn(this.parameters, name) && !(isObject(variables) && Object.hasOwn(variables, name))) named = true;
          return whole;
        });
      }
      return named || (isObject(variables) && Object.values(variables).some((value) => this.takesParameter(value, depth + 1)));
    }
    if (Array.isArray(node)) return node.some((item) => this.takesParameter(item, depth + 1));
    if (isObject(node)) return Object.values(node).some((value) => this.takesParameter(value, depth + 1));
    return false;
  }

  private intrinsic(name: string, argument: unknown, depth: number): unknown {
    switch (name) {
      case 'Ref':
        return typeof argument === 'string' ? this.ref(argument) : this.unknownString();
      case 'Fn::GetAtt': {
        const parts = typeof argument === 'string' ? argument.split('.') : Array.isArray(argument) ? argument : [];
        const [resource, attribute] = parts.map((part) => this.resolve(part, depth + 1));
        return typeof resource === 'string' && typeof attribute === 'string' ? `\${${resource}.${attribute}}` : this.unknownString();
      }
      case 'Fn::Sub':
        return this.sub(argument, depth);
      case 'Fn::Join': {
        if (!Array.isArray(argument) || argument.length !== 2) return this.unknownString();
        const delimiter = this.resolve(argument[0], depth + 1);
        const list = this.resolve(argument[1], depth + 1);
        if (typeof delimiter !== 'string' || !Array.isArray(list)) return this.unknownString();
        return list.map((item) => (typeof item === 'string' || typeof item === 'number' ? String(item) : this.unknownString())).join(delimiter);
      }
      case 'Fn::Select': {
        if (!Array.isArray(argument) || argument.length !== 2) return this.unknownString();
        // A number, or text such as "1" (a parameter's default); nothing else is converted.
        const raw = this.resolve(argument[0], depth + 1);
        const index = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
        const list = this.resolve(argument[1], depth + 1);
        if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) return this.unknownString();
        return list[index];
      }
      case 'Fn::If': {
        if (!Array.isArray(argument) || argument.length !== 3) return UNKNOWN_VALUE;
        const whenTrue = this.resolve(argument[1], depth + 1);
        const whenFalse = this.resolve(argument[2], depth + 1);
        // Conditions are not evaluated: only a choice between equal values is known.
        if (JSON.stringify(whenTrue) === JSON.stringify(whenFalse)) return whenTrue;
        const bothText = [whenTrue, whenFalse].every((value) => typeof value === 'string' || value === NO_VALUE);
        return bothText ? this.unknownString() : UNKNOWN_VALUE;
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(argument) || argument.length < 3) return this.unknownString();
        const [map, first, second] = argument.slice(0, 3).map((item) => this.resolve(item, depth + 1));
        const table = member(this.mappings, map);
        const row = isObject(table) ? member(table, first) : undefined;
        const value = isObject(row) ? member(row, second) : undefined;
        return value === undefined ? this.unknownString() : value;
      }
      case 'Fn::Split':
        return this.split(argument, depth);
      case 'Fn::GetAZs':
      case 'Fn::Cidr':
      case 'Fn::Transform':
        return UNKNOWN_VALUE;
      default:
        // Fn::ImportValue, Fn::Base64, Fn::ToJsonString, Fn::Length, Condition, …: a string not known here.
        return this.unknownString();
    }
  }

  private ref(name: string): unknown {
    switch (name) {
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::AccountId':
        return this.aws.account ?? '${AWS::AccountId}';
      case 'AWS::Region':
        return this.aws.region ?? '${AWS::Region}';
      case 'AWS::Partition':
        return this.aws.partition ?? '${AWS::Partition}';
      case 'AWS::URLSuffix': {
        const partition = this.aws.partition ? partitionById(this.aws.partition) : undefined;
        return partition?.dnsSuffix ?? '${AWS::URLSuffix}';
      }
      default:
        break;
    }
    const parameter = member(this.parameters, name);
    if (isObject(parameter) && parameter.Default !== undefined && (typeof parameter.Default !== 'string' || parameter.Default !== '')) {
      // A parameter's default is what the template means unless the stack overrides it.
      const value = parameter.Default;
      return typeof value === 'number' ? String(value) : value;
    }
    return `\${${name}}`;
  }

  /**
   * Fn::Split of known text, or by ":" of the ARN of an ECR repository the template defines (what
   * CDK writes to take a repository's account and region for its image URI): its ARN is
   * arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/${Repo}, and none of those
   * symbols, nor a repository's name, holds a colon. Text with any other reference is unknown.
   */
  private split(argument: unknown, depth: number): unknown {
    if (!Array.isArray(argument) || argument.length !== 2) return UNKNOWN_VALUE;
    const delimiter = this.resolve(argument[0], depth + 1);
    const source = this.resolve(argument[1], depth + 1);
    if (typeof delimiter !== 'string' || delimiter === '' || typeof source !== 'string') return UNKNOWN_VALUE;
    if (!source.includes('${')) return source.split(delimiter);
    const repository = /^\$\{([\w-]+)\.Arn\}$/.exec(source)?.[1];
    const resource = repository ? member(this.resources, repository) : undefined;
    if (delimiter !== ':' || !isObject(resource) || resource.Type !== 'AWS::ECR::Repository') return UNKNOWN_VALUE;
    const [partition, region, account] = ['AWS::Partition', 'AWS::Region', 'AWS::AccountId'].map((name) => this.ref(name));
    return ['arn', partition, 'ecr', region, account, `repository/\${${repository}}`];
  }

  private sub(argument: unknown, depth: number): unknown {
    let text: unknown;
    let variables: Record<string, unknown> = {};
    if (typeof argument === 'string') text = argument;
    else if (Array.isArray(argument) && argument.length === 2 && isObject(argument[1])) {
      text = argument[0];
      variables = argument[1];
    }
    if (typeof text !== 'string') return this.unknownString();
    return replaceSubstitutions(text, (whole, escape, name) => {
      if (escape) return `\${${name}}`;
      if (Object.hasOwn(variables, name)) {
        const value = this.resolve(variables[name], depth + 1);
        return typeof value === 'string' || typeof value === 'number' ? String(value) : this.unknownString();
      }
      if (name.includes('.')) return `\${${name}}`;
      const value = this.ref(name);
      return typeof value === 'string' ? value : whole;
    });
  }
}

/** `object[key]` for an own member only: never Object.prototype's (`constructor`, `toString`). */
function member(object: Record<string, unknown>, key: unknown): unknown {
  return typeof key === 'string' && Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Fn::Sub's `${name}` and `${!literal}` replaced through `replace` (as `/\$\{(!?)([^}]*)\}/g` would,
 * but linear on long hostile input such as "${" repeated without a "}").
 */
function replaceSubstitutions(text: string, replace: (whole: string, escape: string, name: string) => string): string {
  let result = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('${', from);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    // No "}" after this "${": none after any later one either.
    if (close < 0) break;
    const inner = text.slice(open + 2, close);
    const escape = inner.startsWith('!') ? '!' : '';
    result += text.slice(from, open) + replace(text.slice(open, close + 1), escape, escape ? inner.slice(1) : inner);
    from = close + 1;
  }
  return result + text.slice(from);
}
