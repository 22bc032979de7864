// The YAML loader and the intrinsic-function resolver on hostile input: problems at the node that
// causes them (undefined aliases, alias loops and bombs, list or map keys, merge keys in templates),
// merge keys merged elsewhere, no process warning, own members only for template keys.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { IntrinsicResolver, NO_VALUE } from '../src/loaders/cfn-intrinsics';
import { parseYaml } from '../src/loaders/yaml';

/** The error of a YAML text: its 1-based line and column, the text it covers, and its message. */
function errorOf(text: string) {
  const parsed = parseYaml(text);
  assert.ok(parsed.error, `expected an error for ${JSON.stringify(text)}`);
  const { offset, length, message } = parsed.error!;
  return { ...parsed.source.position(offset), covers: text.slice(offset, offset + length), message };
}

test('an undefined alias is reported at the alias, as undefined', () => {
  const error = errorOf('a: 1\nb: *nowhere\n');
  assert.equal([error.line, error.column, error.covers], [2, 4, '*nowhere']);
  assert.match(error.message, /refers to no anchor/);
  // An anchor defined after its alias is not there yet.
  assert.match(errorOf('b: *later\na: &later 1\n').message, /refers to no anchor/);
});

test('an alias inside the value it refers to is a loop, not a crash', () => {
  const error = errorOf('a: &x\n  b: *x\n');
  assert.equal([error.line, error.covers], [2, '*x']);
  assert.match(error.message, /loop/);
});

test('an alias bomb is refused at the alias that goes over the limit', () => {
  const lines = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
  for (const [name, previous] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd']]) lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
  const error = errorOf(lines.join('\n'));
  assert.match(error.message, /more than 100 alias expansions/);
  assert.match(error.covers, /^\*[a-e]$/);
  // Aliases within the limit are read, and share the anchored value.
  const value = parseYaml('a: &a { x: 1 }\nb: *a\nc: [*a, *a]\n').value as Record<string, unknown>;
  assert.equal(value, { a: { x: 1 }, b: { x: 1 }, c: [{ x: 1 }, { x: 1 }] });
});

test('a list or map as a key: a parse error at the key, and no process warning with its text', () => {
  const warnings: string[] = [];
  const listen = (warning: Error) => warnings.push(warning.message);
  process.on('warning', listen);
  try {
    const map = errorOf('username: ci\n? { password: hunter2 }\n: x\n');
    assert.equal([map.line, map.column, map.covers], [2, 3, '{ password: hunter2 }']);
    assert.match(map.message, /key must be plain text/);
    assert.not.match(map.message, /hunter2/);
    assert.equal(errorOf('? [a, b]\n: x\n').covers, '[a, b]');
    // An alias to a map is a map.
    assert.match(errorOf('a: &m { k: v }\n? *m\n: x\n').message, /key must be plain text/);
  } finally {
    process.off('warning', listen);
  }
  // Warnings are emitted on the next tick.
  return new Promise<void>((resolve) =>
    setImmediate(() => {
      assert.equal(warnings, []);
      resolve();
    }),
  );
});

test('merge keys: merged (explicit members win), and listed in a CloudFormation template, which CloudFormation refuses', () => {
  const template = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A: &a\n    Type: AWS::SNS::Topic\n  B:\n    <<: *a\n';
  const parsed = parseYaml(template);
  assert.equal(parsed.value, { AWSTemplateFormatVersion: '2010-09-09', Resources: { A: { Type: 'AWS::SNS::Topic' }, B: { Type: 'AWS::SNS::Topic' } } });
  const [range] = parsed.templateMergeKeys?.() ?? [];
  assert.equal(range && [range.start.line, range.start.column, range.end.line, range.end.column], [6, 5, 6, 7]);
  assert.equal(parseYaml('a: &a { x: 1 }\nb:\n  <<: *a\n').templateMergeKeys?.(), [], 'not a template: nothing to say');
  const value = parseYaml('a: &a { x: 1, y: 1 }\nb: &b { y: 2, z: 2 }\nc:\n  x: 0\n  <<: [*a, *b]\n  z: 3\n').value;
  assert.equal(value, { a: { x: 1, y: 1 }, b: { y: 2, z: 2 }, c: { x: 0, y: 1, z: 3 } });
  // A quoted "<<" is a key like any other.
  assert.equal(parseYaml('"<<": 1\n').value, { '<<': 1 });
  assert.match(errorOf('a: 1\nb:\n  <<: 2\n').message, /merge key \(<<\) takes a map/);
});

test('double-quoted strings read as yaml reads them', () => {
  const text = 'a: "plain text"\nb: "it\'s"\nc: "tab\\there"\nd: "two\n  lines"\ne: ["  spaced  ", "x"]\n"key": "v"\n';
  assert.equal(parseYaml(text).value, parse(text));
  assert.equal(parseYaml('a: "x"\n---\nb: 1\n').error?.message, 'more than one YAML document ("---"); keep one template or task definition per file');
});

test('keys named like Object.prototype members are own members, and pollute nothing', () => {
  const value = parseYaml('__proto__: { polluted: yes }\nconstructor: 1\ntoString: x\n').value as Record<string, unknown>;
  assert.equal(Object.keys(value), ['__proto__', 'constructor', 'toString']);
  assert.is(Object.getPrototypeOf(value), Object.prototype);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

test('intrinsic functions: AWS::NoValue, objects and Object.prototype names never throw and come to unknowns', () => {
  const resolver = new IntrinsicResolver(
    { Parameters: { Index: { Type: 'String', Default: '1' } }, Mappings: { M: { K: { V: 'v' } } } },
    { account: '111122223333', region: 'us-east-1', partition: 'aws' },
  );
  const noValue = { Ref: 'AWS::NoValue' };
  const unknown = /^\$\{Unresolved\.\d+\}$/;
  assert.match(resolver.resolve({ 'Fn::Select': [noValue, ['a']] }) as string, unknown);
  // An object whose valueOf and toString are not functions: Number() of it would throw.
  assert.match(resolver.resolve({ 'Fn::Select': [{ valueOf: 1, toString: 2 }, ['a']] }) as string, unknown);
  assert.is(resolver.resolve({ 'Fn::Select': [{ Ref: 'Index' }, ['a', 'b']] }), 'b');
  assert.is(resolver.resolve({ 'Fn::Select': ['0', ['a']] }), 'a');
  assert.is(resolver.resolve({ 'Fn::FindInMap': ['M', 'K', 'V'] }), 'v');
  for (const names of [['M', 'K', 'toString'], ['toString', 'a', 'b'], ['M', 'constructor', 'name'], [noValue, 'K', 'V']]) {
    assert.match(resolver.resolve({ 'Fn::FindInMap': names }) as string, unknown, JSON.stringify(names));
  }
  assert.is(resolver.resolve({ Ref: 'constructor' }), '${constructor}');
  assert.is(resolver.resolve({ 'Fn::Sub': 'x-${toString}' }), 'x-${toString}');
  assert.match(resolver.resolve({ 'Fn::Sub': ['${x}', { x: noValue }] }) as string, /^\$\{Unresolved/);
  assert.is(resolver.resolve({ 'Fn::If': ['c', noValue, noValue] }), NO_VALUE);
  for (const hostile of [{ 'Fn::Join': [noValue, [noValue, 'a']] }, { 'Fn::GetAtt': [noValue, 'Arn'] }, { 'Fn::Split': [noValue, 'a'] }, { 'Fn::Base64': noValue }]) {
    resolver.resolve(hostile);
  }
});

test('Fn::Split of known text, and of the ARN of the template\'s own ECR repository as CDK splits it', () => {
  const template = { Resources: { Repo: { Type: 'AWS::ECR::Repository' }, Topic: { Type: 'AWS::SNS::Topic' } }, Parameters: { Name: { Type: 'String' } } };
  const symbolic = new IntrinsicResolver(template, {});
  assert.equal(symbolic.resolve({ 'Fn::Split': [',', 'a,b'] }), ['a', 'b']);
  assert.equal(symbolic.resolve({ 'Fn::Split': [':', { 'Fn::GetAtt': ['Repo', 'Arn'] }] }), ['arn', '${AWS::Partition}', 'ecr', '${AWS::Region}', '${AWS::AccountId}', 'repository/${Repo}']);
  const known = new IntrinsicResolver(template, { account: '111122223333', region: 'eu-west-1', partition: 'aws' });
  assert.is(known.resolve({ 'Fn::Select': [4, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Repo', 'Arn'] }] }] }), '111122223333');
  // Another resource's ARN, another delimiter, or a value of unknown text: unknown.
  assert.match(symbolic.resolve({ 'Fn::Select': [3, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Topic', 'Arn'] }] }] }) as string, /^\$\{Unresolved/);
  assert.match(symbolic.resolve({ 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['Repo', 'Arn'] }] }] }) as string, /^\$\{Unresolved/);
  assert.match(symbolic.resolve({ 'Fn::Select': [0, { 'Fn::Split': [':', { Ref: 'Name' }] }] }) as string, /^\$\{Unresolved/);
});

test.run();
