// The loaders that are loaded only when a run needs them: YAML (CloudFormation templates) and
// Terraform (the HCL parser's WASM and the Terraform reader). A run over JSON files never pays for
// them. The engine is synchronous: the CLI, the language server and tests prepare formats first.

import type * as TerraformModule from './terraform/file';
import type * as TerraformPlanModule from './terraform/plan';
import type * as YamlModule from './yaml';

let yaml: typeof YamlModule | undefined;
let terraform: (typeof TerraformModule & typeof TerraformPlanModule) | undefined;

export interface FormatNeeds {
  yaml?: boolean;
  terraform?: boolean;
}

export async function prepareFormats(needs: FormatNeeds): Promise<void> {
  if (needs.yaml && !yaml) yaml = await import('./yaml');
  if (needs.terraform && !terraform) {
    const { prepareHcl } = await import('./hcl/parser');
    await prepareHcl();
    terraform = { ...(await import('./terraform/file')), ...(await import('./terraform/plan')) };
  }
}

export function prepareAllFormats(): Promise<void> {
  return prepareFormats({ yaml: true, terraform: true });
}

/** What a file needs, by its name, and by its text where the name does not tell (a plan's JSON). */
export function formatNeeds(fileName: string | undefined, text?: string): FormatNeeds {
  const needs: FormatNeeds = {};
  if (fileName && /\.tf$/i.test(fileName)) needs.terraform = true;
  else if (fileName && /\.(?:ya?ml|template)$/i.test(fileName)) needs.yaml = true;
  if (text !== undefined && !needs.terraform) {
    const first = /\S/.exec(text)?.[0];
    if (first !== '{' && first !== '[' && !fileName) needs.yaml = true;
    if (first === '{' && text.includes('"format_version"')) needs.terraform = true;
  }
  return needs;
}

export function loadedYaml(): typeof YamlModule {
  if (!yaml) throw new Error('internal: the YAML loader was not prepared (prepareFormats)');
  return yaml;
}

/** The Terraform loaders, or undefined when no Terraform was prepared for this run. */
export function loadedTerraform(): (typeof TerraformModule & typeof TerraformPlanModule) | undefined {
  return terraform;
}
