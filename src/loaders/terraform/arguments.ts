// A resource's arguments and nested blocks as the API members they become (the task definition's
// and the service's), converted to their schema types as the provider does; and the JSON document
// an argument holds.

import { isObject } from '../../core/values';
import { define, type Evaluated, type JsonDocument, type Located } from '../hcl/located';
import type { ResourceView } from './views';

type Kind = 'string' | 'number' | 'boolean' | 'strings' | 'map' | 'keyValues';

export interface MemberSpec {
  member: string;
  kind?: Kind;
  /** A nested block (or blocks, when repeated) with its own arguments. */
  block?: Record<string, MemberSpec>;
  repeated?: boolean;
  /** The value goes one level down: host_path → host.sourcePath. */
  wrap?: string;
}

export const s = (member: string, kind: Kind = 'string'): MemberSpec => ({ member, kind });
export const block = (member: string, spec: Record<string, MemberSpec>, repeated = false): MemberSpec => ({ member, block: spec, repeated });

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

export function convertBody(view: ResourceView, spec: Record<string, MemberSpec>, unknown: () => string): { value: Record<string, unknown>; loc: Located } {
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
