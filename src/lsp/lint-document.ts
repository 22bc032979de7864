// One editor document → LSP diagnostics, with the CLI's engine, config file and IAM facts.
// Nothing here talks to the client: the server publishes what this returns.

import { basename, dirname, extname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, findConfigFile } from '../api/config';
import { EcsLint } from '../api/ecs-lint';
import type { LintMessage } from '../api/types';
import { holdsFacts } from '../facts/needs';
import { messageWithHelp } from '../core/text';

/** A rule that threw on the document: logged for the user to report. */
export interface InternalError {
  ruleId: string;
  error: unknown;
}

/** What the server knows of an open document. */
export interface OpenDocument {
  uri: string;
  languageId: string;
  text: string;
}

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** An LSP diagnostic as published: 0-based lines, UTF-16 characters. */
export interface LspDiagnostic {
  range: LspRange;
  severity: 1 | 2;
  code?: string;
  codeDescription?: { href: string };
  source: 'ecs-lint';
  message: string;
  /** The help of the finding, at its own location. */
  relatedInformation?: Array<{ location: { uri: string; range: LspRange }; message: string }>;
  data?: { messageId: string };
}

export interface DocumentLint {
  diagnostics: LspDiagnostic[];
  /** The config file that applies ('' for none). */
  configFile: string;
  /** Why the config file could not be used; the document was not linted then. */
  configError?: string;
  /** Rules that threw: logged for the user to report. */
  internalErrors: InternalError[];
  /** The findings as the API gives them (with their fixes), for code actions. */
  messages?: LintMessage[];
  /** With `fix`: the text with every fix applied, when something was fixed. */
  output?: string;
}

export const SOURCE = 'ecs-lint';

/** Languages (VS Code's and Neovim's ids) and file names the server lints. */
const LANGUAGES: Readonly<Record<string, string>> = { json: '.json', jsonc: '.json', yaml: '.yaml', terraform: '.tf', hcl: '.tf' };
const LINTED_NAME = /\.(?:json|ya?ml|template|tf)$/i;
const TERRAFORM_FILE = /\.tf$/i;

export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * The name the engine sees (it picks the format by extension): the file's own path when its
 * extension is one ecs-lint reads, otherwise the path (or "untitled") with the language's extension.
 * Undefined for documents that are none of ours.
 */
export function lintFileName(document: Pick<OpenDocument, 'uri' | 'languageId'>, untitledDirectory?: string): string | undefined {
  const path = filePathOf(document.uri);
  if (path && LINTED_NAME.test(path)) return path;
  const extension = LANGUAGES[document.languageId];
  if (!extension) {
    // A document of another language (or another scheme) named like one of ours.
    const name = document.uri.replace(/[?#].*$/, '');
    return LINTED_NAME.test(name) && !path ? join(untitledDirectory ?? '', safeDecode(basename(name))) : undefined;
  }
  if (path) return `${path}${extname(path) === extension ? '' : extension}`;
  return join(untitledDirectory ?? '', `untitled${extension}`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function isLinted(document: Pick<OpenDocument, 'uri' | 'languageId'>): boolean {
  return lintFileName(document) !== undefined;
}

/** Whether a document's text may tell other documents something (roles, policies, secrets, modules). */
export function mayTellOthers(document: OpenDocument): boolean {
  const fileName = lintFileName(document);
  if (!fileName) return false;
  return holdsFacts(fileName, document.text);
}

/** The settings the config file gives (the CLI's, less its command-line flags). */
function inside(directory: string, path: string): boolean {
  const from = relative(directory, path);
  return from === '' || (!from.startsWith('..') && !isAbsolute(from));
}

export interface LintContext {
  /** The client's workspace folders (absolute paths): the config of untitled documents, display paths. */
  roots: readonly string[];
  /** Every open document, this one included: their unsaved text gives the IAM facts. */
  openDocuments: readonly OpenDocument[];
  /**
   * The client shows a diagnostic's related information (VS Code, Neovim): a finding's help goes
   * there. Otherwise it follows the message.
   */
  relatedInformation?: boolean;
}

/**
 * Lints one document's text as `ecs-lint` would lint the file: the nearest `.ecs-lint.json` upward
 * from its directory (read again every time: it is small), the config's overrides, secret payload
 * globs and IAM facts, the facts of the other open documents of the same project, and for a .tf
 * document the other .tf files of its module (open ones as edited, the rest from disk).
 * Documents ecs-lint does not recognise get an empty list.
 */
export async function lintDocument(document: OpenDocument, context: LintContext, options: { fix?: boolean } = {}): Promise<DocumentLint> {
  const path = filePathOf(document.uri);
  const root = (path && context.roots.find((candidate) => inside(candidate, path))) ?? context.roots[0];
  const fileName = lintFileName(document, root);
  if (!fileName) return { diagnostics: [], configFile: '', internalErrors: [] };
  const startDirectory = path ? dirname(path) : root;
  const configFile = (startDirectory && findConfigFile(startDirectory)) || '';
  // The documents of the same project (the config file's directory, else the workspace folder).
  const project = configFile ? dirname(configFile) : (root ?? dirname(fileName));
  const open = new Map<string, string>();
  const factFiles: Array<{ filePath: string; text: string }> = [];
  for (const other of context.openDocuments) {
    if (other.uri === document.uri) continue;
    const otherName = lintFileName(other, root);
    const otherPath = filePathOf(other.uri) ?? otherName;
    if (!otherName || !otherPath || !inside(project, otherPath)) continue;
    // A Terraform document is known by its module's path; another by its file's.
    factFiles.push({ filePath: TERRAFORM_FILE.test(otherName) ? otherName : otherPath, text: other.text });
    open.set(otherPath, other.text);
  }
  const internalErrors: InternalError[] = [];
  try {
    const linter = new EcsLint({
      cwd: project,
      readFile: (absolutePath) => open.get(absolutePath),
      onInternalError: ({ ruleId, error }) => internalErrors.push({ ruleId, error }),
      errorOnUnmatchedPattern: false,
      onWarning: () => undefined,
      ...(options.fix ? { fix: true } : {}),
    });
    const [result] = await linter.lintText(document.text, { filePath: fileName, factFiles, warnUnrecognized: false });
    const bom = document.text.charCodeAt(0) === 0xfeff;
    const help = context.relatedInformation ? { relatedTo: document.uri } : {};
    const messages = result?.messages ?? [];
    return {
      diagnostics: messages.map((message) => toLspDiagnostic(message, { bom, ...help })),
      configFile,
      internalErrors,
      messages,
      ...(result?.output !== undefined ? { output: result.output } : {}),
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { diagnostics: [configDiagnostic(error.message)], configFile, configError: error.message, internalErrors: [] };
  }
}

export interface LspDiagnosticOptions {
  /** The document starts with a byte order mark the engine did not see. */
  bom?: boolean;
  /** The document's URI, for a client that shows related information: the help goes there, else after the message. */
  relatedTo?: string;
}

/** A message (1-based line and column, UTF-16 units, end just after the last character) → LSP's 0-based range. */
export function toLspDiagnostic(
  message: Pick<LintMessage, 'ruleId' | 'messageId' | 'severity' | 'message' | 'help' | 'line' | 'column' | 'endLine' | 'endColumn' | 'docsUrl'>,
  { bom = false, relatedTo }: LspDiagnosticOptions = {},
): LspDiagnostic {
  // A byte order mark the engine did not see still takes a character of the editor's first line.
  const position = (line: number, column: number) => ({
    line: Math.max(0, line - 1),
    character: Math.max(0, column - 1 + (bom && line === 1 ? 1 : 0)),
  });
  const start = position(message.line, message.column);
  let end = position(message.endLine, message.endColumn);
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) end = start;
  const lsp: LspDiagnostic = {
    range: { start, end },
    severity: message.severity === 2 ? 1 : 2,
    code: message.ruleId,
    source: SOURCE,
    message: relatedTo === undefined && message.help ? messageWithHelp(message.message, message.help) : message.message,
    data: { messageId: message.messageId },
    codeDescription: { href: message.docsUrl },
  };
  if (relatedTo !== undefined && message.help) {
    lsp.relatedInformation = [{ location: { uri: relatedTo, range: { start, end } }, message: message.help }];
  }
  return lsp;
}

/** A config file the document cannot be linted with: one error at the document's start. */
export function configDiagnostic(message: string): LspDiagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 1,
    source: SOURCE,
    message: `ecs-lint cannot use its config file: ${message}`,
  };
}
