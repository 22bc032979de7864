#!/usr/bin/env node
// The ecs-lint command. The only place that ends the process.
//
// It compiles the bundle (dist/cli.cjs) with a V8 code cache kept beside it: the functions a run
// uses are then not compiled again at every start, which is most of a short run's time. The cache
// is checked by V8 against the source and this Node's version; when it is missing or rejected, the
// run compiles as usual and then writes a new one (if dist/ is writable; it never fails the run).
'use strict';

// Older Node.js (Debian 12 and Ubuntu 24.04 ship 18) lacks what the command uses: one clear line
// instead of a stack trace later.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`ecs-lint: Node.js 20.19 or later is required; this is Node.js ${process.versions.node} (${process.execPath})\n`);
  process.exit(2);
}

const { accessSync, constants: fsConstants, existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script, constants } = require('node:vm');
const { createRequire } = require('node:module');

const file = join(__dirname, '..', 'dist', 'cli.cjs');
const cacheFile = join(__dirname, '..', 'dist', `cli.${process.version}-${process.arch}.v8cache`);

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// The bundle is one function expression (see scripts/build.mjs), and ASCII (esbuild escapes the
// rest): read as Latin-1, which skips UTF-8 decoding.
let source;
try {
  source = readFileSync(file).latin1Slice();
} catch (error) {
  // A checkout (the package has dist/ built in): the first run builds the command.
  const build = join(__dirname, '..', 'scripts', 'build.mjs');
  if (error.code === 'ENOENT' && existsSync(build)) {
    process.stderr.write('ecs-lint: building the command in this checkout (once)\n');
    const run = require('node:child_process').spawnSync(process.execPath, [build], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status === 0) source = readFileSync(file).latin1Slice();
  }
  if (source === undefined) {
    process.stderr.write(`ecs-lint: the built command is missing (${error.code ?? error}: ${file}); run "npm install" and "npm run build" in ${join(__dirname, '..')}\n`);
    process.exit(2);
  }
}
const script = new Script(source, {
  filename: file,
  cachedData,
  ...(constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
});
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, join(__dirname, '..', 'dist'));

const writeCache = process.env.ECS_LINT_CODE_CACHE === 'write' || (process.env.ECS_LINT_CODE_CACHE !== 'off' && (cachedData === undefined || script.cachedDataRejected));

bundle.exports.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    if (writeCache) {
      try {
        // Not even made where it cannot be written (a read-only installation).
        accessSync(join(__dirname, '..', 'dist'), fsConstants.W_OK);
        // Written aside and renamed: runs that start meanwhile read the old file or the new one.
        const partial = `${cacheFile}.${process.pid}`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
      } catch {
        // A read-only installation: runs stay correct, only slower to start.
      }
    }
  },
  (error) => {
    process.stderr.write(`ecs-lint: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
