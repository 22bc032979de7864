// Where a corpus run's time goes once start-up and compilation are paid: the built command's
// main() runs on a directory several times in one process, in turn with bench/floor.mjs's loop
// (read every file and parse it). The first pass is what a real run costs (cold: code runs
// interpreted until V8 has compiled it); the last one is the lint's own work with the JIT warm.
//
// Usage: node bench/warm.cjs <directory> [passes]   → one JSON line:
//   { "files": n, "ours": [ms per pass…], "floor": [ms per pass…] }
'use strict';

const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');
const { createRequire } = require('node:module');

const [directory, passArgument = '4'] = process.argv.slice(2);
const passes = Number(passArgument);
const dist = join(__dirname, '..', 'dist');
const file = join(dist, 'cli.cjs');

// The bundle as bin/ecs-lint.js runs it (without the code cache: compilation is not measured here).
const bundle = { exports: {} };
new Script(readFileSync(file).latin1Slice(), { filename: file }).runInThisContext()(bundle.exports, createRequire(file), bundle, file, dist);

const silent = { write: () => true };
const io = { cwd: process.cwd(), stdout: silent, stderr: silent, env: {}, readStdin: async () => '' };

async function timed(run) {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

(async () => {
  const { floor } = await import('./floor.mjs');
  const ours = [];
  const theirs = [];
  let count = 0;
  for (let pass = 0; pass < passes; pass++) {
    ours.push(await timed(async () => {
      const code = await bundle.exports.main(['--format', 'json', directory], io);
      if (code !== 0 && code !== 1) throw new Error(`ecs-lint exited with ${code}`);
    }));
    theirs.push(await timed(async () => {
      count = await floor(directory);
    }));
  }
  process.stdout.write(`${JSON.stringify({ files: count, ours, floor: theirs })}\n`);
})().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 2;
});
