// The floor a linter is measured against: read every file of a directory and parse it (JSON with
// JSON.parse, YAML with the same YAML library as ecs-lint, Terraform with the same HCL parser), and
// nothing more. Usage: node bench/floor.mjs <directory>

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [directory] = process.argv.slice(2);
let yaml;
let hcl;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let count = 0;
for (const path of files(directory)) {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) JSON.parse(text);
  else if (/\.ya?ml$/.test(path)) {
    yaml ??= await import('yaml');
    yaml.parse(text, { customTags: [{ tag: '!Ref', resolve: (v) => v }, { tag: '!GetAtt', resolve: (v) => v }, { tag: '!Sub', resolve: (v) => v }] });
  } else if (path.endsWith('.tf')) {
    if (!hcl) {
      const { Parser, Language } = await import('web-tree-sitter');
      const { createRequire } = await import('node:module');
      const require = createRequire(import.meta.url);
      await Parser.init();
      const language = await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
      hcl = new Parser();
      hcl.setLanguage(language);
    }
    hcl.parse(text).delete();
  }
  count++;
}
process.stdout.write(`${count}\n`);
