import { describe, expect, it } from 'vitest';
import { identifyLocalGpu, matchCatalogGpu, parseGpuName } from '../../src/bench/local-gpu.ts';
import { isUserError } from '../../src/errors.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';

const catalog = loadCatalog();
const adapter = (device: string) => ({
  vendor: 'nvidia',
  architecture: 'hopper',
  device,
  description: '',
  features: [],
});

describe('parseGpuName', () => {
  it('drops vendor, brand and memory type; keeps form factor and memory apart', () => {
    expect(parseGpuName('NVIDIA A100-SXM4-80GB')).toEqual({
      model: ['a100'],
      formFactor: 'sxm',
      memoryGb: 80,
    });
    expect(parseGpuName('NVIDIA H100 80GB HBM3')).toEqual({
      model: ['h100'],
      formFactor: null,
      memoryGb: 80,
    });
    expect(parseGpuName('NVIDIA GeForce RTX 4090 D')).toEqual({
      model: ['rtx', '4090', 'd'],
      formFactor: null,
      memoryGb: null,
    });
    expect(parseGpuName('H20 141GB (HBM3e)')).toEqual({ model: ['h20'], formFactor: null, memoryGb: 141 });
  });
});

describe('matchCatalogGpu (nvidia-smi names)', () => {
  it.each([
    ['NVIDIA H200', 'h200-sxm'],
    ['NVIDIA H100 80GB HBM3', 'h100-sxm'],
    ['NVIDIA H100 PCIe', 'h100-pcie'],
    ['NVIDIA H20', 'h20'],
    ['NVIDIA H800', 'h800-sxm'],
    ['NVIDIA H800 PCIe', 'h800-pcie'],
    ['NVIDIA A100-SXM4-80GB', 'a100-sxm'],
    ['NVIDIA GeForce RTX 4090', 'rtx-4090'],
    ['NVIDIA GeForce RTX 4090 D', 'rtx-4090d'],
    ['NVIDIA L40S', 'l40s'],
    ['nvidia h200', 'h200-sxm'],
    // Catalog display names map back to their own record.
    ['H20 141GB (HBM3e)', 'h20-141g'],
    ['GeForce RTX 5090 32GB', 'rtx-5090'],
  ])('%s -> %s', (name, id) => {
    expect(matchCatalogGpu(name, catalog)?.id).toBe(id);
  });

  it.each([
    // A form factor the catalog lacks is another board, not the SXM one.
    'NVIDIA H100 NVL',
    'NVIDIA H200 NVL',
    'NVIDIA A100 80GB PCIe',
    // A memory size that differs from the record's is another part (A100 40GB has 1.6 TB/s).
    'NVIDIA A100-SXM4-40GB',
    'NVIDIA GeForce RTX 4090 Laptop GPU',
    'Tesla V100-SXM2-16GB',
    'NVIDIA',
    '',
  ])('%s -> not in the catalog', (name) => {
    expect(matchCatalogGpu(name, catalog)).toBeUndefined();
  });
});

describe('identifyLocalGpu', () => {
  it('maps the nvidia-smi name, keeping the name as the tool gave it', () => {
    expect(identifyLocalGpu({ nvidiaSmiName: ' NVIDIA H200 ', adapters: [] }, catalog)).toEqual({
      name: 'NVIDIA H200',
      catalogId: 'h200-sxm',
      source: 'nvidia-smi',
    });
  });

  it('an unknown GPU has catalogId null', () => {
    expect(identifyLocalGpu({ nvidiaSmiName: 'NVIDIA GeForce RTX 3060', adapters: [] }, catalog)).toEqual({
      name: 'NVIDIA GeForce RTX 3060',
      catalogId: null,
      source: 'nvidia-smi',
    });
  });

  it('falls back to the first adapter with a device name (Chromium leaves it empty)', () => {
    expect(identifyLocalGpu({ adapters: [adapter(''), adapter('NVIDIA H20')] }, catalog)).toEqual({
      name: 'NVIDIA H20',
      catalogId: 'h20',
      source: 'adapter',
    });
  });

  it('prefers the adapter (the GPU the kernels ran on) over nvidia-smi, and the flag over both', () => {
    const adapters = [adapter('NVIDIA H20')];
    expect(identifyLocalGpu({ nvidiaSmiName: 'NVIDIA H800', adapters }, catalog)?.catalogId).toBe('h20');
    expect(identifyLocalGpu({ flag: 'h200', nvidiaSmiName: 'NVIDIA H800', adapters }, catalog)).toEqual({
      name: 'H200 SXM 141GB',
      catalogId: 'h200-sxm',
      source: 'flag',
    });
  });

  it('the flag takes an alias, case-insensitively', () => {
    expect(identifyLocalGpu({ flag: 'RTX4090', adapters: [] }, catalog)?.catalogId).toBe('rtx-4090');
  });

  it('an unknown flag id is a UserError naming the localGpu parameter', () => {
    let caught: unknown;
    try {
      identifyLocalGpu({ flag: 'h300', adapters: [] }, catalog);
    } catch (error) {
      caught = error;
    }
    expect(isUserError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/^localGpu: unknown GPU "h300"/);
  });

  it('no GPU information at all gives undefined', () => {
    expect(identifyLocalGpu({ adapters: [] }, catalog)).toBeUndefined();
    expect(identifyLocalGpu({ nvidiaSmiName: '  ', adapters: [adapter('')] }, catalog)).toBeUndefined();
  });
});
