import { truncateSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_GPUS, createCatalog, loadCatalog } from '../../src/hardware/catalog.ts';
import { applyGpuEntries } from '../../src/hardware/gpu-file.ts';
import { regulatoryProfile } from '../../src/regulation/index.ts';
import { tempDir, tempFile } from '../helpers/cli.ts';

describe('--gpu-file', () => {
  it('overrides a field of a built-in GPU and cites the file', () => {
    const file = tempFile('gpus.json', { gpus: [{ id: 'h100', memoryBandwidthBytesPerSec: 3.9e12 }] });
    const gpu = loadCatalog({ gpuFile: file }).get('h100-sxm');
    expect(gpu.memoryBandwidthBytesPerSec.value).toBe(3.9e12);
    expect(gpu.memoryBandwidthBytesPerSec.source).toContain(file);
    expect(gpu.memoryBandwidthBytesPerSec.verified).toBe(false);
    expect(gpu.peakDenseOpsPerSec.fp8.value).toBe(1979e12);
  });

  it('adds a new GPU, and one that extends a built-in record', () => {
    const file = tempFile('gpus.json', {
      gpus: [
        {
          id: 'my-accel',
          name: 'My Accel',
          peakDenseOpsPerSec: { fp8: { value: 500e12, source: 'vendor sheet', verified: true } },
          memoryCapacityBytes: 64e9,
          memoryBandwidthBytesPerSec: 2e12,
          datacenter: true,
          dieAreaMm2: 500,
          architecture: 'ada',
          scaleUpFabric: { value: 'pcie', source: 'vendor sheet', verified: true },
        },
        { id: 'h20-oc', extends: 'h20', peakDenseOpsPerSec: { fp8: 310e12 } },
      ],
    });
    const c = loadCatalog({ gpuFile: file });
    const mine = regulatoryProfile(c.get('my-accel'));
    expect(mine.tpp).toBe(4000);
    expect(mine.pd).toBe(8);
    expect(mine.verdicts['oct-2023']!.clause).toBe('3A090.a.2');
    expect(c.get('my-accel').smCount.value).toBeNull();
    expect(regulatoryProfile(c.get('h20-oc')).tpp).toBe(2480);
    expect(c.get('h20').peakDenseOpsPerSec.fp8.value).toBe(296e12);
    expect(c.get('my-accel').architecture).toEqual({
      value: 'ada',
      source: `user file ${file}`,
      verified: false,
    });
    expect(c.get('my-accel').scaleUpFabric).toEqual({
      value: 'pcie',
      source: 'vendor sheet',
      verified: true,
    });
    expect(c.get('h20-oc').architecture).toBe(c.get('h20').architecture);
  });

  it.each([
    [
      { gpus: [{ id: 'a' }, { id: 'b' }, { id: 'h100', memoryBandwidthBytesPerSec: -1 }] },
      'gpus[2].memoryBandwidthBytesPerSec must be a positive number',
    ],
    [
      { gpus: [{ id: 'h100', memoryBandwidthBytesPerSec: '3.35' }] },
      'gpus[0].memoryBandwidthBytesPerSec must be a positive number',
    ],
    [{ gpus: [{ id: 'Bad Id' }] }, 'gpus[0].id must be kebab-case'],
    [{ gpus: [{ id: 'h100', bandwith: 3 }] }, 'unknown field gpus[0].bandwith'],
    [{ gpus: [{ id: 'brand-new', name: 'X' }] }, 'gpus[0].peakDenseOpsPerSec is required for a new GPU'],
    [{ gpus: [{ id: 'x', extends: 'h1000' }] }, 'gpus[0].extends names unknown GPU "h1000"'],
    [{ gpu: [] }, 'gpus is required'],
    [
      { gpus: [{ id: 'h100', peakDenseOpsPerSec: { bf16: 1e-300 } }] },
      'gpus[0].peakDenseOpsPerSec.bf16 must be from 1e6 to 1e21 ops/s',
    ],
    [
      { gpus: [{ id: 'h100', peakDenseOpsPerSec: { fp8: { value: 1e30, source: 'x' } } }] },
      'gpus[0].peakDenseOpsPerSec.fp8.value must be from 1e6 to 1e21 ops/s',
    ],
    [
      { gpus: [{ id: 'h100', memoryBandwidthBytesPerSec: 5 }] },
      'gpus[0].memoryBandwidthBytesPerSec must be from 1e6 to 1e21 bytes/s',
    ],
    [
      { gpus: [{ id: 'h100', scaleUpBandwidthBytesPerSec: 1e-300 }] },
      'gpus[0].scaleUpBandwidthBytesPerSec must be 0 or from 1e6 to 1e21 bytes/s',
    ],
    [{ gpus: [{ id: 'h100', dieAreaMm2: 1e-300 }] }, 'gpus[0].dieAreaMm2 must be from 1 to 1e6 mm2'],
    [
      { gpus: [{ id: 'h100', memoryCapacityBytes: 1e30 }] },
      'gpus[0].memoryCapacityBytes must be from 1e6 to 1e18 bytes',
    ],
    [{ gpus: [{ id: 'h100', smCount: 1.5 }] }, 'gpus[0].smCount must be a positive integer'],
    [
      { gpus: [{ id: 'x', extends: 'h100' }, { id: 'h20' }, { id: 'x', extends: 'h20' }] },
      'gpus[0] and gpus[2] both have id "x"; give each GPU once',
    ],
    [
      {
        gpus: [
          { id: 'h100', tdpWatts: 600 },
          { id: 'h100-sxm', tdpWatts: 700 },
        ],
      },
      'gpus[0] and gpus[1] ("h100" and "h100-sxm") both describe GPU h100-sxm; give each GPU once',
    ],
  ])('rejects %j naming the field', (content, message) => {
    const file = tempFile('my-gpus.json', content);
    expect(() => loadCatalog({ gpuFile: file })).toThrow(`${file}: ${message}`);
  });

  it('a value out of range is the only problem reported', () => {
    const file = tempFile('my-gpus.json', { gpus: [{ id: 'h100', memoryBandwidthBytesPerSec: -1 }] });
    expect(() => loadCatalog({ gpuFile: file })).toThrow(
      /memoryBandwidthBytesPerSec must be a positive number$/,
    );
  });

  it('accepts a link of 0 (none) and values at the bounds', () => {
    const file = tempFile('my-gpus.json', {
      gpus: [{ id: 'h100', scaleUpBandwidthBytesPerSec: 0, peakDenseOpsPerSec: { fp4: 1e21, int8: 1e6 } }],
    });
    const gpu = loadCatalog({ gpuFile: file }).get('h100');
    expect(gpu.scaleUpBandwidthBytesPerSec.value).toBe(0);
    expect(gpu.peakDenseOpsPerSec.fp4.value).toBe(1e21);
  });

  it('applies 100k extends entries in linear time', () => {
    const builtIn = createCatalog(BUILT_IN_GPUS);
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ id: `g${i}`, extends: 'h100' }));
    const started = performance.now();
    const out = applyGpuEntries(BUILT_IN_GPUS, entries, 'gpus.json', builtIn.find);
    // The old search of the output list per entry took about 60 s here (10 s for 40k).
    expect(performance.now() - started).toBeLessThan(3000);
    expect(out).toHaveLength(BUILT_IN_GPUS.length + 100_000);
    expect(out.at(-1)!.id).toBe('g99999');
    expect(out.slice(0, BUILT_IN_GPUS.length).map((g) => g.id)).toEqual(BUILT_IN_GPUS.map((g) => g.id));
  });

  it('an override keeps its place in the catalog order', () => {
    const file = tempFile('gpus.json', { gpus: [{ id: 'h20', tdpWatts: 500 }] });
    const ids = loadCatalog({ gpuFile: file }).gpus.map((g) => g.id);
    expect(ids).toEqual(BUILT_IN_GPUS.map((g) => g.id));
  });

  it('a file over 4 MiB is refused before it is parsed', () => {
    const file = tempFile('huge.json', '');
    truncateSync(file, 50 * 2 ** 20);
    expect(() => loadCatalog({ gpuFile: file })).toThrow(
      `GPU file ${file} is too large: 50 MiB (52428800 bytes), over the 4 MiB limit`,
    );
  });

  it('a folder is not a GPU file', () => {
    const dir = tempDir();
    expect(() => loadCatalog({ gpuFile: dir })).toThrow(
      `GPU file ${dir} is not a regular file (a directory)`,
    );
  });

  it('a user GPU named "constructor" takes its parent\'s architecture and fabric, not Object.prototype', () => {
    const file = tempFile('gpus.json', { gpus: [{ id: 'constructor', extends: 'h100-pcie' }] });
    const gpu = loadCatalog({ gpuFile: file }).get('constructor');
    expect([gpu.architecture.value, gpu.scaleUpFabric.value]).toEqual(['hopper', 'bridge']);
  });

  it('rejects malformed JSON naming the file', () => {
    const file = tempFile('broken.json', '{"gpus": [');
    expect(() => loadCatalog({ gpuFile: file })).toThrow(`${file}: not valid JSON`);
  });
});
