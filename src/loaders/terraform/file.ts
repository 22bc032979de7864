// Terraform configurations (.tf): aws_ecs_task_definition resources become task definition units in
// the API's camelCase shape (positions stay in the .tf file, inside jsonencode and heredocs too),
// aws_ecs_service resources become services, IAM, Secrets Manager and KMS resources become policy
// units and the facts the cross-resource checks use, as CloudFormation templates do.
//
// References between resources resolve like CloudFormation's: `aws_iam_role.exec.arn` is the
// string `${aws_iam_role.exec.arn}`, and the role's record lists that string among its aliases.
// A module is a directory: records carry it as their scope, so that a task definition in ecs.tf
// finds the role of iam.tf beside it, and not the one of the same name in another module.
//
// This file reads the file: its size, syntax and duplicate names, then its blocks (resources.ts
// reads the resources, modules.ts the module blocks).

import { contentDocument, type Finding, type LoadResult } from '../document';
import { FILE_START } from '../../core/source-text';
import type { AwsContext, Path } from '../../core/types';
import { scopedKey, type TerraformFacts } from '../../facts/records';
import { bodyItems, duplicateNames, namedChildren } from '../hcl/blocks';
import { HclEvaluator, type ReadFile } from '../hcl/evaluator';
import { LocatedSourceMap, type Located } from '../hcl/located';
import type { HclModule, ModuleName } from '../hcl/module';
import { parseHcl, type HclFile } from '../hcl/parser';
import { HclEditor } from './editor';
import { readModuleBlocks } from './modules';
import { emptyContent, type TerraformContent } from './reader-context';
import { readResources } from './resources';
import { HclView, type TfResource } from './views';

export interface TerraformOptions {
  /** The .tf file's path: its directory is the module (scope) and the base of file() paths. */
  fileName?: string;
  readFile?: ReadFile;
  /** The file as reports show it, for messages that name where a policy is (default: fileName). */
  displayName?: string;
  /** The locals and variable defaults of its module's files (fileName's directory). */
  module?: HclModule;
}

export { HclModule } from '../hcl/module';

/** Resource types that make a .tf file an input. */
const RELEVANT = /\b(?:aws_ecs_task_definition|aws_ecs_service|aws_iam_\w+|aws_secretsmanager_\w+|aws_kms_\w+|aws_cloudwatch_log_group|aws_ssm_parameter|aws_db_instance|aws_rds_cluster|container_definitions)\b/;

/** The directory of a path, as the module it belongs to. */
export function directoryOf(fileName: string | undefined): string | undefined {
  if (fileName === undefined) return undefined;
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return slash < 0 ? '.' : slash === 0 ? '/' : fileName.slice(0, slash);
}

/**
 * The most characters of a .tf file the HCL parser reads (the middles of long strings are not
 * read, so do not count). The grammar makes a token of every character of a string, and a run
 * parses each file twice (its facts, then its findings): 4 million characters that cannot be
 * skipped (a tuple of 2 million numbers, strings full of "$") took 11-13 s and 0.8-1 GB. Larger
 * files get a finding instead; real configurations are far smaller.
 */
export const MAX_TERRAFORM_CHARACTERS = 4_000_000;

export function loadTerraform(text: string, options: TerraformOptions): LoadResult {
  return readTerraformFile(text, options).load;
}

/** A .tf file read once: what linting it gives, and what it tells the run (when it defines anything). */
export interface TerraformRead {
  load: LoadResult;
  facts?: TerraformFacts;
}

export function readTerraformFile(text: string, options: TerraformOptions): TerraformRead {
  const file = parseHcl(text, MAX_TERRAFORM_CHARACTERS);
  if ('tooLarge' in file) {
    const millions = (count: number) => `${(count / 1e6).toFixed(1)} million`;
    return {
      load: {
        recognized: RELEVANT.test(text),
        findings: [
          {
            ruleId: 'parse-error',
            messageId: 'too-large',
            range: FILE_START,
            data: { size: `${millions(file.tooLarge)} characters of HCL`, limit: `${millions(MAX_TERRAFORM_CHARACTERS)} for a .tf file (the insides of long strings not counted)` },
            fatal: true,
          },
        ],
      },
    };
  }
  try {
    if (file.error) {
      const { start, end, message } = file.error;
      return {
        load: {
          recognized: RELEVANT.test(text),
          findings: [
            {
              ruleId: 'parse-error',
              messageId: 'syntax',
              range: file.source.range(start, end - start),
              data: { format: 'HCL', problem: message },
              fatal: true,
            },
          ],
        },
      };
    }
    const sourceMap = new LocatedSourceMap(file.source);
    const content = readTerraform(file, options, sourceMap);
    // Every .tf file is an input (variables.tf, outputs.tf: a module's other parts), with nothing to
    // check unless it defines resources ecs-lint knows.
    if (!content.recognized) return { load: { recognized: true, findings: [] } };
    const document = { ...contentDocument('terraform', sourceMap, content), editor: new HclEditor(file.source, sourceMap) };
    return { load: { recognized: true, findings: [...duplicateFindings(file), ...content.findings], document }, facts: content };
  } finally {
    file.dispose();
  }
}

/**
 * Arguments set twice (Terraform refuses the file: "Attribute redefined") and object keys written
 * twice (Terraform keeps the last one), at the second name.
 */
function duplicateFindings(file: HclFile): Finding[] {
  const clip = (name: string) => (name.length > 60 ? `${name.slice(0, 59)}…` : name);
  return duplicateNames(file).map(({ kind, name, start, end, first }): Finding => {
    const range = file.source.range(start, end - start);
    const firstLine = file.source.position(first).line;
    if (kind === 'key') return { ruleId: 'parse-error', messageId: 'duplicate-key', range, data: { key: clip(name), firstLine } };
    const problem = `the argument "${clip(name)}" is already set at line ${firstLine}, and Terraform refuses an argument set twice ("Attribute redefined"); keep only one`;
    return { ruleId: 'parse-error', messageId: 'syntax', range, data: { format: 'HCL', problem } };
  });
}

/** What a .tf file tells the run: its records, its links to other files, its registry-auth task definitions. */
export function readTerraformFacts(text: string, options: TerraformOptions): TerraformFacts | undefined {
  if (!RELEVANT.test(text)) return undefined;
  return readTerraformFile(text, options).facts;
}

function readTerraform(file: HclFile, options: TerraformOptions, sourceMap: LocatedSourceMap): TerraformContent {
  const scope = directoryOf(options.fileName);
  let unknownCount = 0;
  const unknown = () => `\${Unresolved.${++unknownCount}}`;
  const { module } = options;
  const evaluator = new HclEvaluator(file, {
    ...(scope !== undefined ? { directory: scope } : {}),
    ...(options.readFile ? { readFile: options.readFile } : {}),
    unknown,
    ...(module ? { module: (name: ModuleName) => module.value(name, options.fileName) } : {}),
  });
  const resources: TfResource[] = [];
  const modules: Array<{ name: string; view: HclView }> = [];
  let providerRegion: string | undefined;
  let providers = 0;
  for (const topBlock of bodyItems(namedChildren(file.root).find((node) => node.type === 'body')).blocks) {
    if ((topBlock.type === 'resource' || topBlock.type === 'data') && topBlock.labels.length === 2) {
      const [type, name] = topBlock.labels as [string, string];
      const view = new HclView(evaluator, topBlock);
      resources.push({
        mode: topBlock.type,
        type,
        name,
        view,
        address: `${topBlock.type === 'data' ? 'data.' : ''}${type}.${name}`,
        counted: view.has('count') || view.has('for_each'),
      });
    } else if (topBlock.type === 'module' && topBlock.labels.length === 1) {
      modules.push({ name: topBlock.labels[0]!, view: new HclView(evaluator, topBlock) });
    } else if (topBlock.type === 'provider' && topBlock.labels[0] === 'aws') {
      const view = new HclView(evaluator, topBlock);
      if (view.has('alias')) continue;
      providers++;
      const region = view.attribute('region')?.value;
      if (typeof region === 'string' && /^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(region)) providerRegion = region;
    }
  }
  const context: AwsContext = { ...(providers === 1 && providerRegion ? { region: providerRegion } : {}) };
  const register = (loc: Located): Path => sourceMap.register(loc);
  const content = emptyContent();
  readResources(resources, { ...(scope !== undefined ? { scope } : {}), origin: options.displayName ?? options.fileName ?? '', unknown, register, source: file.source, context }, content);
  readModuleBlocks(modules, { ...(scope !== undefined ? { scope } : {}), context, register }, content);
  handRolesToModules(modules, file.source.text, scope, content);
  return content;
}

/**
 * A role handed to a module (`aws_iam_role.x` among its arguments) may be given policies there,
 * which this configuration does not show: its permissions become unknown.
 */
function handRolesToModules(
  modules: ReadonlyArray<{ name: string; view: HclView }>,
  text: string,
  scope: string | undefined,
  content: TerraformContent,
): void {
  for (const { name: module, view } of modules) {
    // What the module attaches: a policy no file of the run describes.
    const policies = scopedKey(`\${module.${module}.policies}`, scope);
    const names = new Set([...text.slice(view.loc.start, view.loc.end).matchAll(/\baws_iam_role\.([A-Za-z_][\w-]*)/g)].map((match) => match[1]!));
    for (const name of names) {
      const alias = `\${aws_iam_role.${name}.name}`;
      const role = content.facts.roles.find((record) => record.aliases?.includes(alias));
      if (role) role.attached.push(policies);
      else content.pending.push({ kind: 'role-attached', role: alias, ...(scope !== undefined ? { scope } : {}), arn: policies });
    }
  }
}
