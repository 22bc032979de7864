// The floor a linter is measured against: read every file of a directory and parse it (JSON with
// JSON.parse, YAML with the same YAML library as ecs-lint, Terraform with the same HCL parser), and
// nothing more. Usage: node bench/floor.mjs <directory>   (bench/warm.cjs imports `floor`)

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let yaml;
let hcl;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Reads and parses every file under `directory` (the parsers loaded on first use); the number of files. */
export async function floor(directory) {
  let count = 0;
  for (const path of files(directory)) {
    const text = readFileSync(path, 'utf8');
    if (path.endsWith('.json')) JSON.parse(text);
    else if (/\.ya?ml$/.test(path)) {
      yaml ??= await import('yaml');
      yaml.parse(text, { customTags: [{ tag: '!Ref', resolve: (v) => v }, { tag: '!GetAtt', resolve: (v) => v }, { tag: '!Sub', resolve: (v) => v }] });
    } else if (path.endsWith('.tf')) {
      hcl ??= await hclParser();
      hcl.parse(text).delete();
    }
    count++;
  }
  return count;
}

async function hclParser() {
  const { Parser, Language } = await import('web-tree-sitter');
  const require = createRequire(import.meta.url);
  await Parser.init();
  const language = await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await floor(process.argv[2])}\n`);
}
