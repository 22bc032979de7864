// No catastrophic backtracking: every regular expression in src/ (literals and new RegExp, found by
// parsing the sources: see test/support/hostile-redos.ts for how) is run against long adversarial
// inputs built from its own characters (runs, alternations, unfinished literal words, near misses),
// in worker threads so that a pattern that never finishes is ended and named. Two gates:
//   1. time: no input of 50,000 characters may take longer than BUDGET_MS. Patterns whose input
//      the code bounds (a CLI argument, a rule id, one line of a parser's message) may be slower on
//      such absurd inputs, as long as they finish: they are listed in BOUNDED_INPUT with the reason.
//      A pattern applied to file content must pass the budget: files may have 16 MiB.
//   2. static: redos-detector (a ReDoS checker) analyses each pattern anchored at one start
//      position; patterns it finds ambiguous (backtracking without bound within one attempt) must
//      be reviewed and listed in REVIEWED_AMBIGUOUS, so that a new such pattern fails this test
//      even when the generated inputs miss its attack string.
// A new `new RegExp(x)` with a non-literal pattern cannot be checked statically: it fails until
// reviewed and listed in REVIEWED_DYNAMIC.

import { Worker } from 'node:worker_threads';
import { isSafePattern } from 'redos-detector';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findRegexes, type FoundRegex } from './support/hostile-redos';
import { ROOT } from './support/hostile';

const LENGTH = 50_000;
const BUDGET_MS = 100;
/** A pattern still running after this long is catastrophic: its worker is terminated. */
const HARD_LIMIT_MS = 5_000;
/** Worker threads (the patterns are split between them). */
const WORKERS = 2;

/** Patterns whose input is bounded by the code that applies them (key: file and pattern source). */
const BOUNDED_INPUT: Record<string, string> = {
  'src/api/discover.ts /[\\\\/]+$/': 'a directory name given on the command line',
  'src/loaders/yaml.ts /\\s+at line \\d+, column \\d+:?$/': 'the first line of a yaml parser message (no whitespace runs of the file in it)',
  'src/loaders/terraform/plan.ts /^[^:]*JSON[^:]*: ?/': 'a JSON.parse error message: V8 clips its excerpt of the text to about ten characters',
  'src/lsp/lint-document.ts /[?#].*$/': "an editor's document URI",
};

/** Patterns redos-detector finds ambiguous, reviewed: why the backtracking is bounded. */
const REVIEWED_AMBIGUOUS: Record<string, string> = {
  'src/engine/suppressions.ts /(?:^|\\s)(?:#|\\/\\/|\\/\\*)\\s*ecs-lint-(disable-next-line|disable-line|disable|enable)\\b([^\\n]*)$/':
    'each attempt stops at the literal "ecs-lint-" after one run of \\s*; [^\\n]*$ has one way to match',
  'src/loaders/terraform/plan.ts /^[^:]*JSON[^:]*: ?/': 'anchored, and applied to a JSON.parse message only (see BOUNDED_INPUT)',
  'src/loaders/terraform/views.ts /^\\$\\{((?:data\\.)?[A-Za-z_][\\w-]*\\.[A-Za-z_][\\w-]*)(?:\\[[^\\]]*\\])?\\.[A-Za-z_][\\w-]*\\}$/':
    'anchored at both ends; "data." is read either by the optional group or as the first name: two ways at most',
};

/** Non-literal `new RegExp(…)` calls, reviewed. */
const REVIEWED_DYNAMIC: Record<string, string> = {};

/** The worker is TypeScript: it registers tsx in its own thread, then loads the worker module. */
const WORKER_BOOT = new URL(
  `data:text/javascript,${encodeURIComponent(
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\n` +
      `register();\n` +
      `await import(${JSON.stringify(new URL('./support/hostile-redos-worker.ts', import.meta.url).href)});\n`,
  )}`,
);

const keyOf = (found: FoundRegex) => `${found.file} /${found.source}/${found.flags}`;
const where = (found: FoundRegex) => `${found.file}:${found.line} /${found.source}/${found.flags}`;

interface Timing {
  ms: number;
  input: string;
  /** How much the time grew when the input doubled (4 for a quadratic pattern). */
  growth?: number;
  /** The time at the full length is extrapolated from shorter inputs. */
  extrapolated?: boolean;
  /** Still running at HARD_LIMIT_MS: terminated. */
  hung?: boolean;
}

/** Runs one chunk of patterns in a worker; a hung pattern is recorded and the rest resumed in a new worker. */
async function timeChunk(chunk: FoundRegex[]): Promise<Map<FoundRegex, Timing>> {
  const timings = new Map<FoundRegex, Timing>();
  let remaining = chunk;
  while (remaining.length > 0) {
    const batch = remaining;
    const worker = new Worker(WORKER_BOOT, { workerData: { regexes: batch, length: LENGTH, budgetMs: BUDGET_MS } });
    remaining = await new Promise<FoundRegex[]>((resolve, reject) => {
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const hung = batch[current]!;
          timings.set(hung, { ms: HARD_LIMIT_MS, input: 'did not finish', hung: true });
          void worker.terminate();
          resolve(batch.slice(current + 1));
        }, HARD_LIMIT_MS);
      };
      worker.on('message', (message: { kind: 'start' | 'done'; index: number } & Partial<Timing>) => {
        if (message.kind === 'start') {
          current = message.index;
          arm();
        } else {
          timings.set(batch[message.index]!, { ms: message.ms!, input: message.input!, growth: message.growth!, extrapolated: message.extrapolated! });
          if (message.index === batch.length - 1) {
            clearTimeout(timer);
            void worker.terminate();
            resolve([]);
          }
        }
      });
      worker.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        if (timings.size < chunk.length && current < batch.length - 1 && !timings.has(batch[Math.max(current, 0)]!)) {
          reject(new Error(`the ReDoS worker stopped at ${current < 0 ? 'its start' : where(batch[current]!)}`));
        }
      });
    });
  }
  return timings;
}

const test = suite('redos');
const REGEXES = findRegexes(ROOT);

test('the scanner finds the patterns of src/ (literals and new RegExp in the generated validators)', () => {
  assert.ok(REGEXES.length > 100, `only ${REGEXES.length} patterns found`);
  assert.ok(REGEXES.some((found) => found.file === 'src/loaders/json.ts'), 'no pattern found in src/loaders/json.ts');
  assert.ok(REGEXES.some((found) => found.file.startsWith('src/generated/') && found.flags.includes('u')), 'no new RegExp(…, "u") found in src/generated/');
});

test('every new RegExp(…) has a literal pattern (or is reviewed)', () => {
  const dynamic = REGEXES.filter((found) => found.dynamic && !(keyOf(found) in REVIEWED_DYNAMIC));
  assert.equal(dynamic.map(where), [], 'non-literal patterns cannot be checked; review them and list them in REVIEWED_DYNAMIC');
});

test('redos-detector finds no ambiguous pattern that is not reviewed', () => {
  const flagged: string[] = [];
  for (const found of REGEXES) {
    if (found.dynamic) continue;
    // Anchored at one start position: every unanchored pattern with a quantifier is "unsafe" to the
    // detector when it also counts the engine's retries at each position, which are linear here.
    const anchored = found.source.startsWith('^') ? found.source : `^(?:${found.source})`;
    const result = isSafePattern(anchored, {
      timeout: 2_000,
      unicode: found.flags.includes('u'),
      multiLine: found.flags.includes('m'),
      caseInsensitive: found.flags.includes('i'),
      dotAll: found.flags.includes('s'),
    });
    if (!result.safe && !(keyOf(found) in REVIEWED_AMBIGUOUS)) {
      const trail = result.trails[0]?.trail.slice(0, 2).map((entry) => `${entry.a.node.source} / ${entry.b.node.source}`).join('; ') ?? '';
      flagged.push(`${where(found)} (${result.error}${trail ? `: ${trail}` : ''})`);
    }
  }
  if (flagged.length > 0) console.log(`redos-detector: ${flagged.length} ambiguous pattern(s):\n  ${flagged.join('\n  ')}`);
  assert.equal(flagged, [], 'patterns that may backtrack without bound: make them unambiguous, or review them and list them in REVIEWED_AMBIGUOUS');
});

test(`no pattern takes more than ${BUDGET_MS} ms on adversarial inputs of ${LENGTH} characters`, async () => {
  const started = performance.now();
  const literal = REGEXES.filter((found) => !found.dynamic);
  const chunks = Array.from({ length: WORKERS }, (_, index) => literal.filter((__, i) => i % WORKERS === index));
  const results = await Promise.all(chunks.map(timeChunk));
  const timings = new Map<FoundRegex, Timing>(results.flatMap((map) => [...map]));
  // A pattern over budget is timed once more, alone: a busy machine slows a linear pattern once,
  // backtracking slows it every time.
  const slow = [...timings].filter(([, timing]) => !timing.hung && timing.ms > BUDGET_MS).map(([found]) => found);
  if (slow.length > 0) {
    for (const [found, timing] of await timeChunk(slow)) if (timing.hung || timing.ms < timings.get(found)!.ms) timings.set(found, timing);
  }
  const failures: string[] = [];
  const slowest = [...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 5);
  for (const [found, timing] of timings) {
    const bounded = BOUNDED_INPUT[keyOf(found)];
    if (timing.hung) failures.push(`${where(found)}: did not finish within ${HARD_LIMIT_MS} ms (catastrophic backtracking)`);
    else if (timing.ms > BUDGET_MS && !bounded) {
      const how = timing.extrapolated ? `≈${timing.ms.toFixed(0)} ms (extrapolated: ×${timing.growth!.toFixed(1)} when the input doubles)` : `${timing.ms.toFixed(0)} ms`;
      failures.push(`${where(found)}: ${how} on ${timing.input}`);
    }
  }
  console.log(
    `redos: ${literal.length} patterns checked in ${((performance.now() - started) / 1000).toFixed(1)} s; slowest: ${slowest
      .map(([found, timing]) => `${found.file}:${found.line} ${timing.hung ? 'hung' : `${timing.ms.toFixed(0)} ms`}`)
      .join(', ')}`,
  );
  assert.is(timings.size, literal.length, 'every pattern was timed');
  assert.equal(failures, [], 'slow patterns (super-linear backtracking on long input)');
});

test.run();
