// Structural edits for fixes in JSON: removing a member or a list element, adding a member, through
// jsonc-parser's `modify`, which keeps the file's layout and indentation. (YAML's editor is in
// yaml.ts, which is loaded only for YAML.)

import { modify, type Edit, type FormattingOptions } from 'jsonc-parser';
import type { DocumentEditor } from './document';
import type { Path, TextEdit } from '../core/types';

export class JsonEditor implements DocumentEditor {
  private readonly formatting: FormattingOptions;

  constructor(private readonly text: string) {
    // The file's own indentation: its first indented line's (a tab, or that many spaces).
    const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
    this.formatting = { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  }

  remove(path: Path): TextEdit | undefined {
    return this.edit(path, undefined, '');
  }

  insert(path: Path, key: string, value: string | number | boolean, position: 'first' | 'last'): TextEdit | undefined {
    return this.edit([...path, key], value, `${JSON.stringify(key)}:`, position === 'first' ? () => 0 : undefined);
  }

  /**
   * The edit `modify` makes, if it writes nothing of the file's own text: jsonc-parser formats
   * around what it changes, which on a file written on one line can be the whole file (and a
   * secret in it).
   */
  private edit(path: Path, value: unknown, written: string, getInsertionIndex?: (properties: string[]) => number): TextEdit | undefined {
    try {
      const edits = modify(this.text, [...path], value, { formattingOptions: this.formatting, ...(getInsertionIndex ? { getInsertionIndex } : {}) }).map((edit) => this.minimal(edit));
      if (edits.length === 0) return undefined;
      const own = edits.map((edit) => edit.content).join('').replace(/\s+/g, '').replace(written ? `${written}${JSON.stringify(value)}` : '', '');
      if (!/^[,{}[\]]*$/.test(own)) return undefined;
      const start = Math.min(...edits.map((edit) => edit.offset));
      const end = Math.max(...edits.map((edit) => edit.offset + edit.length));
      let text = '';
      let at = start;
      for (const edit of [...edits].sort((a, b) => a.offset - b.offset)) {
        // Text of the file between two edits would be written into the fix: not offered.
        if (edit.offset !== at) return undefined;
        text += edit.content;
        at = edit.offset + edit.length;
      }
      return { range: [start, end], text };
    } catch {
      return undefined;
    }
  }

  /** An edit without the text it writes back as it was (what `modify` rewrites around a change). */
  private minimal(edit: Edit): Edit {
    const before = this.text.slice(edit.offset, edit.offset + edit.length);
    let prefix = 0;
    while (prefix < before.length && prefix < edit.content.length && before[prefix] === edit.content[prefix]) prefix++;
    let suffix = 0;
    while (suffix < before.length - prefix && suffix < edit.content.length - prefix && before[before.length - 1 - suffix] === edit.content[edit.content.length - 1 - suffix]) suffix++;
    return { offset: edit.offset + prefix, length: edit.length - prefix - suffix, content: edit.content.slice(prefix, edit.content.length - suffix) };
  }
}

/** A CloudFormation JSON template names the API's members in PascalCase under Resources. */
export class TemplateJsonEditor extends JsonEditor {
  keyOf(path: Path, member: string): string {
    return path[0] === 'Resources' ? member.charAt(0).toUpperCase() + member.slice(1) : member;
  }
}
