// Resources as views: the HCL of a .tf file, or the values of a plan; a module's resources and data
// sources, and the references that name them.

import { bodyItems, namedChildren, type HclBlock } from '../hcl/blocks';
import type { HclEvaluator } from '../hcl/evaluator';
import { isReferenceText, keyed, type Evaluated, type Located } from '../hcl/located';

/** A resource's (or a nested block's) arguments, whether written in HCL or recorded in a plan. */
export interface ResourceView {
  /** An argument's value; its location's key is the argument's name. Undefined when not set. */
  attribute(name: string): Evaluated | undefined;
  /** The nested blocks of a type; 'unknown' when generated (a dynamic block). */
  blocks(type: string): ResourceView[] | { unknown: Located };
  /** The block itself: its range, its type as key. */
  readonly loc: Located;
}

export class HclView implements ResourceView {
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
export function references(resource: TfResource, attributes: readonly string[]): string[] {
  const forms: string[] = [];
  for (const attribute of attributes) {
    forms.push(`\${${resource.address}.${attribute}}`);
    if (resource.counted) forms.push(`\${${resource.address}[0].${attribute}}`);
  }
  return forms;
}

/** `aws_iam_role.exec` from `${aws_iam_role.exec.name}` or `${aws_iam_role.exec[0].arn}`. */
export function referencedAddress(value: unknown): string | undefined {
  if (!isReferenceText(value)) return undefined;
  const match = /^\$\{((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.[A-Za-z_][\w-]*\}$/.exec(value);
  return match?.[1];
}
