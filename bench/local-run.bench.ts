/**
 * The local engine end to end: the `quick` suite's wall time (target <= 60 s on 2 cores), and GFLOP/s of
 * each available backend on gemm n = 512 and n = 1024, side by side (headlessgl only under a display).
 */
import { runSuite } from '../src/bench/runner.ts';
import { BUILTIN_SUITES, type SuiteDefinition } from '../src/bench/suites.ts';
import { createEngines } from '../src/pool/engines.ts';
import type { BackendName } from '../src/pool/protocol.ts';
import type { BenchFile, BenchRow } from './harness.ts';

async function quickWallSec(): Promise<number[]> {
  const results = await runSuite({ suite: BUILTIN_SUITES.quick });
  return [results.wallTimeMs / 1000];
}

async function gemmGflops(): Promise<BenchRow[]> {
  const engines = createEngines({ threads: 1 });
  const rows: BenchRow[] = [];
  try {
    const backends: BackendName[] = [];
    for (const backend of ['cpu', 'webasm', 'wasm-simd', 'headlessgl', 'webgpu'] as const) {
      const probe = await engines.probe(backend);
      if (probe.available) backends.push(backend);
      else console.log(`  ${backend}: not measured (${probe.reason})`);
    }
    for (const n of [512, 1024]) {
      const suite: SuiteDefinition = {
        name: `gemm-${n}`,
        description: '',
        cases: [{ kernel: 'gemm', size: { m: n, n, k: n } }],
        backends,
        autoCandidates: backends,
        timing: { warmupRuns: 1, minSamples: 3, minTimeMs: 1, maxTimeMs: 1 },
        kernelTimeoutMs: 300_000,
      };
      const results = await runSuite({ suite, threads: 1, engines });
      for (const m of results.measurements) {
        if (m.state !== 'completed') {
          console.log(`  ${m.id} on ${m.backend}: ${m.state}`);
          continue;
        }
        rows.push({
          name: `gemm n=${n} on ${m.ranOn}`,
          unit: 'GFLOP/s',
          higherIsBetter: true,
          samples: m.samplesSec.map((s) => m.flops / s / 1e9),
          ...(m.ranOn === 'cpu' ? {} : { baseline: `gemm n=${n} on cpu` }),
        });
      }
    }
  } finally {
    await engines.close();
  }
  return rows;
}

const bench: BenchFile = async () => [
  {
    name: 'quick suite wall time',
    unit: 's',
    higherIsBetter: false,
    target: { value: 60, text: '<= 60 s on 2 cores' },
    samples: await quickWallSec(),
  },
  ...(await gemmGflops()),
];
export default bench;
