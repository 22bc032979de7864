// What the readers of one module's resources share: the content they add to, the module they read
// (scope, file, source map), what earlier readers recorded for later ones (roles, the reaches of
// managed policies, the data sources' policy documents), and the policy argument every reader of a
// policy goes through.

import type { Finding, PolicyUnit, SecretUnit, ServiceUnit, TaskDefinitionUnit } from '../document';
import type { SourceText } from '../../core/source-text';
import type { AwsContext, Path } from '../../core/types';
import { parsePolicyDocument, type NamedPolicy } from '../../iam/policy';
import { namesEcsResource } from '../../iam/policy-scope';
import { scopedKey, type DocumentFacts, type PendingLink, type RoleRecord, type SecretRecord } from '../../facts/records';
import { isObject } from '../../core/values';
import type { FamilyNeed } from '../../model/fargate-needs';
import { keyed, type Located } from '../hcl/located';
import { jsonArgument } from './arguments';
import { hasPrincipal, settlePolicy } from './policy-documents';
import { referencedAddress, type ResourceView, type TfResource } from './views';

export interface TerraformContent {
  units: TaskDefinitionUnit[];
  policies: PolicyUnit[];
  services: ServiceUnit[];
  secrets: SecretUnit[];
  facts: DocumentFacts;
  /** Links to resources this file does not define, for the run to apply once it knows them all. */
  pending: PendingLink[];
  /** What task definitions of this file ask of a Fargate platform version: family or alias → need. */
  familyNeeds: Array<[string, FamilyNeed]>;
  findings: Finding[];
  /** Whether the file defines anything ecs-lint checks. */
  recognized: boolean;
}

export function emptyContent(): TerraformContent {
  return {
    units: [],
    policies: [],
    services: [],
    secrets: [],
    facts: { roles: [], managed: [], secrets: [], keys: [] },
    pending: [],
    familyNeeds: [],
    findings: [],
    recognized: false,
  };
}

export interface ReadContext {
  /** The module: a directory, or a module of a plan. */
  scope?: string;
  /** The file, for messages that name a policy's origin. */
  origin: string;
  unknown: () => string;
  /** Registers a value's positions; returns the path that addresses them in the source map. */
  register: (loc: Located) => Path;
  source: SourceText;
  context: AwsContext;
}

/** Where a policy reaches, filled in as the file is read: an attachment further down adds its role. */
export interface Reach {
  roles: Array<RoleRecord | string>;
  attachedAs: string[];
  scope?: string;
}

// Data sources: policy documents in IAM's JSON shape.
// Their policy units come last: how the file uses a document tells its kind (trust policy or role policy).
// Where each is used tells whether it is in the default policy scope: the roles it reaches here,
// the keys roles attach it by (its own, from other files), or a secret's or key's policy (always).
export interface DataDocument {
  document: Record<string, unknown>;
  loc: Located;
  resource: TfResource;
  uses: Set<PolicyUnit['kind']>;
  /** Its own keys (another file's resources use it by them). */
  keys: string[];
  /** Where this file uses it, each filled in as the file's links are read. */
  reaches: Reach[];
  always: boolean;
}

/** A policy as an argument gives it: its document, or the key of a document the run may know. */
export type PolicyArgument = { policy: NamedPolicy } | { key: string };

/** Reads a resource of a module into the module's reading. */
export type ResourceReader = (resource: TfResource, reading: ModuleReading) => void;

/** The argument's string, if it is one. */
export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** The argument's string, if it is one and holds no reference. */
export const literal = (value: unknown): string | undefined => (typeof value === 'string' && !value.includes('${') ? value : undefined);

/** One module's resources being read: what its readers share. */
export class ModuleReading {
  readonly scope: string | undefined;
  readonly origin: string;
  readonly unknown: () => string;
  readonly register: (loc: Located) => Path;
  readonly source: SourceText;
  readonly context: AwsContext;
  /** `{ scope }` for the records and links of a module, nothing otherwise. */
  readonly inScope: { scope?: string };
  /** The roles read so far, by address. */
  readonly roles = new Map<string, RoleRecord>();
  /** The reaches of this file's managed policies, by the keys roles attach them by. */
  readonly reachByKey = new Map<string, Reach>();
  readonly dataDocuments = new Map<string, DataDocument>();

  constructor(
    ctx: ReadContext,
    readonly content: TerraformContent,
  ) {
    this.scope = ctx.scope;
    this.origin = ctx.origin;
    this.unknown = ctx.unknown;
    this.register = ctx.register;
    this.source = ctx.source;
    this.context = ctx.context;
    this.inScope = ctx.scope !== undefined ? { scope: ctx.scope } : {};
  }

  named(policyName: string, document: Record<string, unknown>): NamedPolicy {
    return { source: { name: policyName, file: this.origin }, document: parsePolicyDocument(document) };
  }

  reach(roles: Array<RoleRecord | string> = [], attachedAs: string[] = []): Reach {
    return { roles, attachedAs, ...this.inScope };
  }

  /**
   * A policy argument: jsonencode, a heredoc or file() (a policy unit of its own), or a data
   * source's document (already a unit). Undefined when not known statically.
   */
  policyArgument(
    view: ResourceView,
    argumentName: string,
    policyName: string,
    label: string,
    kind: PolicyUnit['kind'] | undefined,
    /** Where the policy reaches, for the default policy scope; none: always checked (a secret's or key's policy). */
    where?: Reach,
  ): PolicyArgument | undefined {
    const { content } = this;
    const argument = view.attribute(argumentName);
    if (!argument || argument.value === null) return undefined;
    const address = referencedAddress(argument.value);
    if (address?.startsWith('data.aws_iam_policy_document.')) {
      const local = this.dataDocuments.get(address.slice('data.aws_iam_policy_document.'.length));
      if (local) {
        if (kind) local.uses.add(kind);
        if (where) local.reaches.push(where);
        else local.always = true;
        return { policy: this.named(policyName, local.document) };
      }
      return { key: scopedKey(argument.value as string, this.scope) };
    }
    const document = jsonArgument(argument);
    if (document.kind === 'invalid') {
      content.findings.push({
        ruleId: 'parse-error',
        messageId: 'syntax',
        range: this.source.range(document.start, document.end - document.start),
        data: { format: `JSON in ${argumentName} of ${label}`, problem: document.message },
      });
      return undefined;
    }
    if (document.kind !== 'value' || !isObject(document.value) || document.loc.opaque) return undefined;
    const value = document.value;
    settlePolicy(value, document.loc);
    const prefix = this.register(keyed(document.loc, argument.loc.key));
    content.policies.push({
      document: value,
      filePath: (path) => [...prefix, ...path],
      name: policyName,
      label,
      kind: kind ?? (hasPrincipal(value) ? 'resource' : 'identity'),
      embedded: document.loc.leaf === true,
      ecs: !where || namesEcsResource(value),
      ...(where ? { reach: where } : {}),
    });
    return { policy: this.named(policyName, value) };
  }

  /**
   * The policy a resource gives the key or secret its target argument names (aws_kms_key_policy,
   * aws_secretsmanager_secret_policy), with that target: undefined unless both are known.
   */
  targetedPolicy(resource: TfResource, targetArgument: string, policyName: string): { target: string; policy: NamedPolicy } | undefined {
    const target = text(resource.view.attribute(targetArgument)?.value);
    const result = this.policyArgument(resource.view, 'policy', policyName, resource.address, 'resource');
    if (!target || !result || !('policy' in result)) return undefined;
    return { target, policy: result.policy };
  }

  roleOf(target: unknown): RoleRecord | undefined {
    if (typeof target !== 'string') return undefined;
    const address = referencedAddress(target);
    if (address) return this.roles.get(address);
    return [...this.roles.values()].find((role) => role.name === target);
  }

  linkRole(target: unknown, policy: PolicyArgument | undefined): void {
    if (!policy || typeof target !== 'string') return;
    const role = this.roleOf(target);
    // This file's managed policy attached to this file's role: known here, whatever other files hold.
    if (role && 'key' in policy) this.reachByKey.get(policy.key)?.roles.push(role);
    if ('policy' in policy) {
      if (role) role.inline.push(policy.policy);
      else this.content.pending.push({ kind: 'role-inline', role: target, ...this.inScope, policy: policy.policy });
    } else if (role) {
      if (!role.attached.includes(policy.key)) role.attached.push(policy.key);
    } else {
      this.content.pending.push({ kind: 'role-attached', role: target, ...this.inScope, arn: policy.key });
    }
  }

  /** Gives this file's key a policy (unless it has one) or an alias name; for another file's key, a link for the run. */
  linkKey(target: string, link: { policy: NamedPolicy } | { alias: string } | { grantee: string }): void {
    const key = this.content.facts.keys.find((record) => record.aliases.includes(target));
    if ('grantee' in link) {
      if (key) (key.grantees ??= []).push(link.grantee);
      else this.content.pending.push({ kind: 'key-grant', key: target, ...this.inScope, grantee: link.grantee });
    } else if ('policy' in link) {
      if (key) key.keyPolicy ??= link.policy;
      else this.content.pending.push({ kind: 'key-policy', key: target, ...this.inScope, policy: link.policy });
    } else if (key) {
      key.aliasNames.push(link.alias);
    } else {
      this.content.pending.push({ kind: 'key-alias', key: target, ...this.inScope, alias: link.alias });
    }
  }

  secretOf(target: string): SecretRecord | undefined {
    return this.content.facts.secrets.find((record) => record.aliases?.includes(target));
  }

  /** Gives this file's secret a resource policy, unless it has one; for another file's secret, a link for the run. */
  linkSecretPolicy(target: string, policy: NamedPolicy): void {
    const secret = this.secretOf(target);
    if (secret) secret.resourcePolicy ??= policy;
    else this.content.pending.push({ kind: 'secret-policy', secret: target, ...this.inScope, policy });
  }
}
