// npm run bench: measures ecs-lint against baselines taken in the same run, and writes
// docs/benchmarks.md. Every figure is a median of several runs; ratios are what matter, as
// machines differ.
//
//   1. cold start on one file, against `node -e 0`                     (target: ≤ 1.5×)
//   2. a whole generated corpus, against reading and parsing it only    (target: ≤ 1.5×),
//      and each part of it run five times in one process (bench/warm.cjs): cold and JIT-warm
//   3. peak memory on the corpus and on a corpus twice its size         (target: flat)
//   4. cfn-lint on the same CloudFormation templates, where installed
//
// Usage: node bench/run.mjs [--quick] [--no-write]

import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem, type } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, sample } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const write = !process.argv.includes('--no-write');
const counts = quick ? { json: 1000, yaml: 200, tf: 100 } : { json: 5000, yaml: 1000, tf: 500 };
const runs = quick ? 3 : 5;
const startRuns = quick ? 10 : 30;
const bin = join(root, 'bin/ecs-lint.js');

const work = mkdtempSync(join(tmpdir(), 'ecs-lint-bench-'));
const corpus = join(work, 'corpus');
const doubled = join(work, 'doubled');
const one = join(work, 'one.json');
writeFileSync(one, sample.taskDefinition(1));

/** Wall time of one run of a command, in milliseconds. */
function timed(command, args, anyStatus) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: 'ignore', maxBuffer: 1 << 30 });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (!anyStatus && result.status !== 0 && result.status !== 1) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  return elapsed;
}

const middle = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];

/** Median wall times of two commands, run in turn (A, B, A, B, …) after one warm-up each, so that a machine that slows down or speeds up during the measurement weighs on both alike. */
function paired([commandA, argsA], [commandB, argsB], times, anyStatus = false) {
  timed(commandA, argsA, anyStatus);
  timed(commandB, argsB, anyStatus);
  const a = [];
  const b = [];
  for (let i = 0; i < times; i++) {
    a.push(timed(commandA, argsA, anyStatus));
    b.push(timed(commandB, argsB, anyStatus));
  }
  return [middle(a), middle(b)];
}

/** Peak resident memory of a Node command in MiB, from the process's own resource usage. */
function peakMemory(args) {
  const probe = join(work, 'rss.cjs');
  writeFileSync(probe, "process.on('exit', () => { require('fs').writeSync(2, `\\nRSS ${process.resourceUsage().maxRSS}\\n`); });\n");
  const result = spawnSync(process.execPath, ['--require', probe, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const match = /RSS (\d+)/.exec(result.stderr);
  return match ? Number(match[1]) / 1024 : NaN;
}

const results = [];
const row = (what, ours, baseline, target) => {
  const ratio = ours / baseline;
  results.push({ what, ours, baseline, ratio, target, met: target === undefined ? undefined : ratio <= target });
  process.stdout.write(`${what.padEnd(44)} ${ours.toFixed(0).padStart(7)} ms vs ${baseline.toFixed(0).padStart(7)} ms  ${ratio.toFixed(2)}×${target ? `  (target ≤ ${target}×)` : ''}\n`);
};

process.stdout.write(`corpus: ${counts.json} task definitions, ${counts.yaml} templates, ${counts.tf} Terraform files in ${corpus}\n\n`);
const node = process.execPath;
const floorScript = join(root, 'bench/floor.mjs');
const [start, bare] = paired([node, [bin, one]], [node, ['-e', '0']], startRuns);
row('cold start, one task definition', start, bare, 1.5);

// The corpora are written after the cold start is measured: the kernel writing back some twenty
// thousand new files would slow the short runs (it did, by up to a third).
generate(corpus, counts);
generate(doubled, { json: counts.json * 2, yaml: counts.yaml * 2, tf: counts.tf * 2 });
spawnSync('sync');

const [whole, floor] = paired([node, [bin, '--format', 'json', corpus]], [node, [floorScript, corpus]], runs);
row('whole corpus', whole, floor, 1.5);
for (const [name, sub] of [['task definitions (JSON)', 'taskdefs'], ['CloudFormation (YAML)', 'cfn'], ['Terraform', 'terraform']]) {
  const dir = join(corpus, sub);
  row(`  ${name}`, ...paired([node, [bin, '--format', 'json', dir]], [node, [floorScript, dir]], runs));
}

// The same, in one process run five times in turn with the floor's loop: the first pass pays for
// compiling the code as it runs; the last shows the lint's own work with the JIT warm.
const warm = [];
process.stdout.write('\nin one process (bench/warm.cjs), first pass and fifth:\n');
for (const [name, sub] of [['task definitions (JSON)', 'taskdefs'], ['CloudFormation (YAML)', 'cfn'], ['Terraform', 'terraform']]) {
  const output = execFileSync(node, [join(root, 'bench/warm.cjs'), join(corpus, sub), '5'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const { ours, floor: theirs } = JSON.parse(output);
  const passes = { name, cold: [ours[0], theirs[0]], warm: [ours.at(-1), theirs.at(-1)] };
  warm.push(passes);
  const show = ([a, b]) => `${a.toFixed(0).padStart(5)} ms vs ${b.toFixed(0).padStart(5)} ms  ${(a / b).toFixed(2)}×`;
  process.stdout.write(`  ${name.padEnd(42)} ${show(passes.cold)}   ${show(passes.warm)}\n`);
}

const memory = peakMemory([bin, '--format', 'json', corpus]);
const memoryDoubled = peakMemory([bin, '--format', 'json', doubled]);
const memoryFloor = peakMemory([join(root, 'bench/floor.mjs'), corpus]);
process.stdout.write(
  `\npeak memory: ${memory.toFixed(0)} MiB on the corpus, ${memoryDoubled.toFixed(0)} MiB on twice the corpus (${(memoryDoubled / memory).toFixed(2)}×); the floor script ${memoryFloor.toFixed(0)} MiB\n`,
);

let cfnLint;
const hasCfnLint = spawnSync('cfn-lint', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCfnLint) {
  // cfn-lint is slow: measure it on a subset and compare ecs-lint on the same files.
  const subset = join(work, 'cfn-subset');
  generate(subset, { json: 0, yaml: quick ? 20 : 100, tf: 0 });
  const templates = join(subset, 'cfn');
  // cfn-lint exits non-zero for the templates' findings: its status does not matter here.
  const [theirs, ours] = paired(['cfn-lint', [join(templates, '*.yaml')]], [node, [bin, templates]], quick ? 1 : 3, true);
  cfnLint = { templates: quick ? 20 : 100, theirs, ours };
  process.stdout.write(`cfn-lint on ${cfnLint.templates} templates: ${theirs.toFixed(0)} ms; ecs-lint: ${ours.toFixed(0)} ms (${(theirs / ours).toFixed(1)}× faster)\n`);
}

if (write) {
  const version = (command, args) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n')[0];
    } catch {
      return 'not installed';
    }
  };
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` (\`node bench/run.mjs\`) on ${date}. Each figure is the median of several runs`,
    'of the built command (`bin/ecs-lint.js`), timed from process start to exit. Ratios compare',
    'with a baseline measured in the same run on the same machine, the two run in turn so that a',
    'machine whose speed drifts weighs on both alike; absolute times vary between machines.',
    '',
    `Machine: ${type()}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node.js ${process.version}; ${version('cfn-lint', ['--version'])}.`,
    '',
    `Corpus (generated by \`bench/generate.mjs\`, one file in twenty broken): ${counts.json} task definitions (JSON),`,
    `${counts.yaml} CloudFormation templates (YAML), ${counts.tf} Terraform modules.`,
    '',
    '| measurement | ecs-lint | baseline | ratio | target |',
    '| --- | ---: | ---: | ---: | --- |',
    ...results.map(
      (r) =>
        `| ${r.what.trim()} | ${r.ours.toFixed(0)} ms | ${r.baseline.toFixed(0)} ms | ${r.ratio.toFixed(2)}× | ${r.target ? `≤ ${r.target}× ${r.met ? '(met)' : '(not met)'}` : ''} |`,
    ),
    '',
    'Baselines: `node -e 0` for the cold start; for the corpus, `bench/floor.mjs`, which only reads every',
    'file and parses it (JSON.parse; the same YAML library and HCL parser as ecs-lint).',
    '',
    'In one process (`bench/warm.cjs`): ecs-lint\'s `main()` and the floor\'s loop run in turn, five times',
    'each, on each part of the corpus. The first pass is a real run\'s cost without Node\'s start (code',
    'runs interpreted until V8 compiles it); the fifth is the lint\'s own work with the JIT warm, which',
    'no start-up or compilation work can go below.',
    '',
    '| corpus part | first pass: ecs-lint | floor | ratio | fifth pass: ecs-lint | floor | ratio |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...warm.map(
      ({ name, cold, warm: hot }) =>
        `| ${name} | ${cold[0].toFixed(0)} ms | ${cold[1].toFixed(0)} ms | ${(cold[0] / cold[1]).toFixed(2)}× | ${hot[0].toFixed(0)} ms | ${hot[1].toFixed(0)} ms | ${(hot[0] / hot[1]).toFixed(2)}× |`,
    ),
    '',
    `Peak memory (resident set): ${memory.toFixed(0)} MiB on the corpus, ${memoryDoubled.toFixed(0)} MiB on a corpus twice its size`,
    `(${(memoryDoubled / memory).toFixed(2)}×); the floor script: ${memoryFloor.toFixed(0)} MiB.`,
    '',
    cfnLint
      ? `cfn-lint on ${cfnLint.templates} of the templates: ${cfnLint.theirs.toFixed(0)} ms; ecs-lint on the same: ${cfnLint.ours.toFixed(0)} ms (${(cfnLint.theirs / cfnLint.ours).toFixed(1)}× faster).`
      : 'cfn-lint was not installed: no comparison.',
    '',
  ];
  writeFileSync(join(root, 'docs/benchmarks.md'), lines.join('\n'));
  process.stdout.write('\nwrote docs/benchmarks.md\n');
}
rmSync(work, { recursive: true, force: true });
