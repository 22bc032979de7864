// CloudWatch Logs log groups (aws_cloudwatch_log_group): the group an awslogs-group names by
// reference, and its arn, which the provider gives without the ":*" the API adds.

import type { LogGroupRecord } from '../../facts/records';
import { literal, type ResourceReader } from './reader-context';
import { references } from './views';

export const readLogGroup: ResourceReader = (resource, reading) => {
  const nameArgument = resource.view.attribute('name');
  const group: LogGroupRecord = {
    // The provider's id is the group's name.
    aliases: references(resource, ['name', 'id']),
    arnAliases: references(resource, ['arn']).map((reference) => ({ reference, streams: false })),
    ...reading.inScope,
  };
  const name = literal(nameArgument?.value);
  if (name !== undefined && !nameArgument?.loc.opaque) group.name = name;
  (reading.content.facts.logGroups ??= []).push(group);
};
