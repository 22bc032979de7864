// A Terraform module's locals and variable defaults, module-wide. Terraform reads every .tf file of
// a directory as one configuration, so `local.containers` in ecs.tf may be written in locals.tf.
//
// Invariant: the module's files are parsed once (at the first name a file of it does not define
// itself), every local and default evaluated, and the trees freed; what is kept is values. A file
// takes a value from here with its unknowns renumbered as its own and located at its reference
// (renumbered, atReference). A name written in two files (Terraform refuses it) is unknown, as is a
// cycle (the evaluators' own guard).

import { bodyItems, namedChildren } from './blocks';
import { HclEvaluator, type ReadFile } from './evaluator';
import { isObject } from '../../core/values';
import { define, relocated, type Evaluated, type JsonDocument } from './located';
import { parseHcl, type HclFile } from './parser';

export interface ModuleFile {
  /** As the linted file's name is given (the evaluator leaves its own file out). */
  path: string;
  text: string;
}

/** A value as a file of the module wrote it; its document, if any, read already. */
export type ModuleValue = Omit<Evaluated, 'document'> & { document?: JsonDocument };

export type ModuleName = `local.${string}` | `var.${string}`;

/** The most characters of a module's file read for its locals (a larger file's are unknown). */
const MAX_CHARACTERS = 4_000_000;
/** Only files that may define a local or a variable are parsed. */
const DEFINES = /\b(?:locals|variable)\b/;

export class HclModule {
  /** By name, the files that write it and, once evaluated, its value (null: not known). */
  private definitions?: Map<ModuleName, Array<{ path: string; evaluator?: HclEvaluator; value?: ModuleValue | null }>>;

  constructor(
    private readonly files: () => readonly ModuleFile[],
    private readonly options: { directory?: string; readFile?: ReadFile } = {},
  ) {}

  /** The value of `name` as the one file of the module other than `except` that writes it. */
  value(name: ModuleName, except: string | undefined): ModuleValue | undefined {
    const writers = this.read().get(name)?.filter((writer) => writer.path !== except);
    if (writers?.length !== 1) return undefined;
    const writer = writers[0]!;
    if (writer.value === undefined && writer.evaluator) {
      writer.value = null;
      writer.value = materialise(writer.evaluator.definition(name)) ?? null;
    }
    return writer.value ?? undefined;
  }

  private read(): NonNullable<HclModule['definitions']> {
    if (this.definitions) return this.definitions;
    const definitions: NonNullable<HclModule['definitions']> = new Map();
    this.definitions = definitions;
    const parsed: HclFile[] = [];
    let unknownCount = 0;
    const unknown = () => `\${Unresolved.${++unknownCount}}`;
    try {
      for (const { path, text } of this.files()) {
        if (!DEFINES.test(text)) continue;
        const file = parseHcl(text, MAX_CHARACTERS);
        if ('tooLarge' in file) continue;
        parsed.push(file);
        // Terraform refuses a module with a syntax error: its names are unknown.
        if (file.error) continue;
        const evaluator = new HclEvaluator(file, { ...this.options, unknown, module: (name) => this.value(name, path) });
        for (const block of bodyItems(namedChildren(file.root).find((node) => node.type === 'body')).blocks) {
          const names: ModuleName[] =
            block.type === 'locals' ? bodyItems(block.body).attributes.map((attribute) => `local.${attribute.name}` as const)
            : block.type === 'variable' && block.labels[0] ? [`var.${block.labels[0]}`]
            : [];
          for (const name of names) {
            const writers = definitions.get(name) ?? [];
            writers.push({ path, evaluator });
            definitions.set(name, writers);
          }
        }
      }
      // Every value now, while the trees live.
      for (const name of definitions.keys()) this.value(name, undefined);
    } finally {
      for (const file of parsed) file.dispose();
      for (const writers of definitions.values()) for (const writer of writers) delete writer.evaluator;
    }
    return definitions;
  }
}

/** A value without what needs its file's tree (its document, read now). */
function materialise(value: Evaluated | undefined): ModuleValue | undefined {
  if (!value) return undefined;
  const { document, ...rest } = value;
  return document ? { ...rest, document: document() } : rest;
}

/** A module's value with its unknowns (`${Unresolved.N}` of the module's count) made a file's own. */
export function renumbered(value: ModuleValue, table: Map<string, string>, unknown: () => string): ModuleValue {
  const renumber = (part: unknown): unknown => {
    if (typeof part === 'string') {
      return part.replace(/\$\{Unresolved\.\d+\}/g, (theirs) => {
        let own = table.get(theirs);
        if (own === undefined) table.set(theirs, (own = unknown()));
        return own;
      });
    }
    if (Array.isArray(part)) return part.map(renumber);
    if (!isObject(part)) return part;
    const copy: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(part)) define(copy, key, renumber(member));
    return copy;
  };
  const { document } = value;
  return { ...value, value: renumber(value.value), ...(document?.kind === 'value' ? { document: { ...document, value: renumber(document.value) } } : {}) };
}

/**
 * A module's value at a reference (start, end) in a file: the whole of it located there, its
 * document too (findings inside it point at the reference; a fix cannot edit what the file does
 * not hold).
 */
export function atReference(value: ModuleValue, start: number, end: number): Evaluated {
  const { document, ...rest } = value;
  const result: Evaluated = { ...rest, loc: relocated(value.loc, start, end) };
  if (document) {
    result.document = () =>
      document.kind === 'value' ? { kind: 'value', value: document.value, loc: relocated(document.loc, start, end) }
      : document.kind === 'invalid' ? { ...document, start, end }
      : document;
  }
  return result;
}
