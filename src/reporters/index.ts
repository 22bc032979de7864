// The reporters, by format name; each is loaded only when its format is asked for.

import type { Reporter } from './types';

export const FORMATS = ['stylish', 'compact', 'json', 'sarif', 'github', 'junit'] as const;
export type FormatName = (typeof FORMATS)[number];

const REPORTERS: Record<FormatName, () => Promise<{ default: Reporter }>> = {
  stylish: () => import('./stylish'),
  compact: () => import('./compact'),
  json: () => import('./json'),
  sarif: () => import('./sarif'),
  github: () => import('./github'),
  junit: () => import('./junit'),
};

export async function loadReporter(format: FormatName): Promise<Reporter> {
  return (await REPORTERS[format]()).default;
}
