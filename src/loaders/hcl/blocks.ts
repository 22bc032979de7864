// The syntax tree's blocks, attributes and bodies, and names written twice in a body or an object.

import type { Node as TsNode } from 'web-tree-sitter';
import type { HclFile } from './parser';
import { literalText } from './strings';

/** Named children other than comments. */
export function namedChildren(node: TsNode): TsNode[] {
  return node.namedChildren.filter((child): child is TsNode => child !== null && child.type !== 'comment');
}

/** A block's type, labels and body. */
export interface HclBlock {
  node: TsNode;
  type: string;
  typeNode: TsNode;
  labels: string[];
  body: TsNode | undefined;
}

export interface HclAttribute {
  node: TsNode;
  name: string;
  nameNode: TsNode;
  expression: TsNode;
}

export function blockOf(node: TsNode): HclBlock | undefined {
  if (node.type !== 'block') return undefined;
  const children = namedChildren(node);
  const typeNode = children[0];
  if (!typeNode || typeNode.type !== 'identifier') return undefined;
  const labels: string[] = [];
  let body: TsNode | undefined;
  for (const child of children.slice(1)) {
    if (child.type === 'string_lit') labels.push(literalText(child));
    else if (child.type === 'identifier') labels.push(child.text);
    else if (child.type === 'body') body = child;
  }
  return { node, type: typeNode.text, typeNode, labels, body };
}

export function attributeOf(node: TsNode): HclAttribute | undefined {
  if (node.type !== 'attribute') return undefined;
  const children = namedChildren(node);
  const nameNode = children[0];
  const expression = children.find((child) => child.type === 'expression');
  if (!nameNode || !expression) return undefined;
  return { node, name: nameNode.text, nameNode, expression };
}

/** The attributes and blocks of a body (absent body: none). */
export function bodyItems(body: TsNode | undefined): { attributes: HclAttribute[]; blocks: HclBlock[] } {
  const attributes: HclAttribute[] = [];
  const blocks: HclBlock[] = [];
  for (const child of body ? namedChildren(body) : []) {
    const attribute = attributeOf(child);
    if (attribute) attributes.push(attribute);
    const block = blockOf(child);
    if (block) blocks.push(block);
  }
  return { attributes, blocks };
}

/** A name written twice: an argument of a body, or a key of an object constructor. */
export interface HclDuplicate {
  kind: 'argument' | 'key';
  name: string;
  /** The second name's range. */
  start: number;
  end: number;
  /** Where the first one starts. */
  first: number;
}

/**
 * Names written twice, in every body and object constructor of the file. Terraform refuses an
 * argument set twice ("Attribute redefined"); in an object constructor the last key silently wins.
 * Only literal keys (`name`, `"name"`) are compared: computed ones may differ in the end.
 */
export function duplicateNames(file: HclFile): HclDuplicate[] {
  const found: HclDuplicate[] = [];
  for (const node of file.root.descendantsOfType(['body', 'object'])) {
    // Two names at least (an object's braces are named children too).
    if (!node || node.namedChildCount < (node.type === 'body' ? 2 : 4)) continue;
    const seen = new Map<string, TsNode>();
    for (const [name, nameNode] of writtenNames(node)) {
      const first = seen.get(name);
      if (!first) seen.set(name, nameNode);
      else found.push({ kind: node.type === 'body' ? 'argument' : 'key', name, start: file.span(nameNode)[0], end: file.span(nameNode)[1], first: file.span(first)[0] });
    }
  }
  return found;
}

/** The names a body's arguments or an object's literal keys are written with, and their nodes. */
function writtenNames(node: TsNode): Array<[string, TsNode]> {
  const names: Array<[string, TsNode]> = [];
  for (const child of node.namedChildren) {
    if (child?.type === 'attribute') {
      const name = child.firstNamedChild;
      if (name?.type === 'identifier') names.push([name.text, name]);
    } else if (child?.type === 'object_elem') {
      const key = child.childForFieldName('key');
      const name = key ? literalKey(key) : undefined;
      if (key && name !== undefined) names.push([name, key]);
    }
  }
  return names;
}

/** An object key written as a name or a string without interpolation: its text. */
function literalKey(key: TsNode): string | undefined {
  const [only, ...rest] = namedChildren(key);
  if (!only || rest.length > 0) return undefined;
  if (only.type === 'variable_expr') return only.text;
  const string = only.type === 'literal_value' ? namedChildren(only)[0] : undefined;
  return string?.type === 'string_lit' ? literalText(string) : undefined;
}
