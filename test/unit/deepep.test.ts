/** The DeepEP all-to-all model: its fit reproduces DeepEP's published H800 figures, and its byte rules. */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_GPUS } from '../../src/hardware/catalog.ts';
import { HOP_LATENCY_SEC } from '../../src/model/data/collective-points.ts';
import { DEEPEP_LOW_LATENCY_POINTS, DEEPEP_NORMAL_POINTS } from '../../src/model/data/deepep-points.ts';
import { DEEPEP_FIT, deepEpSec, remoteGroupsPerToken, runsDeepEp } from '../../src/model/deepep.ts';
import { collectiveLinkFor } from '../../src/model/interconnect.ts';

const gpu = (id: string) => BUILT_IN_GPUS.find((g) => g.id === id)!;
const h800 = gpu('h800-sxm');

describe('DeepEP model', () => {
  it('reproduces every low-latency figure at 128 tokens per rank (FP8 + scales dispatch, BF16 combine)', () => {
    for (const p of DEEPEP_LOW_LATENCY_POINTS) {
      const perCopy = p.direction === 'dispatch' ? 7168 + (7168 / 128) * 4 : 7168 * 2;
      const bytes = 128 * 8 * perCopy;
      const link = collectiveLinkFor(h800, p.ep, 8, false);
      const sec = deepEpSec('low-latency', p.direction, bytes, p.ep, link, 'nominal');
      expect(sec, p.id).toBeCloseTo(p.latencySec, 12);
      // The published bandwidth is these bytes over the latency, to the figure's two digits.
      expect(bytes / p.latencySec / p.bandwidthBytesPerSec, p.id).toBeGreaterThan(0.95);
      expect(bytes / p.latencySec / p.bandwidthBytesPerSec, p.id).toBeLessThan(1.05);
    }
  });

  it('normal kernels: efficiency = published bandwidth over the H800 link, hand-computed', () => {
    // NVLink 400 GB/s bidirectional = 200 one way: 153/200 and 158/200.
    expect(DEEPEP_FIT.normal.nvlink.dispatch).toBeCloseTo(0.765, 12);
    expect(DEEPEP_FIT.normal.nvlink.combine).toBeCloseTo(0.79, 12);
    // NIC 50 GB/s: mean(43, 58, 51) / 50 and mean(43, 57, 50) / 50.
    expect(DEEPEP_FIT.normal.rdma.dispatch).toBeCloseTo(152 / 150, 12);
    expect(DEEPEP_FIT.normal.rdma.combine).toBeCloseTo(1, 12);
    expect(DEEPEP_NORMAL_POINTS).toHaveLength(8);
    // 100 MB over NVLink within a node: 2 hops + 100e6 / (0.765 x 200e9).
    const link = collectiveLinkFor(h800, 8, 8, false);
    const sec = deepEpSec('normal', 'dispatch', 100e6, 8, link, 'nominal');
    expect(sec).toBeCloseTo(2 * HOP_LATENCY_SEC.nvlink + 100e6 / (0.765 * 200e9), 15);
  });

  it('interpolates low-latency rates in log2(EP) across nodes and holds them flat past the table', () => {
    const at = (ep: number) =>
      deepEpSec('low-latency', 'dispatch', 1e7, ep, collectiveLinkFor(h800, ep, 8, false), 'nominal');
    expect(at(48)).toBeGreaterThan(at(32));
    expect(at(48)).toBeLessThan(at(64));
    expect(at(512)).toBeCloseTo(at(256), 15);
  });

  it('scenarios bracket the nominal time', () => {
    const link = collectiveLinkFor(h800, 64, 8, false);
    const t = (s: 'optimistic' | 'nominal' | 'pessimistic') =>
      deepEpSec('normal', 'combine', 5e7, 64, link, s);
    expect(t('optimistic')).toBeLessThan(t('nominal'));
    expect(t('pessimistic')).toBeGreaterThan(t('nominal'));
  });

  it('counts remote groups a token reaches, hand-computed', () => {
    // 8 experts, 2 per token, 4 groups of 2: P(none in a group) = (6/8)(5/7) = 15/28.
    expect(remoteGroupsPerToken(8, 2, 4)).toBeCloseTo(3 * (1 - 15 / 28), 15);
    expect(remoteGroupsPerToken(256, 8, 1)).toBe(0);
    // Every expert elsewhere: a token with as many experts as there are reaches every other group.
    expect(remoteGroupsPerToken(4, 4, 4)).toBeCloseTo(3, 15);
  });

  it('runs on Hopper and Blackwell NVSwitch parts only', () => {
    expect(runsDeepEp(h800)).toBe(true);
    expect(runsDeepEp(gpu('h20'))).toBe(true);
    expect(runsDeepEp(gpu('a100-sxm'))).toBe(false);
  });
});
