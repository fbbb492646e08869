import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { regulatoryProfile } from '../../src/regulation/index.ts';
import { tempFile } from '../helpers/cli.ts';

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
  ])('rejects %j naming the field', (content, message) => {
    const file = tempFile('my-gpus.json', content);
    expect(() => loadCatalog({ gpuFile: file })).toThrow(`${file}: ${message}`);
  });

  it('rejects malformed JSON naming the file', () => {
    const file = tempFile('broken.json', '{"gpus": [');
    expect(() => loadCatalog({ gpuFile: file })).toThrow(`${file}: not valid JSON`);
  });
});
