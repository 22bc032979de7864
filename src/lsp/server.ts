// The language server (ecs-lint --lsp): placeholder until the server lands.

export async function startLanguageServer(_options: { version: string }): Promise<void> {
  throw new Error('the language server is not built yet');
}
