// The account, region and partition as symbols: matching a resource pattern against a name that
// holds template references, symbols (${AWS::Region}) and unknown characters must never say "yes"
// or "no" where some values of those parts would give the other answer. Checked against a plain
// matcher on concrete strings, for random patterns and names and random values of their parts;
// then the decisions of the evaluator for the symbolic forms templates write.

import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { requestContext } from '../src/iam/conditions';
import { evaluate, type Request } from '../src/iam/evaluate';
import { parsePolicyDocument, type NamedPolicy } from '../src/iam/policy';
import { matchResource, nameParts, UNKNOWN_CHARACTER } from '../src/iam/wildcard';

const SEED = Number(process.env.FC_SEED ?? 20_261_202);
const RUNS = Number(process.env.FC_RUNS ?? 400);

const SYMBOL_VALUES: Record<string, readonly string[]> = {
  '${AWS::Partition}': ['aws', 'aws-cn', 'a'],
  '${AWS::Region}': ['us-east-1', 'eu-west-2', 'b'],
  '${AWS::AccountId}': ['111122223333', '4'],
};
const REFERENCE_VALUES = ['', 'a', 'b', ':', '/', 'a:b', 'ab/', 'us-east-1', 'aws', '111122223333'];
const UNKNOWN_VALUES = ['a', 'b', 'Z', '7'];

/** IAM's resource matching on concrete text, as a regular expression (test inputs are short). */
function concreteMatch(pattern: string, name: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') source += i === pattern.length - 1 || pattern[i + 1] === ':' ? '.*' : '[^:]*';
    else if (c === '?') source += '.';
    else source += c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's').test(name);
}

type Piece = string;
const patternPiece = fc.constantFrom<Piece>('a', 'b', ':', '/', '*', '?', '${AWS::Partition}', '${AWS::Region}', '${AWS::AccountId}', '${R1}');
const namePiece = fc.constantFrom<Piece>('a', 'b', ':', '/', '${AWS::Partition}', '${AWS::Region}', '${AWS::AccountId}', '${R1}', '${R2}');

interface Values {
  symbols: Record<string, string>;
  references: Record<string, string>;
  unknown: string[];
}
const values = fc.record({
  symbols: fc.record({
    '${AWS::Partition}': fc.constantFrom(...SYMBOL_VALUES['${AWS::Partition}']!),
    '${AWS::Region}': fc.constantFrom(...SYMBOL_VALUES['${AWS::Region}']!),
    '${AWS::AccountId}': fc.constantFrom(...SYMBOL_VALUES['${AWS::AccountId}']!),
  }),
  references: fc.record({ '${R1}': fc.constantFrom(...REFERENCE_VALUES), '${R2}': fc.constantFrom(...REFERENCE_VALUES) }),
  unknown: fc.array(fc.constantFrom(...UNKNOWN_VALUES), { minLength: 3, maxLength: 3 }),
});

function concrete(pieces: readonly Piece[], chosen: Values, unknown = 0): string {
  const text = pieces.map((piece) => chosen.symbols[piece] ?? chosen.references[piece] ?? piece).join('');
  return text + chosen.unknown.slice(0, unknown).join('');
}

const matching = suite('symbols: matching');

/**
 * A name near a pattern (random pairs would almost never match): each piece of the pattern kept,
 * or written another way (a star as a few pieces, a symbol as a value or a reference), changed,
 * or followed by another piece.
 */
const nameNear = (pattern: readonly Piece[]) =>
  fc
    .tuple(
      ...pattern.map((piece) =>
        fc.oneof(
          { weight: 5, arbitrary: fc.constant([piece === '*' || piece === '?' ? 'a' : piece]) },
          { weight: 2, arbitrary: fc.array(namePiece, { maxLength: piece === '*' ? 3 : 1, minLength: piece === '?' ? 1 : 0 }) },
          { weight: 1, arbitrary: fc.constantFrom(['us-east-1'], ['aws'], ['${R1}'], ['${R2}'], [':'], ['/'], ['a', ':']) },
          { weight: 1, arbitrary: namePiece.map((extra) => [piece === '*' || piece === '?' ? 'b' : piece, extra]) },
        ),
      ),
    )
    .map((parts) => parts.flat());

matching('a sure answer holds for every value of the symbols, references and unknown characters', () => {
  fc.assert(
    fc.property(
      fc.array(patternPiece, { maxLength: 8 }).chain((pattern) => fc.tuple(fc.constant(pattern), fc.oneof(nameNear(pattern), fc.array(namePiece, { maxLength: 8 })))),
      fc.integer({ min: 0, max: 3 }),
      fc.array(values, { minLength: 6, maxLength: 6 }),
      ([pattern, name], unknown, samples) => {
        const answer = matchResource(pattern.join(''), nameParts(name.join(''), unknown));
        if (answer === 'maybe') return true;
        return samples.every((chosen) => concreteMatch(concrete(pattern, chosen), concrete(name, chosen, unknown)) === (answer === 'yes'));
      },
    ),
    { seed: SEED, numRuns: RUNS * 10 },
  );
});

matching('a symbol is compared with the same symbol field by field, and never holds a colon', () => {
  const arn = (name: string) => nameParts(`arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${name}-`, 6);
  const pattern = (resource: string) => `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${resource}`;
  assert.is(matchResource(pattern('prod/*'), arn('prod/registry')), 'yes');
  assert.is(matchResource(pattern('other-*'), arn('prod/registry')), 'no');
  assert.is(matchResource(pattern('prod/registry-??????'), arn('prod/registry')), 'yes');
  // The same field written as a value may be the symbol's value: not known.
  assert.is(matchResource('arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/*', arn('prod/registry')), 'maybe');
  // A star within a field takes a whole symbol, which holds no colon.
  assert.is(matchResource('arn:*:secretsmanager:*:*:secret:prod/*', arn('prod/registry')), 'yes');
  // Two symbols are two values: the region is not the account.
  assert.is(matchResource('arn:${AWS::Partition}:secretsmanager:${AWS::AccountId}:${AWS::AccountId}:secret:prod/*', arn('prod/registry')), 'no');
  // Another reference may be anything, colons included.
  assert.is(matchResource('arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${Prefix}*', arn('prod/registry')), 'maybe');
  assert.is(matchResource(pattern('prod/*'), [{ reference: '${RegistrySecret}' }]), 'maybe');
  assert.is(matchResource(pattern('prod/*'), [UNKNOWN_CHARACTER]), 'no');
});

matching.run();

// ---------------------------------------------------------------------------------------------

const decisions = suite('symbols: decisions');

const policy = (statements: unknown[]): NamedPolicy => ({ source: { name: 'exec' }, document: parsePolicyDocument({ Version: '2012-10-17', Statement: statements }) });
const SECRET_ARN = (name: string) => `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${name}`;
/** A template's own secret, named prod/registry: its reference, and its ARN around the symbols. */
const secretRequest = (symbols?: Request['symbols']): Request => ({
  action: 'secretsmanager:GetSecretValue',
  resource: nameParts('${RegistrySecret}'),
  alternatives: [nameParts('${RegistrySecret.Id}'), nameParts(`${SECRET_ARN('prod/registry')}-`, 6)],
  context: requestContext({ 'aws:SecureTransport': 'true' }),
  ...(symbols ? { symbols } : {}),
});
const GET = 'secretsmanager:GetSecretValue';

decisions('a Deny on the template\'s prod/* for its secret prod/registry is certain', () => {
  const decision = evaluate([policy([{ Effect: 'Allow', Action: GET, Resource: '*' }, { Effect: 'Deny', Action: GET, Resource: SECRET_ARN('prod/*') }])], secretRequest());
  assert.is(decision.outcome, 'denied');
});

decisions('an Allow only on other-* is an implicit deny', () => {
  const decision = evaluate([policy([{ Effect: 'Allow', Action: GET, Resource: SECRET_ARN('other-*') }])], secretRequest());
  assert.is(decision.outcome, 'implicit-deny');
});

decisions('NotResource decides the same way', () => {
  const excluded = evaluate([policy([{ Effect: 'Allow', Action: GET, NotResource: SECRET_ARN('prod/*') }])], secretRequest());
  assert.is(excluded.outcome, 'implicit-deny');
  const included = evaluate([policy([{ Effect: 'Allow', Action: GET, NotResource: SECRET_ARN('other-*') }])], secretRequest());
  assert.is(included.outcome, 'allowed');
});

decisions('the reference itself, and the secret\'s ARN with its suffix, allow', () => {
  assert.is(evaluate([policy([{ Effect: 'Allow', Action: GET, Resource: '${RegistrySecret}' }])], secretRequest()).outcome, 'allowed');
  assert.is(evaluate([policy([{ Effect: 'Allow', Action: GET, Resource: SECRET_ARN('prod/registry-??????') }])], secretRequest()).outcome, 'allowed');
});

decisions('a policy written with values may or may not name the template\'s secret, until the symbols have values', () => {
  const allowing = [{ Effect: 'Allow', Action: GET, Resource: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*' }];
  assert.is(evaluate([policy(allowing)], secretRequest()).outcome, 'unknown');
  const known = new Map([
    ['${AWS::Partition}', 'aws'],
    ['${AWS::Region}', 'eu-west-1'],
    ['${AWS::AccountId}', '111122223333'],
  ]);
  assert.is(evaluate([policy(allowing)], secretRequest(known)).outcome, 'allowed');
  const elsewhere = new Map([...known, ['${AWS::Region}', 'us-east-1']]);
  assert.is(evaluate([policy(allowing)], secretRequest(elsewhere)).outcome, 'implicit-deny');
  // Whatever the symbols are, a secret named prod/registry is not other-*.
  const other = [{ Effect: 'Allow', Action: GET, Resource: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:other-*' }];
  assert.is(evaluate([policy(other)], secretRequest()).outcome, 'implicit-deny');
});

decisions('kms:Decrypt on the template\'s alias ARN grants nothing for its key', () => {
  const keyRequest: Request = {
    action: 'kms:Decrypt',
    resource: nameParts('${RegistryKey.Arn}'),
    alternatives: [nameParts('${RegistryKey}'), nameParts('${RegistryKey.KeyId}'), nameParts('arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${RegistryKey.KeyId}')],
    context: requestContext({}),
  };
  const alias = evaluate([policy([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/registry' }])], keyRequest);
  assert.is(alias.outcome, 'implicit-deny');
  const keys = evaluate([policy([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*' }])], keyRequest);
  assert.is(keys.outcome, 'allowed');
});

decisions.run();
