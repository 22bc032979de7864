import { partitionOfRegion } from '../aws/partitions';
import type { LintSettings, SeveritySetting } from '../core/types';
import type { ConfigFile } from './config';
import { globMatcher } from './discover';

/** What the command line may set over the config file (the language server sets nothing). */
export interface SettingFlags {
  account?: string;
  region?: string;
  partition?: string;
  target?: LintSettings['target'];
  rules?: Record<string, SeveritySetting>;
  reportUnknownConditions?: boolean;
  policyScope?: 'ecs' | 'all';
}

/**
 * The run's settings: the config file's, with the command line's flags winning.
 * A region outside the partition set beside it is the caller's error: `fail` builds the exception.
 */
export function resolveSettings(config: ConfigFile, flags: SettingFlags, fail: (message: string) => Error): LintSettings {
  const account = flags.account ?? config.account;
  const region = flags.region ?? config.region;
  const partition = flags.partition ?? config.partition;
  const regionPartition = region ? partitionOfRegion(region) : undefined;
  if (regionPartition && partition && regionPartition.id !== partition) {
    throw fail(`the region "${region}" is in the partition "${regionPartition.id}", not "${partition}"`);
  }
  const settings: LintSettings = { target: flags.target ?? config.target ?? 'api', rules: { ...config.rules, ...flags.rules } };
  if (account !== undefined) settings.account = account;
  if (region !== undefined) settings.region = region;
  if (partition !== undefined) settings.partition = partition;
  if (flags.reportUnknownConditions ?? config.reportUnknownConditions) settings.reportUnknownConditions = true;
  if ((flags.policyScope ?? config.policyScope) === 'all') settings.policyScope = 'all';
  return settings;
}

/**
 * The settings for one file: the config's `overrides` whose globs match it add their rule severities;
 * severities from the command line still win over them.
 */
export async function overrideSettings(
  config: ConfigFile,
  settings: LintSettings,
  fromCommandLine: Record<string, SeveritySetting> = {},
): Promise<(absolutePath: string) => LintSettings> {
  const overrides = await Promise.all(
    (config.overrides ?? []).map(async (override) => ({ matches: await globMatcher(override.files, config.directory), rules: override.rules })),
  );
  if (overrides.length === 0) return () => settings;
  return (absolutePath) => {
    let rules = settings.rules;
    for (const override of overrides) if (override.matches(absolutePath)) rules = { ...rules, ...override.rules };
    return rules === settings.rules ? settings : { ...settings, rules: { ...rules, ...fromCommandLine } };
  };
}
