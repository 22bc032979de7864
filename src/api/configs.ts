// Which configuration each file of a run has: the file --config names, for every file; otherwise
// the nearest .ecs-lint.json upward from the file's own directory (the language server's rule
// too): in a monorepo linted from its root, services/a/.ecs-lint.json applies to services/a/. The
// nearest file decides alone; configurations are not merged. Each configuration's settings,
// overrides, ignore and secret-payload globs are worked out once.

import { dirname, relative, resolve } from 'node:path';
import type { LintSettings, SeveritySetting } from '../core/types';
import { emptyConfig, findConfigFile, readConfigFile, type ConfigFile } from './config';
import { globMatcher } from './discover';
import { overrideSettings } from './settings';

/** A configuration with what a run needs of it. */
export interface FileConfig {
  config: ConfigFile;
  /** Its settings, the command line's flags over them. */
  settings: LintSettings;
  /** The settings of one file: with the `overrides` whose globs match it. */
  settingsFor(absolutePath: string): LintSettings;
  isIgnored(absolutePath: string): boolean;
  isPayload(absolutePath: string): boolean;
}

export class ProjectConfigs {
  /** Configurations by the path of their file ('' for none), in the order they were first read. */
  private readonly byFile = new Map<string, FileConfig>();
  /** The configuration file that applies in a directory ('' for none). */
  private readonly fileOfDirectory = new Map<string, string>();

  constructor(
    private readonly explicit: string | undefined,
    private readonly cwd: string,
    /** The settings of a configuration with the command line's flags over them (throws on a conflict). */
    private readonly settingsOf: (config: ConfigFile) => LintSettings,
    /** Severities from --rule: they win over every configuration and its overrides. */
    private readonly cliRules: Record<string, SeveritySetting>,
  ) {}

  /** Reads the configurations of these files (and of the working directory) before `of` is asked. */
  async prepare(absolutePaths: Iterable<string>): Promise<void> {
    await this.forDirectory(this.cwd);
    for (const path of absolutePaths) await this.forDirectory(dirname(path));
  }

  /** The configuration of a directory's files, read on first use. */
  async forDirectory(directory: string): Promise<FileConfig> {
    const file = this.configFile(directory);
    const known = this.byFile.get(file);
    if (known) return known;
    const config = file === '' ? emptyConfig(this.cwd) : readConfigFile(file, this.explicit ?? (relative(this.cwd, file) || file));
    const settings = this.settingsOf(config);
    const fileConfig: FileConfig = {
      config,
      settings,
      settingsFor: await overrideSettings(config, settings, this.cliRules),
      isIgnored: await globMatcher(config.ignore, config.directory),
      isPayload: await globMatcher(config.secretPayloads ?? [], config.directory),
    };
    this.byFile.set(file, fileConfig);
    return fileConfig;
  }

  /** The configuration of a file whose directory `prepare` has read. */
  of(absolutePath: string): FileConfig {
    const known = this.byFile.get(this.configFile(dirname(absolutePath)));
    if (!known) throw new Error(`internal: the configuration of ${absolutePath} was not prepared`);
    return known;
  }

  /** Every configuration read, the working directory's first. */
  get all(): FileConfig[] {
    return [...this.byFile.values()];
  }

  /** The path of the configuration file of a directory: --config's, the nearest, or '' for none. */
  private configFile(directory: string): string {
    if (this.explicit !== undefined) return resolve(this.cwd, this.explicit);
    let file = this.fileOfDirectory.get(directory);
    if (file === undefined) this.fileOfDirectory.set(directory, (file = findConfigFile(directory) ?? ''));
    return file;
  }
}
