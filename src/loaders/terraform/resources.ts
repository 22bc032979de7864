// A module's resources, each read by the reader of its type, between the data sources' policy
// documents (read first, since any policy argument may be one, and made policy units last); the
// readers share the module's reading (reader-context.ts).

import { addDataDocumentPolicies, readPolicyDocumentData } from './data-documents';
import { readRole, readRolePolicy } from './iam-roles';
import { readKey, readKeyAlias, readKeyGrant, readKeyPolicy } from './kms-keys';
import { readLogGroup } from './log-groups';
import { readManagedPolicy, readManagedPolicyData, readPolicyAttachment, readRolePolicyAttachment } from './managed-policies';
import { ModuleReading, type ReadContext, type ResourceReader, type TerraformContent } from './reader-context';
import { readMasterUserSecret, readSecret, readSecretPolicy, readSecretVersion } from './secrets';
import { readService } from './services';
import { readParameter } from './ssm-parameters';
import { readTaskDefinition } from './task-definitions';
import type { TfResource } from './views';

/**
 * The reader of each resource type, in the order the types are read: a resource after those it may
 * name. Roles before their policies and attachments; keys and secrets before their policies,
 * aliases and versions; task definitions before the services that run them.
 */
const READERS: ReadonlyMap<string, ResourceReader> = new Map([
  ['aws_iam_role', readRole],
  ['aws_iam_role_policy', readRolePolicy],
  ['aws_iam_policy', readManagedPolicy],
  ['aws_iam_role_policy_attachment', readRolePolicyAttachment],
  ['aws_iam_policy_attachment', readPolicyAttachment],
  ['aws_kms_key', readKey],
  ['aws_kms_key_policy', readKeyPolicy],
  ['aws_kms_alias', readKeyAlias],
  ['aws_kms_grant', readKeyGrant],
  ['aws_cloudwatch_log_group', readLogGroup],
  ['aws_secretsmanager_secret', readSecret],
  ['aws_secretsmanager_secret_version', readSecretVersion],
  ['aws_db_instance', readMasterUserSecret],
  ['aws_rds_cluster', readMasterUserSecret],
  ['aws_secretsmanager_secret_policy', readSecretPolicy],
  ['aws_ssm_parameter', readParameter],
  ['aws_ecs_task_definition', readTaskDefinition],
  ['aws_ecs_service', readService],
]);

/** The units and facts of one module's resources, added to `content`. */
export function readResources(resources: readonly TfResource[], ctx: ReadContext, content: TerraformContent): void {
  const reading = new ModuleReading(ctx, content);
  const byType = new Map<string, TfResource[]>();
  for (const resource of resources) {
    if (resource.mode === 'data') {
      if (resource.type === 'aws_iam_policy_document') readPolicyDocumentData(resource, reading);
      else if (resource.type === 'aws_iam_policy') readManagedPolicyData(resource, reading);
      continue;
    }
    if (!READERS.has(resource.type)) continue;
    const ofType = byType.get(resource.type);
    if (ofType) ofType.push(resource);
    else byType.set(resource.type, [resource]);
  }
  for (const [type, read] of READERS) for (const resource of byType.get(type) ?? []) read(resource, reading);
  addDataDocumentPolicies(reading);
}
