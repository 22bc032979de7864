// Lints a folder of real-world files (default ../shared/corpus) and prints the findings per rule,
// to review by hand: every finding there should be one the files' maintainers would agree with.
// Usage: node scripts/lint-corpus.mjs [folder] [extra ecs-lint options...]

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [folder = join(root, '../shared/corpus'), ...options] = process.argv.slice(2);
const run = spawnSync(process.execPath, [join(root, 'bin/ecs-lint.js'), '--format', 'json', ...options, folder], {
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (run.status === 2) {
  process.stderr.write(run.stderr);
  process.exit(2);
}
const results = JSON.parse(run.stdout);
const perRule = new Map();
for (const result of results) {
  for (const message of result.messages) {
    const key = `${message.ruleId} (${message.severity === 2 ? 'error' : 'warn'})`;
    perRule.set(key, (perRule.get(key) ?? 0) + 1);
    console.log(`${result.filePath}:${message.line}:${message.column}: ${message.ruleId}: ${message.message}`);
  }
}
console.log(`\n${results.length} files with findings or recognised; findings per rule:`);
for (const [key, count] of [...perRule].sort()) console.log(`  ${String(count).padStart(4)}  ${key}`);
if (run.stderr) process.stderr.write(run.stderr);
