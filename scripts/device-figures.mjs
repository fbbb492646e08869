#!/usr/bin/env node
// The GPU measurement issue's figures from `tppbench run --out` results files: each target's measured value,
// its reference, the ratio and PASS/MISS; gpu.js's device-resident / per-call GEMM ratio per size; and the
// catalog self-check per file. Plain JS with no imports outside Node: it runs on the device box with the
// bundled `node` only. Catalog figures come from the tppbench CLI itself (`gpus --json`, `estimate stream
// --json`, `profile --json`), so every reference is the model's own number.
//
//   node scripts/device-figures.mjs [--local-gpu <id>] [--cli <bin/tppbench.js>] [--out-dir <dir>]
//                                   [--build-info <build-info.json>] <results.json | dir>...
//
// Writes figures.json and figures.md (a Markdown block for the README) to --out-dir, else $OUT, else the
// first input's folder. The local GPU is the results' `environment.gpu.catalogId`; `--local-gpu` is used only
// when the results name none. Exit 0 when the figures were written (PASS or MISS), 2 on bad input.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE =
  'usage: node scripts/device-figures.mjs [--local-gpu <id>] [--cli <path>] [--out-dir <dir>] [--build-info <file>] <results.json|dir>...';
const WEBGPU_BACKENDS = ['wgsl', 'webgpu'];
/** The issue's targets (see the README's "Measured figures"). */
const STREAM_TARGET = { n: 1 << 26, minRatio: 0.85 };
const GEMM_TARGET = { n: 4096, minRatio: 0.3 };
const GPUJS_MIN_RATIO = 10;
const SELF_CHECK_MAX_PERCENT = 25;
const UNEXPLAINED = 'miss not explained';
/** As src/gpu/acquire.ts isSoftwareAdapter: a CPU implementation of WebGPU. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe/i;

class InputError extends Error {}

function parseArgs(argv) {
  const options = {
    inputs: [],
    localGpu: undefined,
    cli: undefined,
    outDir: undefined,
    buildInfo: undefined,
  };
  const valued = {
    '--local-gpu': 'localGpu',
    '--cli': 'cli',
    '--out-dir': 'outDir',
    '--build-info': 'buildInfo',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (arg in valued) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new InputError(`${arg} needs a value`);
      options[valued[arg]] = value;
    } else if (arg.startsWith('-')) throw new InputError(`unknown option ${arg}`);
    else options.inputs.push(arg);
  }
  if (options.inputs.length === 0) throw new InputError('no results file or folder given');
  return options;
}

/** Results files of the inputs: every `tppbench-results` JSON of a folder, or the files as given. */
function readResults(inputs, notes) {
  const paths = inputs.flatMap((input) => {
    if (!existsSync(input)) {
      notes.push(`${input}: not found (its step failed or did not run)`);
      return [];
    }
    if (!statSync(input).isDirectory()) return [input];
    return readdirSync(input)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => join(input, name));
  });
  const files = [];
  for (const path of paths) {
    let doc;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      notes.push(`${path}: not readable JSON (${error.message.split('\n')[0]})`);
      continue;
    }
    if (doc?.kind !== 'tppbench-results') continue; // figures.json, probe output of other tools, ...
    if (doc.schemaVersion !== 1 || !Array.isArray(doc.measurements) || typeof doc.environment !== 'object') {
      notes.push(`${path}: not a version-1 results file (schemaVersion, environment or measurements)`);
      continue;
    }
    files.push({ path, name: basename(path), doc });
  }
  return files;
}

/** The CLI's JSON output for `args`; throws with its stderr on failure. */
function cliJson(cli, args) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (run.error) throw run.error;
  if (run.status !== 0) {
    const why = (run.stderr || run.stdout).trim().split('\n')[0];
    throw new Error(`tppbench ${args[0]} exited ${run.status}: ${why}`);
  }
  return JSON.parse(run.stdout);
}

/** The adapter of a file's WebGPU backends, and whether it is software (no GPU). */
function adapterOf(doc) {
  const env = doc.environment;
  const adapters = (env.backends ?? []).filter((b) => WEBGPU_BACKENDS.includes(b.backend) && b.adapter);
  const words = adapters.map((b) =>
    Object.values(b.adapter)
      .filter((v) => typeof v === 'string')
      .join(' '),
  );
  const name = adapters.map((b) => b.renderer ?? b.adapter.device ?? '').find((n) => n) ?? null;
  const software =
    env.softwareAdapter ??
    (words.some((w) => SOFTWARE.test(w)) || SOFTWARE.test(env.webgpuHost?.detail ?? '')
      ? (name ?? 'software adapter')
      : null);
  return { name, software, none: adapters.length === 0 };
}

const completed = (files) =>
  files.flatMap((f) =>
    f.doc.measurements
      .filter((m) => m.state === 'completed' && WEBGPU_BACKENDS.includes(m.ranOn))
      .map((m) => ({ ...m, file: f.name, method: m.timing?.method ?? 'per-call' })),
  );

const best = (ms, rate) =>
  ms.reduce((top, m) => (top === undefined || m[rate] > top[rate] ? m : top), undefined);
const isSquare = (m) => m.kernel === 'gemm' && m.size.m === m.size.n && m.size.n === m.size.k;

function gb(bytesPerSec) {
  return `${fmt(bytesPerSec / 1e9, bytesPerSec >= 1e11 ? 0 : 2)} GB/s`;
}
function tflops(flopsPerSec) {
  return `${fmt(flopsPerSec / 1e12, flopsPerSec >= 1e12 ? 2 : 4)} TFLOP/s`;
}
function fmt(value, digits) {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
function seconds(sec) {
  if (sec >= 1) return `${sec.toFixed(2)} s`;
  if (sec >= 1e-3) return `${(sec * 1e3).toFixed(2)} ms`;
  return `${(sec * 1e6).toFixed(1)} µs`;
}
const pct = (ratio) => `${fmt(ratio * 100, 1)}%`;

/**
 * A target row. `m` is the case measured (undefined: not measured); `ratio` is measured / reference (null
 * without a reference); the verdict is PASS/MISS only on the target case itself, else n/a with why.
 */
function target({ what, m, targetCase, unit, measured, reference, ratio, minRatio, note = '', display }) {
  let verdict = 'n/a';
  if (!m) note ||= 'not measured';
  else if (ratio === null) note ||= 'no reference';
  else if (m.id !== targetCase) note = `target case is ${targetCase}; this is the largest measured`;
  else verdict = ratio >= minRatio ? 'PASS' : 'MISS';
  return {
    target: what,
    case: m?.id ?? targetCase,
    backend: m?.ranOn ?? null,
    file: m?.file ?? null,
    unit,
    measured,
    reference,
    ratio,
    minRatio,
    verdict,
    note,
    display,
  };
}

function streamTarget(kernel, ms, cli, gpuId) {
  const of = ms.filter((m) => m.kernel === kernel && m.method === 'device-resident');
  const maxN = Math.max(0, ...of.map((m) => m.size.n));
  const m = best(
    of.filter((x) => x.size.n === maxN),
    'bytesPerSec',
  );
  let reference = null;
  let note = m && !gpuId ? 'no catalog GPU: pass --local-gpu' : '';
  if (m && gpuId) {
    try {
      const args = ['estimate', 'stream', '--gpu', gpuId, '--bytes', String(4 * m.size.n)];
      const estimate = cliJson(cli, [...args, '--kernel', kernel.replace('stream-', ''), '--json'])
        .results[0];
      reference = estimate.metrics.bandwidthGBps * 1e9;
      const modelBytes = estimate.breakdown.reduce((s, op) => s + op.bytes, 0);
      if (modelBytes !== m.bytes) note = `model counts ${modelBytes} bytes, the kernel ${m.bytes}`;
    } catch (error) {
      note = error.message;
    }
  }
  const { minRatio } = STREAM_TARGET;
  return target({
    what: `${kernel.replace('-', ' ')} (vs model STREAM estimate)`,
    m,
    targetCase: `${kernel}/n${STREAM_TARGET.n}`,
    unit: 'bytesPerSec',
    measured: m?.bytesPerSec ?? null,
    reference,
    ratio: m && reference ? m.bytesPerSec / reference : null,
    minRatio,
    note,
    display: {
      measured: m ? gb(m.bytesPerSec) : 'n/a',
      reference: reference ? `${gb(reference)} (model)` : 'n/a',
      needs: reference ? `>= ${pct(minRatio)} (${gb(reference * minRatio)})` : `>= ${pct(minRatio)}`,
    },
  });
}

function gemmTarget(ms, gpu) {
  const squares = ms.filter((m) => isSquare(m) && m.method === 'device-resident');
  const maxN = Math.max(0, ...squares.map((m) => m.size.n));
  const m = best(
    squares.filter((x) => x.size.n === maxN),
    'flopsPerSec',
  );
  const reference = gpu?.fp32 ?? null;
  const { n, minRatio } = GEMM_TARGET;
  return target({
    what: 'fp32 GEMM (vs catalog fp32 non-tensor peak)',
    m,
    targetCase: `gemm/m${n}-n${n}-k${n}`,
    unit: 'flopsPerSec',
    measured: m?.flopsPerSec ?? null,
    reference,
    ratio: m && reference ? m.flopsPerSec / reference : null,
    minRatio,
    note: m && !gpu ? 'no catalog GPU: pass --local-gpu' : '',
    display: {
      measured: m ? tflops(m.flopsPerSec) : 'n/a',
      reference: reference ? `${tflops(reference)} (catalog)` : 'n/a',
      needs: reference ? `>= ${pct(minRatio)} (${tflops(reference * minRatio)})` : `>= ${pct(minRatio)}`,
    },
  });
}

/** gpu.js webgpu GEMM: device-resident against per-call, per case id found both ways. */
function gpujsRatios(ms) {
  const on = (method) => ms.filter((m) => m.ranOn === 'webgpu' && m.kernel === 'gemm' && m.method === method);
  const perCall = on('per-call');
  return on('device-resident')
    .map((device) => {
      const call = perCall.find((p) => p.id === device.id);
      if (!call) return undefined;
      const ratio = call.statistics.medianSec / device.statistics.medianSec;
      return {
        case: device.id,
        flops: device.flops,
        deviceResident: {
          file: device.file,
          medianSec: device.statistics.medianSec,
          flopsPerSec: device.flopsPerSec,
        },
        perCall: { file: call.file, medianSec: call.statistics.medianSec, flopsPerSec: call.flopsPerSec },
        ratio,
        verdict: ratio >= GPUJS_MIN_RATIO ? 'PASS' : 'MISS',
      };
    })
    .filter((r) => r !== undefined)
    .sort((a, b) => a.flops - b.flops);
}

/** The catalog self-check of one file, from `tppbench profile --json` (on a copy naming the GPU if needed). */
function selfCheck(file, cli, gpu, fromFlag) {
  const webgpu = file.doc.measurements.filter(
    (m) => m.state === 'completed' && WEBGPU_BACKENDS.includes(m.ranOn),
  );
  if (webgpu.length === 0 || !gpu) return undefined;
  const deviceResident = webgpu.some((m) => m.timing?.method === 'device-resident');
  let path = file.path;
  let temp;
  if (fromFlag) {
    temp = mkdtempSync(join(tmpdir(), 'device-figures-'));
    path = join(temp, file.name);
    const environment = {
      ...file.doc.environment,
      gpu: { name: gpu.name, catalogId: gpu.id, source: 'flag' },
    };
    writeFileSync(path, JSON.stringify({ ...file.doc, environment }));
  }
  try {
    const check = cliJson(cli, ['profile', path, '--json']).catalogCheck;
    if (!check) return { file: file.name, deviceResident, error: 'the profile has no catalog check' };
    const unexplained = check.rows.filter((r) => r.note.includes(UNEXPLAINED)).length;
    const median = check.medianAbsErrorPercent;
    // The CLI declines a software adapter's run (`notChecked`); a check with no row has no verdict either.
    const why = check.notChecked ?? (median === null ? 'no kernel to check' : '');
    const pass = median !== null && median <= SELF_CHECK_MAX_PERCENT && unexplained === 0;
    const verdict = why ? 'n/a' : pass ? 'PASS' : 'MISS';
    return { file: file.name, deviceResident, ...check, unexplained, why, verdict };
  } catch (error) {
    return { file: file.name, deviceResident, error: error.message };
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

/** The local catalog GPU: the results' catalog id, else --local-gpu; its fp32 peak from `gpus --json`. */
function localGpu(files, flag, cli, notes) {
  const named = files.filter((f) => f.doc.environment.gpu?.catalogId);
  const ids = [...new Set(named.map((f) => f.doc.environment.gpu.catalogId))];
  if (ids.length > 1) notes.push(`the results name different GPUs (${ids.join(', ')}): using ${ids[0]}`);
  const id = ids[0] ?? flag;
  if (id === undefined)
    return { gpu: null, source: 'none: the results name no catalog GPU and no --local-gpu' };
  let record;
  try {
    const catalog = cliJson(cli, ['gpus', '--json']).gpus;
    const find = (key) => catalog.find((g) => g.id === key || (g.spec.aliases ?? []).includes(key));
    record = find(id);
    const flagged = flag === undefined ? undefined : find(flag);
    if (flag !== undefined && !flagged) notes.push(`--local-gpu ${flag} is not a catalog GPU`);
    if (ids[0] && flagged && flagged.id !== ids[0]) {
      notes.push(`--local-gpu ${flag} ignored: the results identified ${ids[0]}`);
    }
  } catch (error) {
    notes.push(error.message);
  }
  if (!record) return { gpu: null, source: `${id} not found in the catalog` };
  const first = named[0]?.doc.environment.gpu;
  const source = ids[0]
    ? `the results (${first.source}: ${first.name})`
    : '--local-gpu (the results name no catalog GPU)';
  const fp32 = record.spec.peakDenseOpsPerSec?.fp32 ?? { value: null, source: 'missing' };
  return {
    gpu: { id: record.id, name: record.name, fp32: fp32.value, fp32Source: fp32.source },
    source,
    fromFlag: !ids[0],
  };
}

function table(headers, rows, right = []) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (right.includes(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(headers, rows) {
  const cell = (c) => String(c).replaceAll('|', '\\|');
  return [headers, headers.map(() => '---'), ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}

const TARGET_HEADERS = ['target', 'case', 'backend', 'measured', 'reference', 'ratio', 'needs', 'verdict'];
const targetCells = (t) => [
  t.target,
  t.case,
  t.backend ?? '',
  t.display.measured,
  t.display.reference,
  t.display.ratio ?? (t.ratio === null ? 'n/a' : pct(t.ratio)),
  t.display.needs,
  t.note ? `${t.verdict} (${t.note})` : t.verdict,
];
const GPUJS_HEADERS = ['case', 'device-resident', 'per-call', 'ratio', 'needs', 'verdict'];
const gpujsCells = (r) => [
  r.case,
  `${seconds(r.deviceResident.medianSec)} (${tflops(r.deviceResident.flopsPerSec)})`,
  `${seconds(r.perCall.medianSec)} (${tflops(r.perCall.flopsPerSec)})`,
  `${fmt(r.ratio, 1)}x`,
  `>= ${GPUJS_MIN_RATIO}x`,
  r.verdict,
];
const CHECK_HEADERS = ['case', 'backend', 'measured', 'modelled', 'error', 'bound', 'note'];
const checkCells = (r) => [
  r.id,
  r.backend,
  seconds(r.measuredSec),
  seconds(r.modelledSec),
  `${r.errorPercent >= 0 ? '+' : ''}${fmt(r.errorPercent, 0)}%`,
  r.bound,
  r.note,
];
function checkSummary(c) {
  if (c.error) return `${c.file}: no catalog self-check (${c.error})`;
  const perCall = c.deviceResident ? '' : ' (per-call timing: not a target)';
  if (c.why) return `${c.file} vs ${c.gpuId}: not checked (${c.why})${perCall}`;
  const median = `median |error| ${fmt(c.medianAbsErrorPercent, 1)}% over ${c.rows.length} kernel(s)`;
  return `${c.file} vs ${c.gpuId}: ${median}, ${c.unexplained} miss(es) not explained${perCall}`;
}

/** The bundle's build info as device-check.sh records it (commit, dirty, whether this tree built it). */
function describeBuild(b) {
  if (!b) return 'no build info given';
  const fresh =
    b.matchesTree === true
      ? ', built from this tree'
      : b.matchesTree === false
        ? ', STALE: built from other sources than this tree'
        : '';
  return `commit ${b.commit ?? 'unknown'}${b.dirty ? ' (DIRTY tree)' : ''}, built ${b.builtAt ?? '?'}${fresh}`;
}

function render(figures, markdown) {
  const out = [];
  const notice = figures.gpuFigures ? null : figures.notice;
  const banner =
    notice && (markdown ? `> **NOT GPU FIGURES.** ${notice}` : `!!! NOT GPU FIGURES !!! ${notice}`);
  out.push(markdown ? '#### Device figures' : 'tppbench device figures');
  if (banner) out.push('', banner);
  out.push(
    '',
    `- local GPU: ${figures.gpu ? `${figures.gpu.id} (${figures.gpu.name}), from ${figures.gpuSource}; fp32 peak ${tflops(figures.gpu.fp32)} (${figures.gpu.fp32Source})` : figures.gpuSource}`,
    `- bundle: ${describeBuild(figures.build)}`,
    ...figures.files.map(
      (f) =>
        `- ${f.name}: suite ${f.suite}, ${f.backends.join('+')}, adapter ${f.adapter ?? 'none'}${f.software ? ' (SOFTWARE)' : ''}, run ${f.createdAt}, commit ${f.gitCommit ?? 'not recorded'}`,
    ),
    ...figures.notes.map((n) => `- note: ${n}`),
  );
  const tab = markdown ? markdownTable : table;
  out.push(
    '',
    markdown ? '**Targets**' : 'Targets',
    '',
    tab(TARGET_HEADERS, figures.targets.map(targetCells), [3, 5]),
  );
  out.push(
    '',
    markdown
      ? '**gpu.js webgpu GEMM: device-resident vs per-call**'
      : 'gpu.js webgpu GEMM: device-resident vs per-call',
  );
  out.push(
    '',
    figures.gpujs.length > 0
      ? tab(GPUJS_HEADERS, figures.gpujs.map(gpujsCells), [1, 2, 3])
      : 'no GEMM case measured both ways',
  );
  for (const c of figures.selfChecks) {
    out.push(
      '',
      markdown ? `**Catalog self-check: ${checkSummary(c)}**` : `Catalog self-check: ${checkSummary(c)}`,
    );
    if (!c.error && c.rows.length > 0) out.push('', tab(CHECK_HEADERS, c.rows.map(checkCells), [2, 3, 4]));
    if (!c.error && c.skipped.length > 0) out.push(...c.skipped.map((s) => `- skipped ${s.id}: ${s.reason}`));
  }
  if (banner) out.push('', banner);
  return `${out.join('\n')}\n`;
}

function figuresOf(options) {
  const notes = [];
  const files = readResults(options.inputs, notes);
  if (files.length === 0) throw new InputError(`no tppbench results file in ${options.inputs.join(', ')}`);
  const cli = resolve(options.cli ?? fileURLToPath(new URL('../bin/tppbench.js', import.meta.url)));
  if (!existsSync(cli)) throw new InputError(`--cli ${cli} does not exist`);
  let build = null;
  if (options.buildInfo) {
    try {
      build = JSON.parse(readFileSync(options.buildInfo, 'utf8'));
    } catch (error) {
      notes.push(`--build-info ${options.buildInfo}: ${error.message.split('\n')[0]}`);
    }
  }
  const local = localGpu(files, options.localGpu, cli, notes);
  const described = files.map((f) => {
    const adapter = adapterOf(f.doc);
    return {
      name: f.name,
      path: f.path,
      suite: f.doc.suite,
      createdAt: f.doc.createdAt,
      gitCommit: f.doc.environment.gitCommit ?? null,
      backends: f.doc.selection?.used ?? [],
      adapter: adapter.name,
      software: adapter.software,
      noAdapter: adapter.none,
    };
  });
  const software = described.filter((f) => f.software).map((f) => `${f.name}: ${f.software}`);
  const noAdapter = described.filter((f) => f.noAdapter).map((f) => f.name);
  const gpuFigures = software.length === 0 && noAdapter.length === 0;
  const notice = [
    software.length > 0
      ? `These results ran on a software WebGPU adapter (${software.join('; ')}), a CPU:`
      : '',
    noAdapter.length > 0 ? `${noAdapter.join(', ')} recorded no WebGPU adapter:` : '',
    "the timings below are not a GPU's, and the ratios say nothing about any catalog GPU.",
  ]
    .filter((s) => s)
    .join(' ');
  const ms = completed(files);
  const gpujs = gpujsRatios(ms);
  const top = gpujs.at(-1);
  const gpujsTarget = target({
    what: 'gpu.js GEMM device-resident / per-call',
    m: top && { id: top.case, ranOn: 'webgpu', file: `${top.deviceResident.file} / ${top.perCall.file}` },
    targetCase: top?.case ?? 'a gemm measured both ways',
    unit: 'flopsPerSec',
    measured: top?.deviceResident.flopsPerSec ?? null,
    reference: top?.perCall.flopsPerSec ?? null,
    ratio: top?.ratio ?? null,
    minRatio: GPUJS_MIN_RATIO,
    display: {
      measured: top ? `${tflops(top.deviceResident.flopsPerSec)} resident` : 'n/a',
      reference: top ? `${tflops(top.perCall.flopsPerSec)} per call` : 'n/a',
      ratio: top ? `${fmt(top.ratio, 1)}x` : 'n/a',
      needs: `>= ${GPUJS_MIN_RATIO}x (largest size)`,
    },
  });
  const selfChecks = files.map((f) => selfCheck(f, cli, local.gpu, local.fromFlag)).filter((c) => c);
  const checkTargets = selfChecks
    .filter((c) => c.deviceResident && !c.error)
    .map((c) => ({
      target: `catalog self-check median |error| (${c.file})`,
      case: `${c.rows.length} kernels`,
      backend: [...new Set(c.rows.map((r) => r.backend))].join('+'),
      file: c.file,
      unit: 'percent',
      measured: c.medianAbsErrorPercent,
      reference: SELF_CHECK_MAX_PERCENT,
      ratio: null,
      minRatio: null,
      verdict: c.verdict,
      note: c.why || (c.unexplained > 0 ? `${c.unexplained} miss(es) not explained` : ''),
      display: {
        measured: c.medianAbsErrorPercent === null ? 'n/a' : `${fmt(c.medianAbsErrorPercent, 1)}%`,
        reference: `${SELF_CHECK_MAX_PERCENT}%`,
        ratio: 'n/a',
        needs: `<= ${SELF_CHECK_MAX_PERCENT}%, every miss explained`,
      },
    }));
  return {
    schemaVersion: 1,
    kind: 'tppbench-device-figures',
    createdAt: new Date().toISOString(),
    gpuFigures,
    notice: gpuFigures ? null : notice,
    gpu: local.gpu,
    gpuSource: local.source,
    build,
    files: described,
    notes,
    targets: [
      streamTarget('stream-copy', ms, cli, local.gpu?.id),
      streamTarget('stream-triad', ms, cli, local.gpu?.id),
      gemmTarget(ms, local.gpu),
      gpujsTarget,
      ...checkTargets,
    ],
    gpujs,
    selfChecks,
  };
}

function main() {
  try {
    const options = parseArgs(process.argv.slice(2));
    const figures = figuresOf(options);
    const first = options.inputs[0];
    const outDir =
      options.outDir ??
      process.env.OUT ??
      (existsSync(first) && statSync(first).isDirectory() ? first : dirname(first));
    const json = { ...figures, targets: figures.targets.map(({ display: _, ...t }) => t) };
    writeFileSync(join(outDir, 'figures.json'), `${JSON.stringify(json, null, 2)}\n`);
    writeFileSync(join(outDir, 'figures.md'), render(figures, true));
    process.stdout.write(render(figures, false));
    process.stdout.write(`\nwritten: ${join(outDir, 'figures.json')}, ${join(outDir, 'figures.md')}\n`);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`device-figures: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
  }
}

main();
