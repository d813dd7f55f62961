// `npm run bench`: what this custom resource costs, measured in one self-contained run against
// moto behind the emulator's gateway (emulator/gateway.ts), through the BUILT bundle (dist/),
// one fresh Node process per event as Lambda runs it. It prints Markdown tables, the project's
// ratios against other strategies, and PASS/FAIL per goal. It exits non-zero only when it could
// not run (no moto, no dist/, a section crashed); a FAILed goal is a result, not an error.
//
//   1. Propagation (propagation.ts): this project's wait for IAM propagation against a fixed
//      sleep, Terraform's retry schedule and one call with no wait.
//   2. Round trips (roundtrips.ts): the AWS calls a plain Create and a plain Delete of each kind make.
//   3. Cold start (coldstart.ts): each kind's path (dist/index.mjs and its chunk) against its floor (the
//      same SDK clients, nothing of ours: floor.ts), and the bundle options compared (options.ts).
//   4. Scale and cost (scale.ts, cost.ts): concurrent Creates against IAM's rate limit; CPU time
//      and peak RSS of one cold invocation, init CPU, and what a cold Create costs (GB-seconds) at
//      Lambda's memory sizes.
//
// Every section runs on the Lambda runtime's Node (BENCH_NODE, node.ts): started on another Node,
// this script runs itself again on that one. Knobs: knobs.ts. The default run takes about 6 minutes
// on a quiet 2-core machine (Terraform's schedule at 8 s dominates: ~15.5 s a run). Timings on a
// busy machine are noisy: the header and each section print the load average.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runTool, seed, startSession } from '../../local/index.js';
import { coldStartSection } from './coldstart.js';
import type { BenchContext } from './context.js';
import { KNOBS_LINE, NODE, SECTIONS, type Section } from './knobs.js';
import { isRunningOn, rerunOn, resolveNode } from './node.js';
import { propagationSection } from './propagation.js';
import { load, out, table, verdicts, verdictText } from './report.js';
import { roundTripSection } from './roundtrips.js';
import { scaleSection } from './scale.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SECTION_RUNS: Readonly<Record<Section, (w: BenchContext) => Promise<void>>> = {
  propagation: propagationSection,
  roundtrips: roundTripSection,
  coldstart: () => coldStartSection(),
  scale: scaleSection,
};

const node = resolveNode(NODE);
if (!isRunningOn(node))
  process.exit(await rerunOn(node, fileURLToPath(import.meta.url), { ...process.env, BENCH_NODE: node }));

await runTool(async (run) => {
  const cpu = os.cpus();
  // Other work on the machine shows in the load before the bench adds its own (each section's
  // processes keep about one core busy; the scale section's 50 more).
  const startLoad = os.loadavg()[0] ?? 0;
  out('# pinpoint-event-stream-resource benchmark');
  out('');
  out(
    `node ${process.version} (${process.execPath}), ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ` +
      `load average ${load()} at start ` +
      '(1, 5, 15 min).',
  );
  out(KNOBS_LINE);
  out(
    'Everything runs the built dist/ against moto behind emulator/gateway.ts on this machine; compare ratios, ' +
      'not absolute ms, across machines.',
  );
  const session = await startSession();
  run.onCleanup(() => session.close());
  const w: BenchContext = { session, streams: await seed(session.direct) };
  out(`moto ${session.motoVersion}.`);

  const crashed: Section[] = [];
  for (const name of SECTIONS) {
    const started = Date.now();
    try {
      await SECTION_RUNS[name](w);
    } catch (error) {
      crashed.push(name);
      out(`\n**Section ${name} could not run:** ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.BENCH_DEBUG) console.error(error);
    }
    out(`\n_(${name}: ${((Date.now() - started) / 1000).toFixed(0)} s; load average now ${load()})_`);
    session.gateway.reset();
  }

  out('\n## Summary');
  out('');
  table(
    ['goal', 'measured', 'result'],
    verdicts.map((v) => [v.goal, v.value, verdictText(v.pass)]),
  );
  const failed = verdicts.filter((v) => v.pass === false).length;
  const passed = verdicts.filter((v) => v.pass === true).length;
  const busy = startLoad > cpu.length * 0.5;
  out('');
  out(
    `${passed} PASS, ${failed} FAIL, ${verdicts.length - passed - failed} not measured` +
      `${crashed.length ? `; sections that could not run: ${crashed.join(', ')}` : ''}. ` +
      `1-minute load average at the start ${startLoad.toFixed(2)}` +
      `${busy ? ' (a busy machine: timings are noisy; rerun on a quiet one)' : ''}; at the end (the bench's own ` +
      `processes included) ${load()}.`,
  );
  return crashed.length ? 1 : 0;
});
