// The layers of src/, each using only those below it: core → aws → iam → model → facts → loaders →
// rules → engine → reporters → api → cli, lsp → the entry. Every import in src/ is read (static
// and dynamic); an import that runs upward, or between the command line and the language server,
// fails the test with the file and the line.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './support/cli';

const SRC = join(ROOT, 'src');

/** Layers from the bottom; folders of one entry may use each other's modules only as listed. */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['core', 'generated'],
  ['aws'],
  ['iam'],
  ['model'],
  ['facts'],
  ['loaders'],
  ['rules'],
  ['engine'],
  ['reporters'],
  ['api'],
  ['cli', 'lsp'],
  ['entry.ts'],
];
const LEVEL = new Map(LAYERS.flatMap((names, level) => names.map((name) => [name, level] as const)));

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(?:ts|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The layer of a file of src/: its first folder, or the file itself at the top. */
function layerOf(path: string): string {
  return relative(SRC, path).split('/')[0]!;
}

interface Edge {
  from: string;
  to: string;
  line: number;
}

function edges(): Edge[] {
  const found: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      for (const match of text.matchAll(/(?:from\s+|import\(\s*)'(\.{1,2}\/[^']+)'/g)) {
        found.push({ from: file, to: resolve(dirname(file), match[1]!), line: index + 1 });
      }
    });
  }
  return found;
}

const test = suite('layers');

test('every folder of src/ has its place among the layers', () => {
  const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory() || name === 'entry.ts');
  assert.equal(folders.filter((name) => !LEVEL.has(name)), []);
});

test('no import runs upward, and the command line and the language server do not use each other', () => {
  const all = edges();
  assert.ok(all.length > 300, `only ${all.length} imports read`);
  const wrong = all
    .filter(({ from, to }) => {
      const a = layerOf(from);
      const b = layerOf(to);
      if (a === b) return false;
      return LEVEL.get(b)! >= LEVEL.get(a)!;
    })
    .map(({ from, to, line }) => `${relative(ROOT, from)}:${line} → ${relative(ROOT, to)}`);
  assert.equal(wrong, []);
});

test('reporters take results and rule metadata: they import no rule', () => {
  const wrong = edges()
    .filter(({ from, to }) => layerOf(from) === 'reporters' && layerOf(to) !== 'reporters' && layerOf(to) !== 'core')
    .map(({ from, to, line }) => `${relative(ROOT, from)}:${line} → ${relative(ROOT, to)}`);
  assert.equal(wrong, []);
});

test.run();
