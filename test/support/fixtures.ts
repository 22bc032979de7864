// Lists the fixture inputs of a folder (not their .expected.json and .settings.json sidecars).

import { existsSync, readdirSync } from 'node:fs';

export function fixtureFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => !name.endsWith('.expected.json') && !name.endsWith('.settings.json'))
    .sort();
}
