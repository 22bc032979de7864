// AWS facts as code: ARNs and partitions, secret references and names, role references, images.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkArnFields, parseArn } from '../src/aws/arn';
import { ecrRegistry, parseEcrImage, parseImageReference } from '../src/aws/image';
import { roleReferenceProblem, sameRoleArn } from '../src/aws/iam-role';
import { partitionOfRegion } from '../src/aws/partitions';
import { parseSecretReference, secretNameProblems } from '../src/aws/secret-reference';
import { containsPlaceholderWord, isTemplated } from '../src/core/placeholders';

const partitions = suite('partitions');
for (const [region, partition] of [
  ['us-east-1', 'aws'],
  ['il-central-1', 'aws'],
  ['mx-central-1', 'aws'],
  ['cn-northwest-1', 'aws-cn'],
  ['us-gov-west-1', 'aws-us-gov'],
  ['us-iso-east-1', 'aws-iso'],
  ['us-isob-east-1', 'aws-iso-b'],
  ['eu-isoe-west-1', 'aws-iso-e'],
  ['us-isof-south-1', 'aws-iso-f'],
  ['eusc-de-east-1', 'aws-eusc'],
] as const) {
  partitions(`${region} is in ${partition}`, () => assert.is(partitionOfRegion(region)?.id, partition));
}
partitions('not regions', () => {
  for (const value of ['', 'us-east', 'useast1', 'xx-east-1', 'US-EAST-1']) assert.is(partitionOfRegion(value), undefined, value);
});
partitions.run();

const arns = suite('ARN fields');
arns('a resource with colons keeps them', () => {
  assert.equal(parseArn('arn:aws:secretsmanager:us-east-1:111122223333:secret:a:b::'), {
    partition: 'aws',
    service: 'secretsmanager',
    region: 'us-east-1',
    account: '111122223333',
    resource: 'secret:a:b::',
  });
  assert.is(parseArn('arn:aws:iam'), undefined);
  assert.is(parseArn('secret:x'), undefined);
});
const fieldCases: Array<[string, string | undefined]> = [
  ['arn:aws:secretsmanager:us-east-1:111122223333:secret:x', undefined],
  ['arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:x', undefined],
  ['arn:aws-us-gov:secretsmanager:us-gov-east-1:111122223333:secret:x', undefined],
  ['arn:aws-iso-f:secretsmanager:us-isof-east-1:111122223333:secret:x', undefined],
  ['arn:awz:secretsmanager:us-east-1:111122223333:secret:x', 'unknown-partition'],
  ['arn:aws:secretsmanager:cn-north-1:111122223333:secret:x', 'region-partition'],
  ['arn:aws-cn:secretsmanager:us-east-1:111122223333:secret:x', 'region-partition'],
  ['arn:aws:secretsmanager:us-easst-1:111122223333:secret:x', 'bad-region'],
  ['arn:aws:secretsmanager:us-east-1:11112222333:secret:x', 'bad-account'],
  ['arn:aws:secretsmanager:us-east-1:1111-2222-3333:secret:x', 'bad-account'],
  // Placeholders are unknown, not wrong.
  ['arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:x', undefined],
  ['arn:aws:secretsmanager:region:aws_account_id:secret:x', undefined],
  ['arn:PARTITION:secretsmanager:us-east-1:111122223333:secret:x', undefined],
  ['arn:${partition}:secretsmanager:${region}:${account}:secret:x', undefined],
  ['arn:aws:secretsmanager:us-east-1:XXXXXXXXXXXX:secret:x', undefined],
];
for (const [arn, problem] of fieldCases) {
  arns(`${arn} → ${problem ?? 'ok'}`, () => assert.is(checkArnFields(parseArn(arn)!, true)?.messageId, problem));
}
arns.run();

const secrets = suite('secret references');
secrets('kinds', () => {
  const kind = (value: string) => parseSecretReference(value).kind;
  assert.is(kind(''), 'empty');
  assert.is(kind('   '), 'empty');
  assert.is(kind('prod/registry'), 'name');
  assert.is(kind('${secret_arn}'), 'templated');
  assert.is(kind('{{resolve:secretsmanager:prod/registry:SecretString:password}}'), 'dynamic-reference');
  assert.is(kind('{{resolve:ssm:/registry/secret-arn}}'), 'templated');
  assert.is(kind('arn:aws:ssm:us-east-1:111122223333:parameter/registry'), 'other-arn');
  assert.is(kind('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'), 'other-arn');
  assert.is(kind('arn:aws:secretsmanager:us-east-1'), 'malformed-arn');
});
secrets('the six-character suffix', () => {
  const complete = parseSecretReference('arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/registry-a1B2c3');
  assert.equal(complete.kind === 'secret-arn' && [complete.name, complete.suffix], ['prod/registry', 'a1B2c3']);
  const partial = parseSecretReference('arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/registry');
  assert.equal(partial.kind === 'secret-arn' && [partial.name, partial.suffix], ['prod/registry', undefined]);
  const selector = parseSecretReference('arn:aws:secretsmanager:us-east-1:111122223333:secret:db-a1B2c3:password::');
  assert.equal(selector.kind === 'secret-arn' && [selector.name, selector.selector], ['db', 'password::']);
  // Five characters after the hyphen are part of the name.
  const short = parseSecretReference('arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/reg-a1B2c');
  assert.equal(short.kind === 'secret-arn' && [short.name, short.suffix], ['prod/reg-a1B2c', undefined]);
});
secrets('secret names', () => {
  const ids = (name: string, bare: boolean) => secretNameProblems(name, bare).map((problem) => problem.messageId);
  assert.equal(ids('production/MyAwesomeAppSecret', true), []);
  assert.equal(ids('a/b_c+d=e.f@g-h', true), []);
  assert.equal(ids('my secret', true), ['characters']);
  assert.equal(ids('clé', true), ['characters']);
  assert.equal(ids('x'.repeat(513), true), ['too-long']);
  assert.equal(ids('registry-AbC123', true), ['suffix-like']);
  assert.equal(ids('registry-AbC123', false), []);
});
secrets.run();

const roles = suite('role references');
const roleCases: Array<[string, string | undefined]> = [
  ['arn:aws:iam::111122223333:role/ecsTaskExecutionRole', undefined],
  ['arn:aws:iam::111122223333:role/service-role/ecs/exec-role', undefined],
  ['arn:aws-cn:iam::111122223333:role/exec', undefined],
  ['ecsTaskExecutionRole', undefined],
  ['TASK_EXEC_ROLE', undefined],
  ['arn:aws:iam::${account}:role/exec', undefined],
  ['<execution-role-arn>', undefined],
  ['', undefined],
  ['arn:aws:iam::111122223333:user/deploy', 'not-a-role'],
  ['arn:aws:iam::111122223333:instance-profile/ecs', 'not-a-role'],
  ['arn:aws:sts::111122223333:assumed-role/exec/session', 'not-a-role'],
  ['arn:aws:ecs:us-east-1:111122223333:task-definition/web:3', 'not-a-role'],
  ['arn:aws:iam:us-east-1:111122223333:role/exec', 'region-in-arn'],
  ['arn:aws:iam::1111:role/exec', 'bad-account'],
  ['arn:aws:iam::111122223333:role//exec', 'bad-role-path'],
  ['arn:aws:iam::111122223333:role/service//exec', undefined],
  ['arn:aws:iam::111122223333:role/exec role', 'bad-role-name'],
  ['arn:aws:iam::111122223333:role/' + 'r'.repeat(65), 'bad-role-name'],
  ['arn:aws-de:iam::111122223333:role/exec', 'unknown-partition'],
  ['arn:aws:iam::111122223333', 'not-an-arn'],
  ['exec role with spaces', 'not-an-arn'],
];
for (const [value, problem] of roleCases) {
  roles(`${value.slice(0, 70) || '(empty)'} → ${problem ?? 'ok'}`, () => assert.is(roleReferenceProblem(value)?.messageId, problem));
}
roles('one name in one account is one role, whatever the path', () => {
  const exec = 'arn:aws:iam::111122223333:role/exec';
  assert.ok(sameRoleArn(exec, 'arn:aws:iam::111122223333:role/service/exec'));
  assert.ok(sameRoleArn('arn:aws:iam::111122223333:role/a/b/exec', exec));
  assert.not.ok(sameRoleArn(exec, 'arn:aws:iam::444455556666:role/exec'));
  assert.not.ok(sameRoleArn(exec, 'arn:aws-cn:iam::111122223333:role/exec'));
  assert.not.ok(sameRoleArn(exec, 'arn:aws:iam::111122223333:role/exec-2'));
  assert.not.ok(sameRoleArn(exec, 'arn:aws:iam::111122223333:user/exec'));
  assert.not.ok(sameRoleArn('arn:aws:iam::ACCOUNT_ID:role/exec', 'arn:aws:iam::ACCOUNT_ID:role/service/exec'));
  assert.not.ok(sameRoleArn(exec, 'exec'));
});
roles.run();

const images = suite('image references');
for (const image of [
  'nginx',
  'nginx:1.27-alpine',
  'library/nginx:latest',
  'ghcr.io/acme/api:2.0.1',
  'registry.example.com:5000/team/app:v1',
  'localhost:5000/app',
  '111122223333.dkr.ecr.us-east-1.amazonaws.com/app@sha256:' + 'a'.repeat(64),
  'quay.io/org/app:tag@sha256:' + 'A'.repeat(64),
  'public.ecr.aws/docker/library/redis:7',
  'a__b/c.d-e--f:1',
  '[::1]:5000/app',
]) {
  images(`${image.slice(0, 60)} is valid`, () => assert.is(parseImageReference(image).problem, undefined));
}
for (const [image, problem] of [
  ['nginx latest', 'whitespace'],
  ['nginx:', 'bad-tag'],
  ['nginx:-x', 'bad-tag'],
  ['nginx@sha512:' + 'a'.repeat(128), 'bad-digest'],
  ['nginx@sha256:abc', 'bad-digest'],
  ['MyOrg/App:1', 'uppercase'],
  ['team//app', 'bad-repository'],
  ['app-:1', 'bad-repository'],
  ['bad_host.example.com/app', 'bad-registry'],
  ['registry.example.com:port/app', 'bad-registry'],
  ['r/' + 'a'.repeat(254), 'too-long'],
] as const) {
  images(`${image.slice(0, 60)} → ${problem}`, () => assert.is(parseImageReference(image).problem?.messageId, problem));
}
images('a digest does not count towards the 255-character limit', () => {
  const name = 'r/' + 'a'.repeat(250);
  assert.is(parseImageReference(`${name}@sha256:${'b'.repeat(64)}`).problem, undefined);
});
images('Amazon ECR registries in every partition; not ECR Public', () => {
  assert.is(ecrRegistry('111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1'), '111122223333.dkr.ecr.us-east-1.amazonaws.com');
  assert.ok(ecrRegistry('111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/app'));
  assert.ok(ecrRegistry('111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app'));
  assert.ok(ecrRegistry('111122223333.dkr.ecr.us-iso-east-1.c2s.ic.gov/app'));
  assert.ok(ecrRegistry('111122223333.dkr-ecr.us-east-1.on.aws/app'));
  assert.ok(ecrRegistry('${account}.dkr.ecr.${region}.amazonaws.com/app'));
  assert.is(ecrRegistry('public.ecr.aws/nginx/nginx:1'), undefined);
  assert.is(ecrRegistry('ghcr.io/acme/app'), undefined);
  assert.is(ecrRegistry('nginx'), undefined);
});
images('the parts of an Amazon ECR private image, template references allowed whole', () => {
  assert.equal(parseEcrImage('111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/web:2.8.0'), { account: '111122223333', region: 'eu-west-1', suffix: 'amazonaws.com', repository: 'team/web' });
  assert.equal(parseEcrImage(`111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app@sha256:${'a'.repeat(64)}`)?.repository, 'app');
  assert.equal(parseEcrImage('111122223333.dkr-ecr.us-east-1.on.aws/app')?.suffix, 'on.aws');
  assert.equal(parseEcrImage('${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/${Repo}:1.0'), { account: '${AWS::AccountId}', region: '${AWS::Region}', suffix: '${AWS::URLSuffix}', repository: '${Repo}' });
  for (const image of [
    'public.ecr.aws/nginx/nginx:1',
    'ghcr.io/acme/app',
    '111122223333.dkr.ecr.us-east-1.example.com/app',
    '111122223333.dkr-ecr.us-east-1.amazonaws.com/app',
    '${var.registry}/app:1',
    '1111.dkr.ecr.us-east-1.amazonaws.com/app',
    '111122223333.dkr.ecr.us-east-1.amazonaws.com/team/${var.name}',
    '111122223333.dkr.ecr.us-east-1.amazonaws.com',
    `111122223333.dkr.ecr.us-east-1.amazonaws.com/${'a'.repeat(256)}`,
  ]) {
    assert.is(parseEcrImage(image), undefined, image);
  }
});
images.run();

const placeholders = suite('placeholders');
placeholders('templates', () => {
  for (const value of ['${x}', 'a-${x}', '{{ must_env `IMAGE` }}', '%{ if x }', '#{Octopus.Var}', '$(cat x)', '$IMAGE', '<your-account-id>', '__IMAGE__']) {
    assert.ok(isTemplated(value), value);
  }
  for (const value of ['nginx:latest', 'arn:aws:iam::111122223333:role/x', 'a<b', 'price $5', 'prod/db']) {
    assert.not.ok(isTemplated(value), value);
  }
});
placeholders('upper-case placeholder words', () => {
  for (const value of ['ACCOUNT_ID.dkr.ecr.REGION.amazonaws.com/app', 'PLACEHOLDER', 'IMAGE_VALUE', 'repo:TAG']) {
    assert.ok(containsPlaceholderWord(value), value);
  }
  for (const value of ['MyApp/Service', 'ghcr.io/acme/api:V2', 'nginx']) assert.not.ok(containsPlaceholderWord(value), value);
});
placeholders.run();
