import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/analysis/sweep.ts';
import { createSweepPool } from '../../src/analysis/sweep-pool.ts';
import { renderSweepCsv, renderSweepJson } from '../../src/results/sweep.ts';

const options = {
  workload: 'llm-decode',
  gpus: ['h100-sxm', 'h800-sxm', 'h20'],
  params: { model: 'llama-3-8b', batch: '1..256', context: '1k..32k', kvDtype: 'bf16,fp8' },
  chunkSize: 17,
  crossovers: false,
} as const;

describe('sweep pool', () => {
  it('a real pool evaluates the same numbers as inline evaluation', async () => {
    const inline = await runSweep({ ...options, threads: 0 });
    const pool = createSweepPool({ threads: 2 });
    let calls = 0;
    try {
      const pooled = await runSweep({ ...options, pool, onProgress: () => calls++ });
      expect(pooled.threads).toBe(2);
      expect(pooled.grid.points).toBe(9 * 6 * 2);
      expect(Array.from(pooled.throughput)).toEqual(Array.from(inline.throughput));
      expect(Array.from(pooled.timeMs)).toEqual(Array.from(inline.timeMs));
      expect(Array.from(pooled.bound)).toEqual(Array.from(inline.bound));
      // Chunks hold whole points: 17 estimates round up to 18 (6 points of 3 GPUs).
      expect(calls).toBe(Math.ceil((9 * 6 * 2 * 3) / 18));
    } finally {
      await pool.close();
    }
  });

  it('a UserError in a worker comes back as a UserError naming the parameter', async () => {
    const pool = createSweepPool({ threads: 1 });
    try {
      await expect(
        runSweep({
          workload: 'llm-decode',
          gpus: ['h100-sxm'],
          params: { model: 'llama-3-8b', tp: '1,3' },
          pool,
        }),
      ).rejects.toThrow(/^tp 3 must divide the 32 attention heads/);
    } finally {
      await pool.close();
    }
  });

  it('JSON and CSV outputs parse and agree with the arrays', async () => {
    const r = await runSweep({ ...options, threads: 0 });
    const doc = JSON.parse(renderSweepJson(r, '0.0.0'));
    expect(doc.kind).toBe('tppbench-sweep');
    expect(doc.results).toHaveLength(r.throughput.length);
    expect(doc.results[4]).toEqual({
      params: { batch: 1, context: 1024, kvDtype: 'fp8' },
      gpu: 'h800-sxm',
      throughput: r.throughput[4],
      timeMs: r.timeMs[4],
      bound: expect.any(String),
      fits: true,
    });
    const lines = renderSweepCsv(r).trimEnd().split('\n');
    expect(lines[0]).toBe('batch,context,kvDtype,gpu,outputTokensPerSecPerGpu,timeMs,bound,fits');
    expect(lines).toHaveLength(r.throughput.length + 1);
    const cells = lines[5]!.split(',');
    expect(cells.slice(0, 4)).toEqual(['1', '1024', 'fp8', 'h800-sxm']);
    expect(Number(cells[4])).toBe(r.throughput[4]);
  });
});
