// Worker thread of test/redos.test.ts: runs each regular expression against long adversarial
// inputs built from its own characters, and posts the worst time. It runs in a worker so that a
// catastrophic pattern (which no JavaScript can interrupt from the same thread) is ended by
// terminate() from the test, and named.
//
// Each input is first tried at a tenth of the length, then a fifth: a pattern whose time grows
// faster than the input (quadratic: ×4 when the input doubles) is judged by its time extrapolated
// to the full length, without spending seconds on it; other inputs are run at the full length.

import { parentPort, workerData } from 'node:worker_threads';
import { adversarialInputs, type FoundRegex } from './hostile-redos';

interface Job {
  regexes: FoundRegex[];
  length: number;
  budgetMs: number;
}

const { regexes, length, budgetMs } = workerData as Job;

function time(regex: RegExp, input: string): number {
  const started = performance.now();
  // As the code uses them: test/exec for one match, replace (a full scan) for /g.
  if (regex.global || regex.sticky) {
    regex.lastIndex = 0;
    input.replace(regex, '');
  } else {
    regex.test(input);
  }
  return performance.now() - started;
}

for (const [index, found] of regexes.entries()) {
  parentPort!.postMessage({ kind: 'start', index });
  const regex = new RegExp(found.source, found.flags);
  let worst = { ms: 0, input: '', growth: 1, extrapolated: false };
  const small = adversarialInputs(found.source, found.flags, length / 10);
  const middle = adversarialInputs(found.source, found.flags, length / 5);
  const full = adversarialInputs(found.source, found.flags, length);
  for (;;) {
    const a = small.next();
    const b = middle.next();
    const c = full.next();
    if (a.done || b.done || c.done) break;
    // The minimum of two runs: V8 interprets a pattern's first run and compiles it for later ones,
    // and a collection pause must not pass for super-linear growth.
    const steadySmallMs = Math.min(time(regex, a.value.input), time(regex, a.value.input));
    let measured: { ms: number; growth: number; extrapolated: boolean };
    if (steadySmallMs > budgetMs / 100) {
      // Suspiciously slow at a tenth of the length: how does the time grow?
      const middleMs = Math.min(time(regex, b.value.input), time(regex, b.value.input));
      const growth = Math.max(2, middleMs / Math.max(steadySmallMs, 0.001));
      // From a fifth of the length to the full length: doubling a bit more than twice (×5).
      measured = { ms: middleMs * Math.pow(growth, Math.log2(5)), growth, extrapolated: true };
    } else {
      measured = { ms: time(regex, c.value.input), growth: 1, extrapolated: false };
    }
    if (measured.ms > worst.ms) worst = { ...measured, input: c.value.label };
    // One input over the budget is enough to fail the pattern: do not spend seconds on the rest.
    if (measured.ms > budgetMs) break;
  }
  parentPort!.postMessage({ kind: 'done', index, ...worst });
}
