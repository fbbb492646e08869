import { describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../src/errors.ts';
import { BUILT_IN_GPUS, createCatalog, loadCatalog } from '../../src/hardware/catalog.ts';
import { SOURCES } from '../../src/hardware/sources.ts';
import { PRECISIONS, SPEC_FIELDS } from '../../src/hardware/types.ts';

const REQUIRED_IDS = [
  'h100-sxm',
  'h100-pcie',
  'h800-sxm',
  'h800-pcie',
  'h20',
  'h20-141g',
  'h200-sxm',
  'a100-sxm',
  'a800-sxm',
  'l20',
  'l40s',
  'rtx-4090',
  'rtx-4090d',
  'rtx-5090',
  'rtx-5090d',
  'b200',
];

describe('built-in catalog', () => {
  it('has every GPU the project promises, with stable kebab-case ids', () => {
    const ids = BUILT_IN_GPUS.map((g) => g.id);
    expect(ids).toEqual(expect.arrayContaining(REQUIRED_IDS));
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('every field carries a source, and a known value is finite and positive (or 0 for absent links)', () => {
    for (const gpu of BUILT_IN_GPUS) {
      const fields = [...PRECISIONS.map((p) => gpu.peakDenseOpsPerSec[p]), ...SPEC_FIELDS.map((f) => gpu[f])];
      for (const field of fields) {
        expect(field.source.length, `${gpu.id}`).toBeGreaterThan(0);
        if (field.value !== null) {
          expect(Number.isFinite(field.value), `${gpu.id}: ${field.source}`).toBe(true);
          expect(field.value).toBeGreaterThanOrEqual(0);
        }
      }
      expect(gpu.datacenter.value).not.toBeNull();
    }
  });

  it('cites only known source keys when a source starts with one', () => {
    const keys = Object.keys(SOURCES);
    const cited = BUILT_IN_GPUS.flatMap((g) => [
      ...PRECISIONS.map((p) => g.peakDenseOpsPerSec[p].source),
      ...SPEC_FIELDS.map((f) => g[f].source),
    ]);
    const keyed = cited.filter((s) => /^[A-Za-z0-9-]+[:;( ]/.test(s) && keys.some((k) => s.startsWith(k)));
    expect(keyed.length).toBeGreaterThan(100);
  });

  it('carries the headline facts: H20 has more HBM bandwidth and memory than H100, H800 less NVLink', () => {
    const c = loadCatalog();
    const h100 = c.get('h100');
    const h20 = c.get('h20');
    const h800 = c.get('h800');
    expect(h20.memoryBandwidthBytesPerSec.value).toBe(4.0e12);
    expect(h100.memoryBandwidthBytesPerSec.value).toBe(3.35e12);
    expect(h20.memoryCapacityBytes.value).toBe(96e9);
    expect(h800.scaleUpBandwidthBytesPerSec.value).toBe(400e9);
    expect(h100.scaleUpBandwidthBytesPerSec.value).toBe(900e9);
    expect(h800.peakDenseOpsPerSec.bf16.value).toBeCloseTo(h100.peakDenseOpsPerSec.bf16.value!, -12);
  });

  it('marks unknown facts as null, never a guess (B200 die area, A100 FP8)', () => {
    const c = loadCatalog();
    expect(c.get('b200').dieAreaMm2.value).toBeNull();
    expect(c.get('a100').peakDenseOpsPerSec.fp8.value).toBeNull();
    expect(c.get('a100').peakDenseOpsPerSec.fp8.source).toContain('not supported');
  });
});

describe('lookup', () => {
  it('finds ids and aliases case-insensitively', () => {
    const c = loadCatalog();
    expect(c.get('H100').id).toBe('h100-sxm');
    expect(c.get('rtx4090d').id).toBe('rtx-4090d');
  });

  it('an unknown id is a user error that names the parameter and suggests close ids', () => {
    const c = loadCatalog();
    try {
      c.get('h10', 'gpus');
      expect.unreachable();
    } catch (error) {
      expect(isUserError(error)).toBe(true);
      expect((error as UserError).param).toBe('gpus');
      expect((error as Error).message).toMatch(/^gpus: unknown GPU "h10"; did you mean .*h100/);
    }
  });

  it('rejects duplicate ids or aliases', () => {
    expect(() => createCatalog([BUILT_IN_GPUS[0]!, { ...BUILT_IN_GPUS[1]!, aliases: ['h100'] }])).toThrow(
      /used by both/,
    );
  });
});

describe('lists of GPUs (getEach)', () => {
  it('resolves each id or alias, in order', () => {
    expect(
      loadCatalog()
        .getEach(['h20', 'H100', 'rtx4090d'], 'gpus')
        .map((g) => g.id),
    ).toEqual(['h20', 'h100-sxm', 'rtx-4090d']);
  });

  it('an id and its alias are one GPU: a user error naming both', () => {
    expect(() => loadCatalog().getEach(['h20', 'h100', 'h100-sxm'], 'gpus')).toThrow(
      'gpus: "h100" and "h100-sxm" are the same GPU (h100-sxm); list each GPU once',
    );
    expect(() => loadCatalog().getEach(['h20', 'H20'])).toThrow(
      'gpu: "h20" is given twice; list each GPU once',
    );
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    '"%s" is an unknown GPU, not a property of Object.prototype',
    (name) => {
      expect(() => loadCatalog().get(name)).toThrow(`gpu: unknown GPU "${name}"`);
    },
  );

  it('an id with control characters is printed escaped', () => {
    expect(() => loadCatalog().get('h1\u001b[2J')).toThrow('gpu: unknown GPU "h1\\u001b[2J"');
  });
});
