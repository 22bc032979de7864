// Runs the built ecs-lint command as a user would, and captures what it prints.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin/ecs-lint.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; input?: string | Buffer; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: plainEnvironment(options.env),
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The environment of a run whose report is plain text (FORCE_COLOR unset, NO_COLOR set), with `extra` over it. */
export function plainEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && name !== 'FORCE_COLOR') env[name] = value;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** A temporary directory with the given files (paths relative to it). */
export function tempProject(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'ecs-lint-test-'));
  for (const [path, text] of Object.entries(files)) {
    const absolute = join(directory, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
  }
  return directory;
}
