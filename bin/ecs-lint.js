#!/usr/bin/env node
// The ecs-lint command. The only place that ends the process.
import module from 'node:module';

// Node 22.1 and later keep compiled code between runs (in the OS temporary directory, checked
// against the file's content): a warm start then skips most of the compiling. Older Node has no
// such cache and starts as before.
module.enableCompileCache?.();

const { main } = await import('../dist/cli.js');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`ecs-lint: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
