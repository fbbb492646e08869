/** The inputs an estimate records (`estimateInputs`): catalog figures, the model fit digest, the config digest. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { estimateInputs, modelFitDigest } from '../../src/results/estimate-inputs.ts';
import { tempDir } from '../helpers/cli.ts';

const h100 = loadCatalog().get('h100-sxm');
const noConfig = { params: { model: 'llama-3-70b', modelConfig: '' } };

describe('estimateInputs', () => {
  it('names the GPU figures the model reads, as String(value)', () => {
    const inputs = estimateInputs(noConfig, h100);
    expect(inputs['catalog.memoryBandwidthBytesPerSec']).toBe(String(h100.memoryBandwidthBytesPerSec.value));
    expect(inputs['catalog.peakDenseOpsPerSec.bf16']).toBe(String(h100.peakDenseOpsPerSec.bf16.value));
    expect(inputs['catalog.smCount']).toBe(String(h100.smCount.value));
    expect(inputs['catalog.architecture']).toBe('hopper');
    expect(inputs['catalog.scaleUpFabric']).toBe('nvswitch');
    // A precision the part lacks (fp4 on Hopper) has no value and no entry; figures the model ignores, none.
    expect(h100.peakDenseOpsPerSec.fp4.value).toBeNull();
    expect(Object.hasOwn(inputs, 'catalog.peakDenseOpsPerSec.fp4')).toBe(false);
    expect(Object.hasOwn(inputs, 'catalog.tdpWatts')).toBe(false);
    expect(Object.hasOwn(inputs, 'model config')).toBe(false);
  });

  it('without a GPU, only the model fit', () => {
    expect(estimateInputs(noConfig, undefined)).toEqual({ 'model fit': modelFitDigest() });
  });

  it('the model fit digest is 12 hex digits and stable', () => {
    const a = estimateInputs(noConfig, h100)['model fit'];
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(estimateInputs({ params: {} }, h100)['model fit']).toBe(a);
  });

  it('the model config digest follows the file bytes', () => {
    const path = join(tempDir(), 'config.json');
    const params = { params: { modelConfig: path } };
    writeFileSync(path, '{"hidden_size": 8192}');
    const first = estimateInputs(params, h100)['model config'];
    expect(first).toMatch(/^[0-9a-f]{12}$/);
    expect(estimateInputs(params, h100)['model config']).toBe(first);
    writeFileSync(path, '{"hidden_size": 4096}');
    const second = estimateInputs(params, h100)['model config'];
    expect(second).toMatch(/^[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });

  it('an unreadable model config is named so', () => {
    const params = { params: { modelConfig: join(tempDir(), 'missing.json') } };
    expect(estimateInputs(params, h100)['model config']).toBe('unreadable');
  });
});
