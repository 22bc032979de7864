// A value that cannot be known statically and is not a string: a list from Fn::Split, the choice
// of Fn::If between two objects. Rules pass over it; the schema pass does not judge it.

export const UNKNOWN_VALUE: Readonly<Record<string, never>> = Object.freeze({});

export function isUnknownValue(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}
