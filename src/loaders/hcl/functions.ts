// Function calls: the built-in functions whose results the evaluator computes (jsonencode, file,
// templatefile, merge, …); other functions give an unknown value.

import type { Node as TsNode } from 'web-tree-sitter';
import { isObject } from '../../core/values';
import { namedChildren } from './blocks';
import { embedded, templateDocument } from './documents';
import { define, hasUnknown, leafAt, type EvaluationContext, type Evaluated, type JsonDocument, type Located } from './located';
import type { Piece } from './strings';
import { renderTemplate } from './templates';

/** Functions whose result is a string whose value is not computed here. */
const STRING_FUNCTIONS = new Set([
  'format', 'formatlist', 'replace', 'regex', 'substr', 'trim', 'trimprefix', 'trimsuffix', 'trimspace', 'title', 'chomp', 'indent',
  'base64encode', 'base64decode', 'base64gzip', 'urlencode', 'sha1', 'sha256', 'sha512', 'md5', 'uuid', 'uuidv5', 'timestamp',
  'formatdate', 'abspath', 'dirname', 'basename', 'pathexpand', 'cidrhost', 'cidrnetmask', 'yamlencode', 'filebase64', 'filemd5',
  'filesha1', 'filesha256', 'bcrypt', 'strrev', 'textencodebase64', 'textdecodebase64',
]);

/** A function call: the value of the functions computed here, an unknown for the others. */
export function callFunction(node: TsNode, depth: number, context: EvaluationContext): Evaluated {
  const [start, end] = context.span(node);
  const children = namedChildren(node);
  const name = children[0]?.text ?? '';
  const argumentsNode = children.find((child) => child.type === 'function_arguments');
  const argumentNodes = argumentsNode ? namedChildren(argumentsNode).filter((child) => child.type === 'expression') : [];
  const expanded = argumentsNode ? argumentsNode.children.some((child) => child?.type === '...') : false;
  const args = () => argumentNodes.map((argument) => context.evaluate(argument, depth + 1));
  const unknown = (opaque = true): Evaluated => ({ value: context.unknown(), loc: { start, end, ...(opaque ? { opaque: true } : {}) } });
  if (expanded) return unknown();
  switch (name) {
    case 'jsonencode': {
      const [argument] = args();
      if (!argument) return unknown();
      const document = (): JsonDocument => ({ kind: 'value', value: argument.value, loc: argument.loc });
      const text = hasUnknown(argument.value, argument.loc) ? context.unknown() : JSON.stringify(argument.value);
      return { value: text, loc: { start, end }, document };
    }
    case 'jsondecode': {
      const [argument] = args();
      if (!argument) return unknown();
      const document = argument.document?.();
      if (document?.kind === 'value') return { value: document.value, loc: document.loc };
      return unknown();
    }
    case 'file': {
      const [argument] = args();
      const read = argument ? context.readFile(argument.value) : undefined;
      if (!read) return unknown(false);
      const loc = leafAt(start, end);
      return { value: read.text, loc, file: read, document: () => embedded(templateDocument([{ kind: 'text', pieces: uniformPieces(read.text, start, end) }], context.unknown)) };
    }
    case 'templatefile': {
      const [path, variables] = args();
      const read = path ? context.readFile(path.value) : undefined;
      if (!read) return unknown(false);
      const rendered = (): JsonDocument => embedded(templateDocument(renderTemplate(read.text, variables?.value, start, end), context.unknown));
      return { value: context.unknown(), loc: leafAt(start, end), document: rendered };
    }
    case 'concat': {
      const lists = args();
      if (!lists.every((list) => Array.isArray(list.value))) return unknown();
      return {
        value: lists.flatMap((list) => list.value as unknown[]),
        loc: { start, end, items: lists.flatMap((list) => (list.value as unknown[]).map((_, index) => list.loc.items?.[index] ?? leafAt(list.loc.start, list.loc.end))) },
      };
    }
    case 'merge': {
      const maps = args();
      if (!maps.every((map) => isObject(map.value) && !map.loc.opaque)) return unknown();
      const value: Record<string, unknown> = {};
      const members = new Map<string, Located>();
      for (const map of maps) {
        for (const [key, member] of Object.entries(map.value as Record<string, unknown>)) {
          define(value, key, member);
          members.set(key, map.loc.members?.get(key) ?? leafAt(map.loc.start, map.loc.end));
        }
      }
      return { value, loc: { start, end, members } };
    }
    case 'tolist':
    case 'toset':
    case 'tomap':
    case 'try':
    case 'sensitive':
    case 'nonsensitive': {
      const [argument] = args();
      if (!argument || (name === 'try' && hasUnknown(argument.value, argument.loc))) return unknown();
      return argument;
    }
    case 'tostring': {
      const [argument] = args();
      if (argument && (typeof argument.value === 'number' || typeof argument.value === 'boolean')) return { value: String(argument.value), loc: argument.loc };
      if (argument && typeof argument.value === 'string') return { ...argument, loc: { ...argument.loc, opaque: false } };
      return unknown(false);
    }
    case 'tonumber': {
      const [argument] = args();
      const value = argument?.value;
      if (typeof value === 'number') return argument!;
      if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return { value: Number(value), loc: argument!.loc };
      return unknown();
    }
    case 'join': {
      const [separator, list] = args();
      if (typeof separator?.value === 'string' && Array.isArray(list?.value) && list.value.every((item) => typeof item === 'string' || typeof item === 'number')) {
        return { value: list.value.join(separator.value), loc: { start, end } };
      }
      return unknown(false);
    }
    case 'lower':
    case 'upper': {
      const [argument] = args();
      if (typeof argument?.value === 'string' && !argument.value.includes('${')) {
        return { value: name === 'lower' ? argument.value.toLowerCase() : argument.value.toUpperCase(), loc: { start, end } };
      }
      return unknown(false);
    }
    default:
      return unknown(!STRING_FUNCTIONS.has(name));
  }
}

function uniformPieces(text: string, start: number, end: number): Piece[] {
  return [{ text, start, end }];
}
