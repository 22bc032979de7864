// Files the command reads at run time (the HCL parser's WebAssembly, the IAM action list) sit in
// dist/assets/, where the build puts them: the installed package needs none of the libraries they
// come from. From the bundle (dist/cli.cjs) they are beside it; from the sources (tests), under the
// built dist/ of the checkout.

import { fileURLToPath } from 'node:url';

declare const ECS_LINT_BUNDLED: boolean | undefined;

/** The path of a file of dist/assets/. */
export function assetPath(name: string): string {
  const relative = typeof ECS_LINT_BUNDLED === 'boolean' ? `./assets/${name}` : `../../dist/assets/${name}`;
  return fileURLToPath(new URL(relative, import.meta.url));
}
