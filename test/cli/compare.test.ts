import { describe, expect, it } from 'vitest';
import { parseEstimatesDocument } from '../../src/index.ts';
import { runCli } from '../helpers/cli.ts';

describe('tppbench compare (real bin)', () => {
  it('marks H20 beating H800 on an 8-GPU all-reduce as an inversion', () => {
    const r = runCli([
      'compare',
      'allreduce',
      '--gpus',
      'h100-sxm,h800-sxm,h20',
      '--bytes',
      '1GB',
      '--gpus-count',
      '8',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /h20\s+2,368\s+2\.91\s+not controlled\s+[\d.]+\s+[\d.]+\s+interconnect\s+1\.00x\s+< beats h800-sxm/,
    );
    expect(r.stdout).toMatch(
      /h800-sxm\s+15,832\s+19\.45\s+3A090\.a\.1\s+[\d.]+\s+[\d.]+\s+interconnect\s+0\.4\dx/,
    );
    expect(r.stdout).toMatch(/INVERSION h20 \(TPP 2,368\) beats h800-sxm \(TPP 15,832\) by 2\.\d\dx/);
  });

  it('--json carries the comparison section and the inversion', () => {
    const r = runCli(['compare', 'allreduce', '--gpus', 'h800,h20', '--bytes', '1GB', '--json']);
    expect(r.code).toBe(0);
    const doc = parseEstimatesDocument(JSON.parse(r.stdout), 'stdout');
    expect(doc.results.map((x) => x.gpu)).toEqual(['h800-sxm', 'h20']);
    expect(doc.comparison?.inversions).toEqual([
      expect.objectContaining({ gpu: 'h20', over: 'h800-sxm', tpp: 2368, overTpp: 15832 }),
    ]);
    expect(doc.comparison?.rows[1]?.ratioToFirst).toBeGreaterThan(2);
  });

  it('a compute-bound GEMM follows TPP: no inversion', () => {
    const r = runCli(['compare', 'gemm', '--gpus', 'h100,h20', '--m', '8192', '--n', '8192', '--k', '8192']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no inversions');
  });

  it('an unknown GPU in --gpus exits 2 naming the flag', () => {
    const r = runCli(['compare', 'gemm', '--gpus', 'h100,h2O', '--m', '8', '--n', '8', '--k', '8']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--gpus: unknown GPU "h2O"/);
  });
});
