// Family and container names: up to 255 letters, digits, hyphens and underscores
// (ECS API reference, RegisterTaskDefinition.family and ContainerDefinition.name).

export const ECS_NAME_MAX_LENGTH = 255;

export type EcsNameProblem =
  | { messageId: 'empty' }
  | { messageId: 'too-long'; data: { length: number } }
  | { messageId: 'characters'; data: { characters: string } };

const VALID_CHARACTERS = /^[A-Za-z0-9_-]*$/;

export function ecsNameProblem(name: string): EcsNameProblem | undefined {
  if (name === '') return { messageId: 'empty' };
  if (name.length > ECS_NAME_MAX_LENGTH) return { messageId: 'too-long', data: { length: name.length } };
  if (VALID_CHARACTERS.test(name)) return undefined;
  const bad = [...new Set(name.replace(/[A-Za-z0-9_-]/g, ''))];
  return { messageId: 'characters', data: { characters: bad.slice(0, 10).map(describe).join(', ') } };
}

function describe(character: string): string {
  if (character === ' ') return 'space';
  if (/^[\x21-\x7e]$/.test(character)) return `"${character}"`;
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
