// An LSP client for the tests: spawns the built `ecs-lint --lsp --stdio` and talks to it with
// vscode-languageserver-protocol, as an editor would. Every wait is bounded: a test fails, never hangs.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  ClientCapabilities,
  InitializeResult,
  LogMessageParams,
  PublishDiagnosticsParams,
  ShowMessageParams,
} from 'vscode-languageserver-protocol';
import { BIN, ROOT } from './cli';

export const WAIT_MS = 15_000;

/** Builds dist/ when it is missing (npm test builds it first). */
export function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist/cli.cjs'))) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0) throw new Error(`node scripts/build.mjs failed:\n${build.stdout}${build.stderr}`);
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

export interface StartOptions {
  /** The workspace folder (and rootUri). */
  root?: string;
  initializationOptions?: unknown;
  capabilities?: ClientCapabilities;
  args?: string[];
}

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly shown: ShowMessageParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly registrations: unknown[] = [];
  stderr = '';
  private readonly waiters = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.wake();
    });
    connection.onNotification('window/showMessage', (params: ShowMessageParams) => {
      this.shown.push(params);
      this.wake();
    });
    connection.onNotification('window/logMessage', (params: LogMessageParams) => {
      this.logs.push(params);
    });
    connection.onRequest('client/registerCapability', (params: unknown) => {
      this.registrations.push(params);
      this.wake();
      return null;
    });
    connection.onRequest('workspace/configuration', () => []);
    connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<{ client: LspClient; initialized: InitializeResult }> {
    const child = spawn(process.execPath, [BIN, ...(options.args ?? ['--lsp', '--stdio'])], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection);
    const rootUri = options.root ? fileUri(options.root) : null;
    const initialized = await client.within(
      connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: options.root ? [{ uri: rootUri, name: 'workspace' }] : null,
        capabilities: options.capabilities ?? {
          textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
          workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        },
        initializationOptions: options.initializationOptions,
      }) as Promise<InitializeResult>,
      'the initialize response',
    );
    await connection.sendNotification('initialized', {});
    return { client, initialized };
  }

  /** Rejects when `promise` takes longer than WAIT_MS, or the server dies first. */
  within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}${this.report()}`)), ms);
    });
    const died = this.exited.then((code) => {
      throw new Error(`the server exited (code ${code}) while waiting for ${what}${this.report()}`);
    });
    return Promise.race([promise, timeout, died]).finally(() => clearTimeout(timer));
  }

  /** What the server said on the side, for a failure's message. */
  private report(): string {
    const logs = this.logs.map((log) => log.message).join('\n');
    return `\nserver log:\n${logs || '(none)'}\nserver stderr:\n${this.stderr || '(none)'}`;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Waits until `check` returns a value (checked now and on every message from the server). */
  waitUntil<T>(check: () => T | undefined, what: string, ms = WAIT_MS): Promise<T> {
    const found = check();
    if (found !== undefined) return Promise.resolve(found);
    let waiter: () => void = () => undefined;
    const promise = new Promise<T>((resolve) => {
      waiter = () => {
        const value = check();
        if (value !== undefined) resolve(value);
      };
      this.waiters.add(waiter);
    });
    return this.within(promise, what, ms).finally(() => this.waiters.delete(waiter));
  }

  /** The first diagnostics published for `uri` after `since` (an index into `published`) that pass `test`. */
  diagnostics(uri: string, options: { since?: number; version?: number; test?: (params: PublishDiagnosticsParams) => boolean } = {}): Promise<PublishDiagnosticsParams> {
    const since = options.since ?? 0;
    return this.waitUntil(
      () =>
        this.published
          .slice(since)
          .find((params) => params.uri === uri && (options.version === undefined || params.version === options.version) && (options.test?.(params) ?? true)),
      `diagnostics for ${uri}${options.version === undefined ? '' : ` version ${options.version}`}`,
    );
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  save(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** A request to the server (textDocument/codeAction, …), within the time limit. */
  request<T>(method: string, params: unknown): Promise<T> {
    return this.within(this.connection.sendRequest(method, params) as Promise<T>, `the ${method} response`);
  }

  /** shutdown, then exit: the server's exit code. */
  async shutdown(): Promise<number | null> {
    await this.within(this.connection.sendRequest('shutdown') as Promise<unknown>, 'the shutdown response');
    await this.connection.sendNotification('exit');
    const code = await this.within(this.exited, 'the server to exit');
    this.connection.dispose();
    return code;
  }

  /** Ends a server a failed test left running. */
  kill(): void {
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
