#!/usr/bin/env node
// The ecs-lint command. The only place that ends the process. It loads the program (bundle.cjs:
// dist/cli.cjs with its V8 code cache) and runs the command line, or the language server for --lsp.
'use strict';

// Older Node.js (Debian 12 and Ubuntu 24.04 ship 18) lacks what the command uses: one clear line
// instead of a stack trace later.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`ecs-lint: Node.js 20.19 or later is required; this is Node.js ${process.versions.node} (${process.execPath})\n`);
  process.exit(2);
}

const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { loadBundle, file } = require('./bundle.cjs');

let bundle;
try {
  bundle = loadBundle();
} catch (error) {
  // A checkout (the package has dist/ built in): the first run builds the command.
  const build = join(__dirname, '..', 'scripts', 'build.mjs');
  if (error.code === 'ENOENT' && existsSync(build)) {
    process.stderr.write('ecs-lint: building the command in this checkout (once)\n');
    const run = require('node:child_process').spawnSync(process.execPath, [build], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status === 0) bundle = loadBundle();
  }
  if (bundle === undefined) {
    process.stderr.write(`ecs-lint: the built command is missing (${error.code ?? error}: ${file}); run "npm install" and "npm run build" in ${join(__dirname, '..')}\n`);
    process.exit(2);
  }
}

const mode = process.env.ECS_LINT_CODE_CACHE;
// The language server is started here: the command line is not loaded for it.
const argv = process.argv.slice(2);
(argv.includes('--lsp') ? bundle.exports.lsp(argv) : bundle.exports.main(argv)).then(
  (code) => {
    process.exitCode = code;
    if (mode !== 'off') bundle.saveCache(mode === 'write');
  },
  (error) => {
    process.stderr.write(`ecs-lint: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
