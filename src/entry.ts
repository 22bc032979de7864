// The command's bundle (dist/cli.cjs, which bin/ecs-lint.js runs): the command line, the language
// server (`ecs-lint --lsp`), and the Node.js API the package exports.

import { VERSION } from './api/ecs-lint';

export { main } from './cli/main';
export * from './api/index';

/**
 * `ecs-lint --lsp [--stdio]`: the language server, on standard input and output, until the client
 * says exit. Loaded only for editors: a lint run never pays for it.
 */
export async function lsp(argv: readonly string[]): Promise<number> {
  const other = argv.find((argument) => argument !== '--lsp' && argument !== '--stdio');
  if (other !== undefined) {
    process.stderr.write(`ecs-lint: --lsp takes no other option than --stdio, not "${other}"\nRun "ecs-lint --help" for usage.\n`);
    return 2;
  }
  const { startLanguageServer } = await import('./lsp/server');
  await startLanguageServer({ version: VERSION });
  return 0;
}
