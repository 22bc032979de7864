// The Terraform modules of a run, by directory: each module's locals and variable defaults are read
// once (HclModule parses its files at the first name a file does not define itself) and shared by
// all its files, in the first pass (facts) and the second (findings) alike.

import { dirname } from 'node:path';
import { isTerraformFile } from '../facts/needs';
import { loadedTerraform } from '../loaders/formats';
import type { HclModule } from '../loaders/hcl/module';

export class ModuleCache {
  private readonly modules = new Map<string, HclModule>();

  /**
   * `filesOf`: the .tf files of a directory that the run reads (those the config ignores left out,
   * as they are from the run's facts); `read`: their texts (an editor's unsaved ones first);
   * `readFile`: what their file() calls read.
   */
  constructor(
    private readonly filesOf: (directory: string) => readonly string[],
    private readonly read: (absolutePath: string) => string | undefined,
    private readonly readFile: (absolutePath: string) => string | undefined,
  ) {}

  /** The module of a .tf file (undefined for other files, or before the Terraform loader is ready). */
  of(absolutePath: string | undefined): HclModule | undefined {
    if (absolutePath === undefined || !isTerraformFile(absolutePath)) return undefined;
    const terraform = loadedTerraform();
    if (!terraform) return undefined;
    const directory = dirname(absolutePath);
    let module = this.modules.get(directory);
    if (!module) {
      const files = () => this.filesOf(directory).flatMap((path) => {
        const text = this.read(path);
        return text === undefined ? [] : [{ path, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text }];
      });
      module = new terraform.HclModule(files, { directory, readFile: this.readFile });
      this.modules.set(directory, module);
    }
    return module;
  }
}
