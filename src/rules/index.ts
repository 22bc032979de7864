// Every rule, in the order --list-rules shows them. A test checks this list against src/rules/.

import containerName from './container-name';
import credentialsParameterArn from './credentials-parameter-arn';
import credentialsParameterNameOnly from './credentials-parameter-name-only';
import executionRoleArn from './execution-role-arn';
import executionRoleRequired from './execution-role-required';
import familyName from './family-name';
import imageReference from './image-reference';
import parseError from './parse-error';
import repositoryCredentialsEcr from './repository-credentials-ecr';
import schema from './schema';
import secretCrossAccount from './secret-cross-account';
import secretCrossRegion from './secret-cross-region';
import secretName from './secret-name';
import executionRoleGetSecretValue from './execution-role-get-secret-value';
import executionRoleKmsDecrypt from './execution-role-kms-decrypt';
import executionRoleSsmParameters from './execution-role-ssm-parameters';
import executionRoleTrust from './execution-role-trust';
import executionRoleEcrPull from './execution-role-ecr-pull';
import executionRoleLogs from './execution-role-logs';
import plaintextSecretEnv from './plaintext-secret-env';
import policyKmsAliasResource from './policy-kms-alias-resource';
import policySecretWildcard from './policy-secret-wildcard';
import policySyntax from './policy-syntax';
import policyVersion from './policy-version';
import secretsValueFrom from './secrets-value-from';
import fargatePlatformVersion from './fargate-platform-version';
import secretPayload from './secret-payload';
import unusedSuppression from './unused-suppression';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  parseError,
  schema,
  executionRoleRequired,
  executionRoleArn,
  credentialsParameterArn,
  credentialsParameterNameOnly,
  secretCrossAccount,
  secretCrossRegion,
  secretName,
  repositoryCredentialsEcr,
  familyName,
  containerName,
  imageReference,
  secretsValueFrom,
  plaintextSecretEnv,
  executionRoleGetSecretValue,
  executionRoleKmsDecrypt,
  executionRoleSsmParameters,
  executionRoleTrust,
  executionRoleEcrPull,
  executionRoleLogs,
  policyVersion,
  policySyntax,
  policySecretWildcard,
  policyKmsAliasResource,
  fargatePlatformVersion,
  secretPayload,
  unusedSuppression,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
