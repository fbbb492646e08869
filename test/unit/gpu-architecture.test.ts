/**
 * Architecture and scale-up fabric are catalog facts: every built-in row carries both with a source, GPU
 * files inherit or give them, and the model reads them from the row (never from a table keyed by id).
 */
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.ts';
import { BUILT_IN_GPUS, loadCatalog } from '../../src/hardware/catalog.ts';
// Installs the GPU file reader in the catalog (src/index.ts loads it for library users).
import '../../src/hardware/gpu-file.ts';
import { ARCHITECTURES, SCALE_UP_FABRICS } from '../../src/hardware/types.ts';
import { curveFor } from '../../src/model/calibration.ts';
import { collectiveLinkFor } from '../../src/model/interconnect.ts';
import { runCli, tempFile } from '../helpers/cli.ts';

/** What the model assumed per id before the facts moved into the rows (the old GPU_FAMILIES table). */
const EXPECTED: Readonly<Record<string, readonly [string, string]>> = {
  'h100-sxm': ['hopper', 'nvswitch'],
  'h100-pcie': ['hopper', 'bridge'],
  'h800-sxm': ['hopper', 'nvswitch'],
  'h800-pcie': ['hopper', 'bridge'],
  h20: ['hopper', 'nvswitch'],
  'h20-141g': ['hopper', 'nvswitch'],
  'h200-sxm': ['hopper', 'nvswitch'],
  'a100-sxm': ['ampere', 'nvswitch'],
  'a800-sxm': ['ampere', 'nvswitch'],
  l20: ['ada', 'pcie'],
  l40s: ['ada', 'pcie'],
  'rtx-4090': ['ada', 'pcie'],
  'rtx-4090d': ['ada', 'pcie'],
  'rtx-5090': ['blackwell', 'pcie'],
  'rtx-5090d': ['blackwell', 'pcie'],
  b200: ['blackwell', 'nvswitch'],
};

/** A new GPU with every field a new GPU needs. */
const NEW_GPU = {
  id: 'my-accel',
  name: 'My Accel',
  datacenter: true,
  peakDenseOpsPerSec: { bf16: 2.5e14 },
  memoryCapacityBytes: 6.4e10,
  memoryBandwidthBytesPerSec: 2e12,
  architecture: 'ampere',
  scaleUpFabric: 'nvswitch',
} as const;

const without = (field: string) => Object.fromEntries(Object.entries(NEW_GPU).filter(([k]) => k !== field));

describe('catalog rows', () => {
  it.each(BUILT_IN_GPUS.map((g) => [g.id, g] as const))(
    '%s has an architecture and a fabric, each with a source',
    (_, gpu) => {
      expect(ARCHITECTURES).toContain(gpu.architecture.value);
      expect(SCALE_UP_FABRICS).toContain(gpu.scaleUpFabric.value);
      expect(gpu.architecture.source.trim()).not.toBe('');
      expect(gpu.scaleUpFabric.source.trim()).not.toBe('');
    },
  );

  it('every row says what the model assumed for it before', () => {
    const actual = Object.fromEntries(
      BUILT_IN_GPUS.map((g) => [g.id, [g.architecture.value, g.scaleUpFabric.value]]),
    );
    expect(actual).toEqual(EXPECTED);
  });

  it('a PCIe-only row has no NVLink bandwidth, and an NVLink row has some', () => {
    for (const gpu of BUILT_IN_GPUS) {
      const link = gpu.scaleUpBandwidthBytesPerSec.value ?? 0;
      expect(gpu.scaleUpFabric.value === 'pcie', gpu.id).toBe(link === 0);
    }
  });
});

describe('GPU files and the two facts', () => {
  it('an override and an extends inherit both; either may set them', () => {
    const file = tempFile('gpus.json', {
      gpus: [
        { id: 'h100-pcie', tdpWatts: 400 },
        { id: 'h100-nvl', extends: 'h100-pcie' },
        { id: 'h20', scaleUpFabric: { value: 'bridge', source: 'my lab', verified: true } },
        { id: 'a100-next', extends: 'a100', architecture: 'hopper' },
      ],
    });
    const c = loadCatalog({ gpuFile: file });
    const builtIn = loadCatalog();
    expect(c.get('h100-pcie').scaleUpFabric).toBe(builtIn.get('h100-pcie').scaleUpFabric);
    expect(c.get('h100-nvl').architecture).toBe(builtIn.get('h100-pcie').architecture);
    expect(c.get('h100-nvl').scaleUpFabric.value).toBe('bridge');
    expect(c.get('h20').scaleUpFabric).toEqual({ value: 'bridge', source: 'my lab', verified: true });
    expect(c.get('h20').architecture.value).toBe('hopper');
    expect(c.get('a100-next').architecture).toEqual({
      value: 'hopper',
      source: `user file ${file}`,
      verified: false,
    });
    expect(c.get('a100-next').scaleUpFabric.value).toBe('nvswitch');
  });

  it.each([
    [
      without('architecture'),
      'gpus[0].architecture is required for a new GPU (one of hopper|ampere|ada|blackwell; "my-accel" is not in the catalog; use "extends" to start from one)',
    ],
    [
      without('scaleUpFabric'),
      'gpus[0].scaleUpFabric is required for a new GPU (one of nvswitch|bridge|pcie; "my-accel" is not in the catalog; use "extends" to start from one)',
    ],
    [
      { ...NEW_GPU, architecture: 'volta' },
      'gpus[0].architecture must be one of hopper|ampere|ada|blackwell',
    ],
    [{ ...NEW_GPU, architecture: null }, 'gpus[0].architecture must be one of hopper|ampere|ada|blackwell'],
    [
      { ...NEW_GPU, scaleUpFabric: { value: 'infiniband', source: 'x' } },
      'gpus[0].scaleUpFabric must be one of nvswitch|bridge|pcie',
    ],
    [
      { id: 'h100', scaleUpFabric: { value: null, source: 'x' } },
      'gpus[0].scaleUpFabric must be one of nvswitch|bridge|pcie',
    ],
  ])('refuses %j naming the file and field', (entry, message) => {
    const file = tempFile('my-gpus.json', { gpus: [entry] });
    let error: unknown;
    try {
      loadCatalog({ gpuFile: file });
    } catch (e) {
      error = e;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toBe(`${file}: ${message}`);
  });

  it('the CLI exits 2 on a new GPU without an architecture, naming file and field', () => {
    const file = tempFile('my-gpus.json', {
      gpus: [{ id: 'h100', tdpWatts: 600 }, { id: 'h20-oc', extends: 'h20' }, without('architecture')],
    });
    const r = runCli(['gpus', '--gpu-file', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `tppbench: ${file}: gpus[2].architecture is required for a new GPU (one of hopper|ampere|ada|blackwell; "my-accel" is not in the catalog; use "extends" to start from one)`,
    );
    expect(r.stdout).toBe('');
  });
});

describe('the model reads the row', () => {
  const catalog = loadCatalog({ gpuFile: tempFile('gpus.json', { gpus: [NEW_GPU] }) });

  it("a new GPU's architecture picks its compute curve", () => {
    const choice = curveFor(catalog.get('my-accel'), 'bf16');
    expect(choice.curveId).toBe('ampere/tensor-16bit');
    expect(choice.confidence).toBe('borrowed');
    expect(choice.borrowNote).toMatch(
      /^my-accel has no bf16 GEMM measurements: borrows the ampere\/tensor-16bit curve fitted on a100-sxm/,
    );
  });

  it('a GPU without scale-up bandwidth uses PCIe whatever its fabric says', () => {
    // my-accel gives no scaleUpBandwidthBytesPerSec; the user file below sets H100's to 0.
    const noLink = loadCatalog({
      gpuFile: tempFile('gpus.json', { gpus: [{ id: 'h100', scaleUpBandwidthBytesPerSec: 0 }] }),
    }).get('h100');
    expect(noLink.scaleUpFabric.value).toBe('nvswitch');
    expect(collectiveLinkFor(noLink, 8, 8, true).fieldName).toBe('pcieBandwidthBytesPerSec');
    expect(() => collectiveLinkFor(catalog.get('my-accel'), 8, 8, true)).toThrow(
      'no NVLink and no PCIe bandwidth',
    );
  });

  it('the fabric decides the link: a bridge joins two GPUs, NVSwitch eight', () => {
    const c = loadCatalog();
    expect(collectiveLinkFor(c.get('h100-pcie'), 2, 8, true).link.linkClass).toBe('bridge');
    expect(collectiveLinkFor(c.get('h100-pcie'), 4, 8, true).fieldName).toBe('pcieBandwidthBytesPerSec');
    expect(collectiveLinkFor(c.get('h100-sxm'), 8, 8, true).link.linkClass).toBe('nvls');
    const file = tempFile('gpus.json', { gpus: [{ id: 'h100-sxm', scaleUpFabric: 'bridge' }] });
    const bridged = loadCatalog({ gpuFile: file }).get('h100-sxm');
    expect(collectiveLinkFor(bridged, 8, 8, true).fieldName).toBe('pcieBandwidthBytesPerSec');
  });

  it('a structured clone of a GPU (a sweep worker) gets the cached link', () => {
    const h20 = loadCatalog().get('h20');
    const first = collectiveLinkFor(h20, 8, 8, false);
    expect(collectiveLinkFor(structuredClone(h20), 8, 8, false)).toBe(first);
    const changed = {
      ...structuredClone(h20),
      scaleUpFabric: { ...h20.scaleUpFabric, value: 'bridge' as const },
    };
    expect(collectiveLinkFor(changed, 8, 8, false)).not.toBe(first);
  });
});
