// Whether a Service principal of a policy names a service. IAM writes service principals as
// `<service>.amazonaws.com`, and the ECS guide's trust policies use that form in the China partition
// too. Another suffix after the service's name (`.amazonaws.com.cn`, an isolated partition's DNS
// suffix, a template's `${AWS::URLSuffix}`) names nothing in the aws and aws-us-gov partitions;
// elsewhere, or where the partition is not known, whether IAM takes it is not known here.

import type { Tristate } from './wildcard';

const SUFFIX = '.amazonaws.com';

/** Partitions where a service principal is `<service>.amazonaws.com` and nothing else. */
const PLAIN_PARTITIONS = new Set(['aws', 'aws-us-gov']);

/** Partitions whose guides write `<service>.amazonaws.com` (China's among them), or none known. */
const COMMON_FORM_PARTITIONS = new Set(['aws', 'aws-us-gov', 'aws-cn']);

/**
 * Whether `value` (a Service principal as written, with the symbols whose values are known written
 * as those values) names `service` (`ecs-tasks.amazonaws.com`) in `partition` (undefined: not known).
 */
export function matchServicePrincipal(value: string, service: string, partition: string | undefined): Tristate {
  const lower = value.toLowerCase();
  const wanted = service.toLowerCase();
  if (lower === wanted) return partition === undefined || COMMON_FORM_PARTITIONS.has(partition) ? 'yes' : 'maybe';
  const name = wanted.endsWith(SUFFIX) ? wanted.slice(0, -SUFFIX.length) : wanted;
  if (lower.startsWith(`${name}.`)) return partition !== undefined && PLAIN_PARTITIONS.has(partition) ? 'no' : 'maybe';
  // A service name a template decides at deploy (`${Service}.amazonaws.com`) may be this one.
  const dot = value.indexOf('.');
  const first = dot < 0 ? value : value.slice(0, dot);
  return first.includes('${') ? 'maybe' : 'no';
}
