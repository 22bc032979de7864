// The language server (ecs-lint --lsp [--stdio]): diagnostics for the open JSON, YAML and .tf
// documents on open, on change (debounced) and on save, from their unsaved text, with the config
// file and engine of the CLI. It speaks LSP over standard input and output only.
//
// The process ends when the client says `exit` (code 0 after `shutdown`, 1 without, as LSP
// wants) or closes the connection: vscode-languageserver ends it then.

import { basename } from 'node:path';
import {
  CodeActionKind,
  createConnection,
  type CodeAction,
  type CodeActionParams,
  DidChangeWatchedFilesNotification,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../api/config';
import type { LintMessage } from '../api/types';
import { filePathOf, isLinted, lintDocument, mayTellOthers, SOURCE, type OpenDocument } from './lint-document';

/** The code action kind of fixing every problem that has one right answer (for fix-on-save). */
export const FIX_ALL = 'source.fixAll.ecs-lint';

/** Milliseconds between the last change and the lint; `initializationOptions.debounceMs` sets it. */
export const DEFAULT_DEBOUNCE_MS = 200;

export interface LanguageServerOptions {
  version: string;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export function startLanguageServer(options: LanguageServerOptions): Promise<void> {
  const connection = createConnection(ProposedFeatures.all, options.input ?? process.stdin, options.output ?? process.stdout);
  // Standard output is the protocol: anything printed by mistake goes to the client's log instead.
  redirectConsole(connection);
  const server = new EcsLintServer(connection, options.version);
  return server.listen();
}

class EcsLintServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The document version last linted, so that the change event of an open does not lint twice. */
  private readonly linted = new Map<string, number>();
  /** The findings last published per document, with their fixes, for code actions. */
  private readonly findings = new Map<string, { version: number; messages: LintMessage[] }>();
  /** The config problem last shown per config file, so that typing does not repeat it. */
  private readonly shownConfigErrors = new Map<string, string>();
  private roots: string[] = [];
  private debounceMs = DEFAULT_DEBOUNCE_MS;
  private watchConfigFiles = false;
  private followFolders = false;
  /** The client shows related information: a finding's help is published there. */
  private relatedInformation = false;
  private shuttingDown = false;

  constructor(
    private readonly connection: Connection,
    private readonly version: string,
  ) {}

  listen(): Promise<void> {
    const { connection, documents } = this;
    connection.onInitialize((params) => {
      const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
      this.roots = folders.map((folder) => filePathOf(folder.uri)).filter((path): path is string => path !== undefined);
      if (this.roots.length === 0 && params.rootPath) this.roots = [params.rootPath];
      const debounce = (params.initializationOptions as { debounceMs?: unknown } | null | undefined)?.debounceMs;
      if (typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0) this.debounceMs = debounce;
      this.watchConfigFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      this.followFolders = params.capabilities.workspace?.workspaceFolders === true;
      this.relatedInformation = params.capabilities.textDocument?.publishDiagnostics?.relatedInformation === true;
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL] },
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: 'ecs-lint', version: this.version },
      };
    });
    connection.onInitialized(() => {
      connection.console.info(`ecs-lint ${this.version} language server; workspace: ${this.roots.join(', ') || '(none)'}`);
      if (this.watchConfigFiles) {
        connection.client
          .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] })
          .catch((error: unknown) => this.logError('could not watch the config files', error));
      }
      if (this.followFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((event) => {
          const removed = new Set(event.removed.map((folder) => filePathOf(folder.uri)));
          this.roots = this.roots.filter((root) => !removed.has(root));
          for (const folder of event.added) {
            const path = filePathOf(folder.uri);
            if (path) this.roots.push(path);
          }
          this.lintAll();
        });
      }
    });
    // The config file is read again on every lint; a change to it re-lints what is open.
    connection.onDidChangeWatchedFiles(() => this.lintAll());
    connection.onCodeAction((params) => this.codeActions(params));

    documents.onDidOpen(({ document }) => {
      if (isLinted(document)) this.lintNow(document.uri, true);
    });
    documents.onDidChangeContent(({ document }) => {
      // Opening fires this too, after onDidOpen: that version is linted already.
      if (this.linted.get(document.uri) === document.version) return;
      if (isLinted(document)) this.schedule(document.uri);
    });
    documents.onDidSave(({ document }) => {
      if (basename(filePathOf(document.uri) ?? '') === CONFIG_FILE_NAME) this.lintAll();
      else if (isLinted(document)) this.lintNow(document.uri, true);
    });
    documents.onDidClose(({ document }) => {
      this.cancel(document.uri);
      this.linted.delete(document.uri);
      this.findings.delete(document.uri);
      this.publish(document.uri, undefined, []);
      // What it told the others is gone with it.
      if (mayTellOthers(snapshot(document))) this.lintAll();
    });
    connection.onShutdown(() => {
      this.shuttingDown = true;
      for (const uri of [...this.timers.keys()]) this.cancel(uri);
    });
    return new Promise((resolve) => {
      // vscode-languageserver ends the process right after this (and when the input closes).
      connection.onExit(() => resolve());
      documents.listen(connection);
      connection.listen();
    });
  }

  private schedule(uri: string): void {
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.lintNow(uri, true);
      }, this.debounceMs),
    );
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private lintAll(): void {
    for (const document of this.documents.all()) if (isLinted(document)) this.lintNow(document.uri, false);
  }

  /** Lints the document's current text and publishes; with `others`, re-lints the documents its facts may change. */
  private lintNow(uri: string, others: boolean): void {
    if (this.shuttingDown) return;
    this.cancel(uri);
    const current = this.documents.get(uri);
    if (!current) return;
    this.linted.set(uri, current.version);
    void this.lint(uri).then(() => {
      const document = this.documents.get(uri);
      if (!others || !document || !mayTellOthers(snapshot(document))) return;
      for (const other of this.documents.all()) {
        if (other.uri !== uri && isLinted(other)) this.lintNow(other.uri, false);
      }
    });
  }

  private async lint(uri: string): Promise<void> {
    try {
      // The text and version are taken when the lint starts; lintDocument's only waits are for the
      // HCL parser and glob matchers, and a later edit lints (and publishes) again after it.
      const document = this.documents.get(uri);
      if (!document) return;
      const openDocuments = this.documents.all().filter(isLinted).map(snapshot);
      const result = await lintDocument(snapshot(document), { roots: this.roots, openDocuments, relatedInformation: this.relatedInformation });
      // Closed meanwhile, or a newer version has already been published.
      const now = this.documents.get(uri);
      if (!now || now.version !== document.version || this.shuttingDown) return;
      if (result.configError !== undefined) this.showConfigError(result.configFile, result.configError);
      else this.shownConfigErrors.delete(result.configFile);
      for (const { ruleId, error } of result.internalErrors) {
        this.logError(`internal error in rule ${ruleId} on ${uri}; please report it`, error);
      }
      this.findings.set(uri, { version: document.version, messages: result.messages ?? [] });
      this.publish(uri, document.version, result.diagnostics);
    } catch (error) {
      this.logError(`could not lint ${uri}`, error);
    }
  }

  /**
   * The quick fix of each ecs-lint diagnostic asked about that has one, its suggestions, and
   * "fix all" (source.fixAll.ecs-lint, for fix-on-save): every fix applied, linted again until
   * nothing changes, as --fix does.
   */
  private async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document || !isLinted(document)) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((asked) => kind === asked || kind.startsWith(`${asked}.`));
    const actions: CodeAction[] = [];
    const known = this.findings.get(document.uri);
    const current = known?.version === document.version ? known.messages : [];
    const bom = document.getText().charCodeAt(0) === 0xfeff ? 1 : 0;
    const textEdit = (edit: { range: [number, number]; text: string }) => ({
      range: { start: document.positionAt(edit.range[0] + bom), end: document.positionAt(edit.range[1] + bom) },
      newText: edit.text,
    });
    if (wants(CodeActionKind.QuickFix)) {
      for (const diagnostic of params.context.diagnostics) {
        // Neovim 0.7 sends back a diagnostic without its source: the rule and the place tell it.
        if ((diagnostic.source !== undefined && diagnostic.source !== SOURCE) || !diagnostic.range) continue;
        // The diagnostic as published: same rule, same start (its message may carry the help).
        const { line, character } = diagnostic.range.start;
        const message = current.find((candidate) => candidate.ruleId === diagnostic.code && candidate.line === line + 1 && candidate.column - 1 + (candidate.line === 1 ? bom : 0) === character);
        if (!message) continue;
        if (message.fix) {
          actions.push({ title: `Fix: ${message.message}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [document.uri]: [textEdit(message.fix)] } } });
        }
        for (const suggestion of message.suggestions ?? []) {
          actions.push({ title: suggestion.desc, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [document.uri]: [textEdit(suggestion.fix)] } } });
        }
      }
    }
    if (wants(FIX_ALL) && (only !== undefined || current.some((message) => message.fix))) {
      const openDocuments = this.documents.all().filter(isLinted).map(snapshot);
      const fixed = await lintDocument(snapshot(document), { roots: this.roots, openDocuments, relatedInformation: this.relatedInformation }, { fix: true });
      if (fixed.output !== undefined && this.documents.get(document.uri)?.version === document.version) {
        const text = document.getText();
        actions.push({
          title: 'Fix all ecs-lint problems that have one right answer',
          kind: FIX_ALL,
          edit: { changes: { [document.uri]: [{ range: { start: document.positionAt(0), end: document.positionAt(text.length) }, newText: bom ? `\ufeff${fixed.output}` : fixed.output }] } },
        });
      }
    }
    return actions;
  }

  private showConfigError(key: string, message: string): void {
    if (this.shownConfigErrors.get(key) === message) return;
    this.shownConfigErrors.set(key, message);
    this.connection.console.error(`ecs-lint: ${message}`);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: `ecs-lint: ${message}` }).catch(() => undefined);
  }

  private publish(uri: string, version: number | undefined, diagnostics: Awaited<ReturnType<typeof lintDocument>>['diagnostics']): void {
    this.connection
      .sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics })
      .catch((error: unknown) => this.logError(`could not publish the diagnostics of ${uri}`, error));
  }

  private logError(what: string, error: unknown): void {
    try {
      this.connection.console.error(`ecs-lint: ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } catch {
      // The connection is gone: nobody to tell.
    }
  }
}

function snapshot(document: TextDocument): OpenDocument {
  return { uri: document.uri, languageId: document.languageId, text: document.getText() };
}

function redirectConsole(connection: Connection): void {
  const text = (args: unknown[]) => args.map((arg) => (typeof arg === 'string' ? arg : String(arg))).join(' ');
  console.log = (...args: unknown[]) => connection.console.log(text(args));
  console.info = (...args: unknown[]) => connection.console.info(text(args));
  console.debug = (...args: unknown[]) => connection.console.log(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
}
