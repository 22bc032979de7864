// `data "aws_iam_policy_document"`: its document is read before any resource (every policy argument
// may name it), and becomes a policy unit after all of them, once the file's uses tell its kind and
// where it reaches.

import { namesEcsResource } from '../../iam/policy-scope';
import { scopedKey } from '../../facts/records';
import { dataPolicyDocument, hasPrincipal, settlePolicy } from './policy-documents';
import type { ModuleReading, ResourceReader } from './reader-context';
import { references } from './views';

export const readPolicyDocumentData: ResourceReader = (resource, reading) => {
  const { content, scope } = reading;
  content.recognized = true;
  const { document, loc } = dataPolicyDocument(resource, reading.unknown);
  settlePolicy(document, loc);
  const keys = references(resource, ['json', 'minified_json']).map((key) => scopedKey(key, scope));
  reading.dataDocuments.set(resource.name, { document, loc, resource, uses: new Set(), keys, reaches: [], always: false });
  const policy = reading.named(resource.name, document);
  for (const key of keys) content.facts.managed.push({ arn: key, policy });
};

/** The policy units of the module's data source documents, with their uses and reaches. */
export function addDataDocumentPolicies(reading: ModuleReading): void {
  for (const { document, loc, resource, uses, keys, reaches, always } of reading.dataDocuments.values()) {
    const prefix = reading.register(loc);
    reading.content.policies.push({
      document,
      filePath: (path) => [...prefix, ...path],
      name: resource.name,
      label: resource.address,
      kind: uses.size === 1 ? [...uses][0]! : hasPrincipal(document) ? 'resource' : 'identity',
      embedded: false,
      ecs: always || namesEcsResource(document),
      reach: reading.reach(
        reaches.flatMap((where) => where.roles),
        [...keys, ...reaches.flatMap((where) => where.attachedAs)],
      ),
    });
  }
}
