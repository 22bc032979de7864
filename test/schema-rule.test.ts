// The schema rule's handling of ajv errors that the generated schema cannot produce today.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describe } from '../src/rules/schema';

test('a keyword without a message of its own becomes an "invalid" finding with ajv\'s words', () => {
  const finding = describe(
    { keyword: 'multipleOf', instancePath: '/cpu', schemaPath: '#/properties/cpu/multipleOf', params: { multipleOf: 128 }, message: 'must be multiple of 128' },
    ['cpu'],
    64,
    undefined,
  );
  assert.equal(finding, { messageId: 'invalid', path: ['cpu'], data: { where: 'cpu', problem: 'must be multiple of 128' } });
});

test('an unknown member inside a nested object is matched against that object\'s members', () => {
  const finding = describe(
    { keyword: 'additionalProperties', instancePath: '/containerDefinitions/0', schemaPath: '#/additionalProperties', params: { additionalProperty: 'portMapings' } },
    ['containerDefinitions', 0],
    {},
    'ContainerDefinition',
  );
  assert.is(finding?.data?.suggestion, '; did you mean "portMappings"?');
});

test.run();
