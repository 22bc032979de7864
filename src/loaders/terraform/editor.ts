// Structural edits for fixes in Terraform: members of HCL object constructors (the objects of
// `jsonencode({ … })`), by whole lines, where a member starts its line. A resource's own arguments
// are not edited this way (they are named otherwise than the API's members), nor values taken
// from a variable or a local (written elsewhere than the block they serve).

import type { SourceText } from '../../core/source-text';
import type { Path, TextEdit } from '../../core/types';
import type { DocumentEditor } from '../document';
import type { Located, LocatedSourceMap } from '../hcl/located';

export class HclEditor implements DocumentEditor {
  constructor(
    private readonly source: SourceText,
    private readonly map: LocatedSourceMap,
  ) {}

  remove(path: Path): TextEdit | undefined {
    const found = this.map.node(path);
    const parent = this.map.node(path.slice(0, -1));
    if (!found || !parent || !this.inside(found.node, found.root) || !this.isObjectOrList(parent.node)) return undefined;
    const start = found.node.key ? found.node.key[0] : found.node.start;
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    if (this.text.slice(lineStart, start).trim() !== '') return undefined;
    // The rest of its line: an optional comma and comment, nothing else.
    const lineEnd = this.text.indexOf('\n', found.node.end);
    const rest = this.text.slice(found.node.end, lineEnd < 0 ? this.text.length : lineEnd);
    if (!/^[ \t]*(?:,[ \t]*)?(?:(?:#|\/\/)[^\r\n]*)?\r?$/.test(rest)) return undefined;
    return { range: [lineStart, lineEnd < 0 ? this.text.length : lineEnd + 1], text: '' };
  }

  insert(path: Path, key: string, value: string | number | boolean, position: 'first' | 'last'): TextEdit | undefined {
    const found = this.map.node(path);
    if (!found || !this.inside(found.node, found.root) || this.text[found.node.start] !== '{' || !found.node.members || found.node.members.size === 0) return undefined;
    if (!/^[A-Za-z_][\w-]*$/.test(key) || (typeof value === 'string' && /\$\{|%\{/.test(value))) return undefined;
    const members = [...found.node.members.values()].filter((member) => member.key).sort((a, b) => a.key![0] - b.key![0]);
    const anchor = position === 'first' ? members[0] : members[members.length - 1];
    if (!anchor?.key) return undefined;
    const lineStart = this.text.lastIndexOf('\n', anchor.key[0] - 1) + 1;
    const indent = this.text.slice(lineStart, anchor.key[0]);
    if (indent.trim() !== '') return undefined;
    const line = `${indent}${key} = ${typeof value === 'string' ? JSON.stringify(value) : String(value)}\n`;
    if (position === 'first') return { range: [lineStart, lineStart], text: line };
    const lineEnd = this.text.indexOf('\n', anchor.end);
    return lineEnd < 0 ? undefined : { range: [lineEnd + 1, lineEnd + 1], text: line };
  }

  private get text(): string {
    return this.source.text;
  }

  /** Within the block the value was registered with: not a variable's or a local's. */
  private inside(node: Located, root: Located): boolean {
    return node.start >= root.start && node.end <= root.end;
  }

  private isObjectOrList(node: Located): boolean {
    const first = this.text[node.start];
    return first === '{' || first === '[';
  }
}
