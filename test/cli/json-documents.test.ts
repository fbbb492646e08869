/**
 * Every `--json` output of the real bin validates against the schema of its kind, and each schema can fail:
 * it refuses a document with a field removed or an unknown field added.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_KINDS,
  DOCUMENT_SCHEMAS,
  type DocumentKind,
  parseDocument,
} from '../../src/results/documents.ts';
import { estimatesDocumentSchema } from '../../src/results/estimates.ts';
import { gpusDocumentSchema } from '../../src/results/gpus.ts';
import { BUILT_IN_WORKLOADS } from '../../src/workloads/index.ts';
import { ROOT, runCli, tempDir, tempFile } from '../helpers/cli.ts';
import { probeFixture } from '../helpers/probe-fixture.ts';

// A results file written by a real `tppbench run quick` on the 2-core dev machine.
const SAMPLE = join(ROOT, 'test', 'fixtures', 'results', 'quick-sample.json');

/** The sample as if its GEMM had run on WebGPU on an H200: `profile` adds the catalog check. */
function sampleOnH200(): string {
  const results = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  results.environment.gpu = { name: 'NVIDIA H200', catalogId: 'h200-sxm', source: 'flag' };
  const gemm = results.measurements.find((m: { kernel: string }) => m.kernel === 'gemm');
  gemm.backend = 'wgsl';
  gemm.ranOn = 'wgsl';
  return tempFile('results-h200.json', results);
}

const GPUS = 'h100-sxm,h800-sxm,h20';
const words = (flags: string) => flags.split(/\s+/).filter((w) => w !== '');

interface JsonCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly kind: DocumentKind;
}

const CASES: readonly JsonCase[] = [
  { name: 'gpus', args: ['gpus', '--json'], kind: 'tppbench-gpus' },
  { name: 'gpus sorted', args: ['gpus', '--sort', 'tpp', '--json'], kind: 'tppbench-gpus' },
  {
    name: 'classify GPUs',
    args: ['classify', '--gpu', 'h100,h20', '--json'],
    kind: 'tppbench-classification',
  },
  {
    name: 'classify a part',
    args: ['classify', '--tpp', '4700', '--die-area', '600', '--consumer', '--json'],
    kind: 'tppbench-classification',
  },
  {
    name: 'classify what-if',
    args: ['classify', '--min-tpp', '2000', '--min-pd', '2.5', '--bandwidth-cap-gbps', '3500', '--json'],
    kind: 'tppbench-classification',
  },
  ...BUILT_IN_WORKLOADS.flatMap((w): JsonCase[] => [
    {
      name: `estimate ${w.kind}`,
      args: ['estimate', w.kind, '--gpu', 'h100', ...words(w.example), '--json'],
      kind: 'tppbench-estimates',
    },
    {
      name: `compare ${w.kind}`,
      args: ['compare', w.kind, '--gpus', GPUS, ...words(w.example), '--json'],
      kind: 'tppbench-estimates',
    },
  ]),
  {
    name: 'estimate that does not fit',
    args: ['estimate', 'hpc-fp64', '--gpu', 'h100', '--n', '110000', '--json'],
    kind: 'tppbench-estimates',
  },
  {
    name: 'compare with this machine',
    args: ['compare', 'gemm', '--gpus', 'h100,h20', '--m', '1024', '--n', '1024', '--k', '1024'].concat([
      '--with-local',
      SAMPLE,
      '--json',
    ]),
    kind: 'tppbench-estimates',
  },
  {
    name: 'sweep with crossovers',
    args: words(
      'sweep llm-decode --gpus h100-sxm,h20 --model llama-3-70b --tp 8 --batch 1..256 --context 4k --json',
    ),
    kind: 'tppbench-sweep',
  },
  {
    name: 'sweep where some points do not fit',
    args: words('sweep llm-decode --gpus h100-sxm,h20 --model llama-3-70b --tp 1,2 --batch 1,512 --json'),
    kind: 'tppbench-sweep',
  },
  { name: 'inversions', args: ['inversions', '--json'], kind: 'tppbench-inversions' },
  { name: 'profile', args: ['profile', SAMPLE, '--json'], kind: 'tppbench-local-profile' },
  {
    name: 'profile with a catalog GPU',
    args: ['profile', sampleOnH200(), '--json'],
    kind: 'tppbench-local-profile',
  },
  {
    name: 'run on the cpu backend',
    args: ['run', 'quick', '--backend', 'cpu', '--filter', 'gemm/m128-', '--threads', '1', '--json'],
    kind: 'tppbench-results',
  },
  {
    name: 'report of the built-in scenarios',
    args: ['report', '--no-local', '--format', 'json'],
    kind: 'tppbench-report',
  },
  {
    name: 'report of a comparison',
    args: [
      'compare',
      'llm-decode',
      '--gpus',
      GPUS,
      ...words('--model llama-3-70b --batch 8 --tp 2 --format json'),
    ],
    kind: 'tppbench-report',
  },
  {
    name: 'report of a 2-D sweep',
    args: words(
      'sweep llm-serving --gpus h100-sxm,h20 --model llama-3-70b --tp 4 --batch 1..16 --input-len 1k..4k --format json',
    ),
    kind: 'tppbench-report',
  },
  { name: 'report of a local run', args: ['report', SAMPLE, '--format', 'json'], kind: 'tppbench-report' },
  {
    name: 'calibrate',
    args: [
      'calibrate',
      tempFile('probe.json', probeFixture()),
      '--gpu',
      'h200',
      '--out',
      join(tempDir(), 'cal.json'),
      '--json',
    ],
    kind: 'tppbench-calibration',
  },
];

/** Kinds no command prints: the probe's output is written by probe.py on the user's GPU machine. */
const WRITTEN_ELSEWHERE: readonly DocumentKind[] = ['tppbench-probe'];

const outputs = new Map<JsonCase, Record<string, unknown>>();
/** Run a case (once) and read its stdout as JSON. */
function documentOf(c: JsonCase): Record<string, unknown> {
  let doc = outputs.get(c);
  if (doc === undefined) {
    const r = runCli(c.args);
    expect(r.code, r.stderr).toBe(0);
    doc = JSON.parse(r.stdout) as Record<string, unknown>;
    outputs.set(c, doc);
  }
  return structuredClone(doc);
}

describe('every --json output validates against its schema', () => {
  it('covers every document kind', () => {
    expect(new Set([...CASES.map((c) => c.kind), ...WRITTEN_ELSEWHERE])).toEqual(new Set(DOCUMENT_KINDS));
  });

  it('the probe fixture (shaped as probe.py writes it) validates as tppbench-probe', () => {
    expect(() => parseDocument(probeFixture(), 'probe.json')).not.toThrow();
  });

  it.each(CASES)('$name', (c) => {
    const doc = documentOf(c);
    expect(doc.kind).toBe(c.kind);
    expect(doc.schemaVersion).toBe(1);
    DOCUMENT_SCHEMAS[c.kind].parse(doc);
    expect(() => parseDocument(doc, 'stdout')).not.toThrow();
  });

  it('exercises the nullable and optional members', () => {
    const sweep = documentOf(CASES.find((c) => c.name === 'sweep where some points do not fit')!);
    expect((sweep.results as { fits: boolean }[]).some((r) => !r.fits)).toBe(true);
    const crossovers = documentOf(CASES.find((c) => c.name === 'sweep with crossovers')!);
    expect((crossovers.crossovers as unknown[]).length).toBeGreaterThan(0);
    const profile = documentOf(CASES.find((c) => c.name === 'profile with a catalog GPU')!);
    expect((profile.catalogCheck as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    const tooBig = documentOf(CASES.find((c) => c.name === 'estimate that does not fit')!);
    expect((tooBig.results as { fits: boolean }[])[0]!.fits).toBe(false);
    const reportOf = (name: string) =>
      documentOf(CASES.find((c) => c.name === name)!).report as Record<string, unknown>;
    expect(reportOf('report of a local run').local).not.toBeNull();
    expect(reportOf('report of a 2-D sweep').sweeps).toEqual([
      expect.objectContaining({ view: expect.objectContaining({ kind: 'winner-map' }) }),
    ]);
    expect((reportOf('report of a comparison').summary as unknown[]).length).toBeGreaterThan(0);
  });

  it('sweep --out file.json writes the same document kind', () => {
    const out = join(tempDir(), 'sweep.json');
    const r = runCli(
      words(`sweep llm-decode --gpus h100-sxm,h20 --model llama-3-70b --tp 8 --batch 1..64 --out ${out}`),
    );
    expect(r.code, r.stderr).toBe(0);
    DOCUMENT_SCHEMAS['tppbench-sweep'].parse(JSON.parse(readFileSync(out, 'utf8')));
  });

  it('run --out writes the results document', () => {
    const out = join(tempDir(), 'results.json');
    const r = runCli([
      'run',
      'quick',
      '--backend',
      'cpu',
      '--filter',
      'gemm/m128-',
      '--threads',
      '1',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    DOCUMENT_SCHEMAS['tppbench-results'].parse(JSON.parse(readFileSync(out, 'utf8')));
  });
});

/** A deep copy of `doc` with `edit` applied to the object at `path`. */
function edited(
  doc: unknown,
  path: readonly (string | number)[],
  edit: (target: Record<string, unknown>) => void,
): unknown {
  const copy = structuredClone(doc);
  let target = copy as Record<string | number, unknown>;
  for (const key of path) target = target[key] as Record<string | number, unknown>;
  expect(target, `path ${path.join('.')}`).toBeTypeOf('object');
  edit(target);
  return copy;
}

/** Per kind: an object inside a real document, and a required field of it. */
const REQUIRED: readonly { kind: DocumentKind; path: (string | number)[]; field: string }[] = [
  { kind: 'tppbench-gpus', path: ['gpus', 0, 'spec'], field: 'memoryBandwidthBytesPerSec' },
  { kind: 'tppbench-classification', path: ['profiles', 0], field: 'tpp' },
  { kind: 'tppbench-estimates', path: ['results', 0], field: 'fits' },
  { kind: 'tppbench-sweep', path: ['results', 0], field: 'fits' },
  { kind: 'tppbench-inversions', path: ['outcomes', 0, 'scenario'], field: 'workload' },
  { kind: 'tppbench-local-profile', path: ['rows', 0], field: 'predictedSec' },
  { kind: 'tppbench-results', path: ['measurements', 0], field: 'kernel' },
  { kind: 'tppbench-report', path: ['report', 'gpus', 0], field: 'tpp' },
];

describe('the schemas refuse broken documents', () => {
  it.each(REQUIRED)('$kind without $field, or with an unknown field', ({ kind, path, field }) => {
    const doc = documentOf(CASES.find((c) => c.kind === kind)!);
    const schema = DOCUMENT_SCHEMAS[kind];
    expect(schema.safeParse(doc).success).toBe(true);
    const missing = edited(doc, path, (o) => {
      expect(o).toHaveProperty(field);
      delete o[field];
    });
    expect(schema.safeParse(missing).success).toBe(false);
    expect(() => parseDocument(missing, 'doc.json')).toThrow(/^doc\.json: .* is required/);
    const extra = edited(doc, path, (o) => {
      o.unexpectedField = 1;
    });
    expect(schema.safeParse(extra).success).toBe(false);
    const wrongVersion = edited(doc, [], (o) => {
      o.schemaVersion = 2;
    });
    expect(schema.safeParse(wrongVersion).success).toBe(false);
  });

  it('parseDocument names the kinds when the kind is unknown', () => {
    expect(() => parseDocument({ schemaVersion: 1, kind: 'tppbench-nope' }, 'x.json')).toThrow(
      /^x\.json: kind must be one of tppbench-gpus, .*tppbench-results, tppbench-report, .*tppbench-calibration$/,
    );
  });
});

describe('documents written before a field was added still read', () => {
  it('an estimate without warnings reads as no warnings', () => {
    const doc = documentOf(CASES.find((c) => c.name === 'compare gemm')!);
    const results = (doc.results as Record<string, unknown>[]).map(({ warnings: _, ...r }) => r);
    const parsed = estimatesDocumentSchema.parse({ ...doc, results });
    expect(parsed.results.map((r) => r.warnings)).toEqual(results.map(() => []));
  });

  it('a GPU without architecture and scale-up fabric reads', () => {
    const doc = documentOf(CASES[0]!);
    const old = edited(doc, ['gpus', 0, 'spec'], (spec) => {
      delete spec.architecture;
      delete spec.scaleUpFabric;
    });
    expect(gpusDocumentSchema.safeParse(old).success).toBe(true);
  });
});

// The sweep CSV is not JSON, but it is the same rows: one line per JSON result, the same columns.
describe('sweep --out file.csv', () => {
  it('has one line per result of the JSON document', () => {
    const dir = tempDir();
    const flags = 'sweep llm-decode --gpus h100-sxm,h20 --model llama-3-70b --tp 1,2 --batch 1,512';
    const r = runCli([...words(flags), '--out', join(dir, 's.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = DOCUMENT_SCHEMAS['tppbench-sweep'].parse(JSON.parse(r.stdout));
    const lines = readFileSync(join(dir, 's.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(`tp,batch,gpu,${doc.throughputMetric},timeMs,bound,fits`);
    expect(lines.length - 1).toBe(doc.results.length);
  });
});
