#!/usr/bin/env node
// The ecs-lint command. The only place that ends the process.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`ecs-lint: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
