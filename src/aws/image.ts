// Container image references, as Docker and Amazon ECS accept them, and Amazon ECR registries.
// Grammar: github.com/distribution/reference (domain, path components, tag, digest); limits from the
// ECS ContainerDefinition.image documentation: 255 characters (before "@" for a digest), sha256 only.

import { PARTITIONS } from './partitions';

export const IMAGE_MAX_LENGTH = 255;

export type ImageProblem =
  | { messageId: 'whitespace' }
  | { messageId: 'too-long'; data: { length: number } }
  | { messageId: 'bad-digest'; data: { digest: string } }
  | { messageId: 'bad-tag'; data: { tag: string } }
  | { messageId: 'uppercase'; data: { repository: string } }
  | { messageId: 'bad-repository'; data: { repository: string } }
  | { messageId: 'bad-registry'; data: { registry: string } };

export interface ImageReference {
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const SHA256_DIGEST = /^sha256:[A-Fa-f0-9]{64}$/;

/** Parses a non-empty image reference. */
export function parseImageReference(value: string): { reference?: ImageReference; problem?: ImageProblem } {
  if (/\s/.test(value)) return { problem: { messageId: 'whitespace' } };
  const at = value.indexOf('@');
  const named = at < 0 ? value : value.slice(0, at);
  if (named.length > IMAGE_MAX_LENGTH) return { problem: { messageId: 'too-long', data: { length: named.length } } };
  const reference: ImageReference = { repository: '' };
  if (at >= 0) {
    const digest = value.slice(at + 1);
    if (!SHA256_DIGEST.test(digest)) return { problem: { messageId: 'bad-digest', data: { digest: clipped(digest) } } };
    reference.digest = digest;
  }
  let rest = named;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[')) {
      if (!isRegistry(first)) return { problem: { messageId: 'bad-registry', data: { registry: clipped(first) } } };
      reference.registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    const tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) return { problem: { messageId: 'bad-tag', data: { tag: clipped(tag) } } };
    reference.tag = tag;
    rest = rest.slice(0, colon);
  }
  if (rest === '' || !rest.split('/').every((component) => PATH_COMPONENT.test(component))) {
    const messageId = /[A-Z]/.test(rest) && rest.toLowerCase().split('/').every((c) => PATH_COMPONENT.test(c))
      ? 'uppercase'
      : 'bad-repository';
    return { problem: { messageId, data: { repository: clipped(rest) } } };
  }
  reference.repository = rest;
  return { reference };
}

function isRegistry(host: string): boolean {
  if (host.startsWith('[')) return /^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/.test(host);
  const colon = host.lastIndexOf(':');
  const name = colon < 0 ? host : host.slice(0, colon);
  if (colon >= 0 && !/^\d{1,5}$/.test(host.slice(colon + 1))) return false;
  return name.split('.').every((component) => DOMAIN_COMPONENT.test(component));
}

function clipped(value: string): string {
  return value.length > 80 ? `${value.slice(0, 79)}…` : value;
}

const ECR_SUFFIXES = PARTITIONS.map((partition) => partition.dnsSuffix);

/**
 * The private Amazon ECR registry of an image (`<account>.dkr.ecr[-fips].<region>.<suffix>` or the
 * dual-stack `<account>.dkr-ecr.<region>.on.aws`), or undefined. The account and region may be
 * template placeholders. ECR Public (public.ecr.aws) is not a private registry.
 */
export function ecrRegistry(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const host = image.slice(0, slash).toLowerCase();
  const ecr = host.indexOf('.dkr.ecr.') > 0 || host.indexOf('.dkr.ecr-fips.') > 0;
  if (ecr && ECR_SUFFIXES.some((suffix) => host.endsWith(`.${suffix}`))) return host;
  if ((host.indexOf('.dkr-ecr.') > 0 || host.indexOf('.dkr-ecr-fips.') > 0) && host.endsWith('.on.aws')) return host;
  return undefined;
}

/** An Amazon ECR private image, its parts as written (an account or region may be a template reference). */
export interface EcrImage {
  account: string;
  region: string;
  /** The registry's DNS suffix: amazonaws.com, amazonaws.com.cn, on.aws (dual-stack), or ${AWS::URLSuffix}. */
  suffix: string;
  repository: string;
}

const TEMPLATE_REFERENCE = /^\$\{[^{}]+\}$/;
const ECR_HOST = /^([^./]+)\.dkr([.-])ecr(?:-fips)?\.([^./]+)\.(.+)$/;

/**
 * The parts of an Amazon ECR private image (`<account>.dkr.ecr.<region>.<suffix>/<repository>` with
 * a tag or digest, also FIPS and dual-stack hosts); undefined for any other image, or when the
 * account, region or repository is neither known text nor one template reference (`${AWS::Region}`).
 */
export function parseEcrImage(image: string): EcrImage | undefined {
  // Longer is not a valid image at all (image-reference says so): nothing to pull.
  const at = image.indexOf('@');
  if ((at < 0 ? image.length : at) > IMAGE_MAX_LENGTH) return undefined;
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const host = ECR_HOST.exec(image.slice(0, slash));
  if (!host) return undefined;
  const [, account, separator, region, suffix] = host as unknown as [string, string, string, string, string];
  const dualStack = separator === '-';
  if (dualStack ? suffix !== 'on.aws' : !(ECR_SUFFIXES.includes(suffix) || suffix === '${AWS::URLSuffix}')) return undefined;
  if (!/^\d{12}$/.test(account) && !TEMPLATE_REFERENCE.test(account)) return undefined;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) && !TEMPLATE_REFERENCE.test(region)) return undefined;
  let rest = image.slice(slash + 1);
  const digest = rest.indexOf('@');
  if (digest >= 0) rest = rest.slice(0, digest);
  const colon = rest.lastIndexOf(':');
  // A colon after the last "}" is the tag's; one inside a reference is not.
  if (colon > rest.lastIndexOf('}')) rest = rest.slice(0, colon);
  const known = rest.split('/').every((component) => PATH_COMPONENT.test(component));
  if (!known && !TEMPLATE_REFERENCE.test(rest)) return undefined;
  return { account, region, suffix, repository: rest };
}
