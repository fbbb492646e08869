/** streamSweep: estimates handed over in grid order, a bounded window in flight, outputs that stream. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweep, type SweepOptions, streamSweep } from '../../src/analysis/sweep.ts';
import { evaluateChunk } from '../../src/analysis/sweep-eval.ts';
import { sweepFileOutput } from '../../src/analysis/sweep-output.ts';
import type { SweepPool } from '../../src/analysis/sweep-pool.ts';
import type { SweepChunkOutput } from '../../src/analysis/sweep-protocol.ts';
import { renderSweepCsv, renderSweepJson } from '../../src/results/sweep.ts';
import { tempDir } from '../helpers/cli.ts';

const options: SweepOptions = {
  workload: 'llm-decode',
  gpus: ['h100-sxm', 'h800-sxm', 'h20'],
  params: { model: 'llama-3-8b', batch: '1..256', context: '1k..32k', kvDtype: 'bf16,fp8' },
  chunkSize: 40,
};
const decoder = new TextDecoder();

/** A pool evaluating on this thread after a delay, that records how many chunks were in flight at most. */
function countingPool(threads: number): SweepPool & { maxInFlight: number; started: number } {
  let inFlight = 0;
  const pool = {
    threads,
    maxInFlight: 0,
    started: 0,
    async run(request: Parameters<SweepPool['run']>[0]) {
      inFlight++;
      pool.started++;
      pool.maxInFlight = Math.max(pool.maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      return {
        type: 'sweep-reply' as const,
        state: 'completed' as const,
        start: request.start,
        ...evaluateChunk(request),
      };
    },
    async close() {},
  };
  return pool;
}

describe('streamSweep', () => {
  it('hands over whole points in grid order, the numbers runSweep keeps, rows encoded as the renderers write them', async () => {
    const whole = await runSweep({ ...options, threads: 0 });
    const chunks: { start: number; data: SweepChunkOutput }[] = [];
    const outcome = await streamSweep(
      { ...options, pool: countingPool(2), formats: ['csv', 'json'] },
      { write: (start, data) => void chunks.push({ start, data }) },
    );
    expect(outcome.estimates).toBe(9 * 6 * 2 * 3);
    let next = 0;
    for (const { start, data } of chunks) {
      expect(start).toBe(next);
      expect(data.throughput.length % 3).toBe(0);
      expect(Array.from(data.throughput)).toEqual(
        Array.from(whole.throughput.subarray(start, start + data.throughput.length)),
      );
      next += data.throughput.length;
    }
    expect(next).toBe(outcome.estimates);
    const csv = chunks.map((c) => decoder.decode(c.data.encoded!.csv!)).join('');
    expect(renderSweepCsv(whole)).toBe(`${renderSweepCsv(whole).split('\n')[0]}\n${csv}`);
    const json = chunks.map((c) => decoder.decode(c.data.encoded!.json!)).join('');
    expect(renderSweepJson(whole, '0.0.0')).toContain(`"results": [\n${json}\n  ],`);
    expect(outcome.crossovers).toEqual(whole.crossovers);
    expect(outcome.summary).toEqual(whole.summary);
  });

  it('keeps at most two chunks per worker in flight, however slow the sink', async () => {
    const pool = countingPool(2);
    let delivered = 0;
    await streamSweep(
      { ...options, pool },
      {
        async write() {
          delivered++;
          await new Promise((resolve) => setTimeout(resolve, 2));
        },
      },
    );
    expect(delivered).toBe(Math.ceil((9 * 6 * 2 * 3) / 42));
    expect(pool.maxInFlight).toBeLessThanOrEqual(4);
    expect(pool.maxInFlight).toBeGreaterThan(1);
  });

  it('per-GPU figures match a count over every estimate', async () => {
    const r = await runSweep({ ...options, threads: 0 });
    r.gpus.forEach((_, gi) => {
      let fits = 0;
      let wins = 0;
      let best = Number.NEGATIVE_INFINITY;
      for (let p = 0; p < r.grid.points; p++) {
        const t = r.throughput[p * 3 + gi]!;
        if (Number.isNaN(t)) continue;
        fits++;
        best = Math.max(best, t);
        if (
          [0, 1, 2].every(
            (o) => o === gi || Number.isNaN(r.throughput[p * 3 + o]!) || t > r.throughput[p * 3 + o]!,
          )
        )
          wins++;
      }
      expect(r.summary[gi]).toMatchObject({ fits, wins, best });
      expect(r.throughput[r.summary[gi]!.bestPoint * 3 + gi]).toBe(best);
    });
  });

  it('an aborted signal stops it between chunks as "sweep interrupted"', async () => {
    const controller = new AbortController();
    let written = 0;
    await expect(
      streamSweep(
        { ...options, threads: 0, signal: controller.signal },
        {
          write() {
            if (++written === 2) controller.abort();
          },
        },
      ),
    ).rejects.toThrow(/^sweep interrupted$/);
    expect(written).toBe(2);
  });

  it('caps the workers at the available cores, with a warning', async () => {
    const cores = availableParallelism();
    const outcome = await streamSweep(
      { ...options, params: { model: 'llama-3-8b', batch: '1,2' }, threads: cores + 998 },
      { write() {} },
    );
    expect(outcome.threads).toBe(cores);
    expect(outcome.warnings).toEqual([
      `${cores + 998} sweep workers asked for: using ${cores}, the available cores`,
    ]);
  });
});

describe('sweepFileOutput', () => {
  it('writes to a temporary file beside the target and renames it at the end', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.json');
    const output = sweepFileOutput(path, 'json', '0.0.0');
    let temporary: string[] = [];
    const outcome = await streamSweep(
      { ...options, threads: 0, formats: output.formats },
      {
        begin: (h) => output.begin!(h),
        async write(start, data) {
          await output.write(start, data);
          temporary = readdirSync(dir);
        },
      },
    );
    expect(temporary).toEqual([expect.stringMatching(/^\.out\.json\.\d+\.\d+\.tmp$/)]);
    expect(existsSync(path)).toBe(false);
    await output.finish(outcome);
    expect(readdirSync(dir)).toEqual(['out.json']);
    expect(readFileSync(path, 'utf8')).toBe(
      renderSweepJson(await runSweep({ ...options, threads: 0 }), '0.0.0'),
    );
  });

  it('an abort while writing leaves no file behind, temporary or final', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const output = sweepFileOutput(join(dir, 'out.csv'), 'csv', '0.0.0', controller.signal);
    let chunks = 0;
    await expect(
      streamSweep(
        { ...options, threads: 0, formats: output.formats },
        {
          begin: (h) => output.begin!(h),
          async write(start, data) {
            if (++chunks === 3) controller.abort();
            await output.write(start, data);
          },
        },
      ),
    ).rejects.toThrow(/sweep interrupted/);
    expect(readdirSync(dir)).toHaveLength(1);
    await output.discard();
    expect(readdirSync(dir)).toEqual([]);
  });
});
