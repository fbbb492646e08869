/**
 * Evaluate the inversions catalogue: each scenario on its flagship and restricted parts, with a verdict per
 * pair (who wins, by how much, and the binding resource). A scenario whose workload is not registered is
 * `unavailable`, and one whose flags the workload rejects is `errored`: both are reported, never dropped.
 * @module
 */
import { isUserError, msg, param, UserError } from '../errors.ts';
import { type LoadCatalogOptions, loadCatalog } from '../hardware/catalog.ts';
import type { GpuSpec } from '../hardware/types.ts';
import type { Bound } from '../model/types.ts';
import { regulatoryProfile } from '../regulation/index.ts';
import { WORKLOADS } from '../workloads/index.ts';
import type { WorkloadRegistry } from '../workloads/registry.ts';
import type { AnyWorkload } from '../workloads/types.ts';
import { DATA_CENTER_GPUS, INVERSION_SCENARIOS, type InversionScenario } from './inversion-scenarios.ts';

/** Throughputs within this relative margin are a tie. */
export const TIE_MARGIN = 0.01;

/** One GPU's result in a scenario. */
export interface ScenarioGpuResult {
  readonly gpu: string;
  readonly name: string;
  readonly tpp: number | null;
  /** The workload's throughput metric; null when it does not fit. */
  readonly throughput: number | null;
  readonly bound: Bound;
  readonly fits: boolean;
  readonly memoryNeededBytes: number;
}

/** Who wins a restricted-vs-flagship pair. */
export type MatchupVerdict = 'restricted-wins' | 'flagship-wins' | 'tie' | 'neither-fits';

/** A restricted part against the scenario's flagship. */
export interface Matchup {
  readonly restricted: string;
  readonly flagship: string;
  readonly verdict: MatchupVerdict;
  /** Restricted throughput / flagship throughput; null unless both fit. */
  readonly ratio: number | null;
  /** How much more the winner delivers, in percent; null when only one fits or neither. */
  readonly marginPct: number | null;
  /** The winner's binding resource (`capacity` when the loser does not fit). */
  readonly binding: Bound | null;
  readonly why: string;
}

/** A scenario's outcome. */
export type ScenarioOutcome =
  | {
      readonly state: 'evaluated';
      readonly scenario: InversionScenario;
      readonly throughputMetric: string;
      readonly throughputUnit: string;
      /** Flagship first. */
      readonly gpus: readonly ScenarioGpuResult[];
      readonly matchups: readonly Matchup[];
    }
  | { readonly state: 'unavailable'; readonly scenario: InversionScenario; readonly reason: string }
  | { readonly state: 'errored'; readonly scenario: InversionScenario; readonly error: string };

/** Options of {@link runInversionsCatalogue}. */
export interface InversionsCatalogueOptions extends LoadCatalogOptions {
  /** Data-center GPUs, flagship first (default h100-sxm, h800-sxm, h20). */
  readonly gpus?: readonly string[] | undefined;
  /** Only these scenario ids (default all). */
  readonly scenarios?: readonly string[] | undefined;
  /** The catalogue to run (default {@link INVERSION_SCENARIOS}). */
  readonly catalogue?: readonly InversionScenario[] | undefined;
  /** The workload registry (default the built-in one). */
  readonly registry?: WorkloadRegistry | undefined;
}

/** Map a scenario's flags to the workload's param keys; an unknown flag is a UserError naming it. */
export function scenarioParams(scenario: InversionScenario, workload: AnyWorkload): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [flag, value] of Object.entries(scenario.flags)) {
    const spec = workload.params.find((p) => p.flag === flag || (p.aliases ?? []).includes(flag));
    if (!spec) throw new UserError(`scenario ${scenario.id}: workload ${workload.kind} has no flag ${flag}`);
    params[spec.key] = value;
  }
  return params;
}

const tb = (bytesPerSec: number | null) => (bytesPerSec === null ? 'n/a' : (bytesPerSec / 1e12).toFixed(2));
const gb = (bytes: number | null) => (bytes === null ? 'n/a' : (bytes / 1e9).toFixed(0));

/** The spec behind a bound resource, for telling which resource separates two GPUs. */
function resourceSpec(scenario: InversionScenario, gpu: GpuSpec, bound: Bound): number | null {
  switch (bound) {
    case 'memory':
      return gpu.memoryBandwidthBytesPerSec.value;
    case 'interconnect':
      return gpu.scaleUpBandwidthBytesPerSec.value;
    case 'compute':
      return gpu.peakDenseOpsPerSec[scenario.computePrecision].value ?? gpu.peakDenseOpsPerSec.fp64.value;
    case 'capacity':
      return gpu.memoryCapacityBytes.value;
  }
}

/**
 * The resource that separates winner from loser: the winner's binding resource, unless both GPUs have the
 * same spec for it (H100 vs H800 on compute), in which case the loser's binding resource explains the gap.
 */
function separatingResource(
  scenario: InversionScenario,
  winner: GpuSpec,
  loser: GpuSpec,
  w: ScenarioGpuResult,
  l: ScenarioGpuResult,
): Bound {
  const a = resourceSpec(scenario, winner, w.bound);
  const b = resourceSpec(scenario, loser, w.bound);
  const same = a !== null && b !== null && Math.abs(a - b) <= 0.01 * Math.max(a, b);
  return same && l.bound !== w.bound ? l.bound : w.bound;
}

/** Why the winner wins, in the terms of the resource that separates the two. */
function explain(
  scenario: InversionScenario,
  winner: GpuSpec,
  loser: GpuSpec,
  w: ScenarioGpuResult,
  l: ScenarioGpuResult,
): string {
  if (!l.fits) {
    return `only ${winner.id} fits: ${gb(l.memoryNeededBytes)} GB needed, ${loser.id} has ${gb(loser.memoryCapacityBytes.value)} GB`;
  }
  const bound = separatingResource(scenario, winner, loser, w, l);
  const a = resourceSpec(scenario, winner, bound);
  const b = resourceSpec(scenario, loser, bound);
  const equal = a !== null && b !== null && Math.abs(a - b) <= 0.01 * Math.max(a, b);
  const side =
    bound !== w.bound
      ? ` (${loser.id} is ${bound}-bound)`
      : equal
        ? ' on both, with equal specs: the gap comes from the ops bound by another resource'
        : '';
  switch (bound) {
    case 'memory':
      return `memory-bound${side}: HBM ${tb(winner.memoryBandwidthBytesPerSec.value)} vs ${tb(loser.memoryBandwidthBytesPerSec.value)} TB/s`;
    case 'interconnect':
      return `interconnect-bound${side}: scale-up link ${gb(winner.scaleUpBandwidthBytesPerSec.value)} vs ${gb(loser.scaleUpBandwidthBytesPerSec.value)} GB/s`;
    case 'compute': {
      const a = resourceSpec(scenario, winner, 'compute');
      const b = resourceSpec(scenario, loser, 'compute');
      return `compute-bound${side}: ${scenario.computePrecision} peak ${a === null ? 'n/a' : (a / 1e12).toFixed(1)} vs ${b === null ? 'n/a' : (b / 1e12).toFixed(1)} TFLOPS`;
    }
    case 'capacity':
      return 'capacity-bound';
  }
}

function matchup(
  scenario: InversionScenario,
  specs: readonly GpuSpec[],
  results: readonly ScenarioGpuResult[],
  index: number,
): Matchup {
  const f = results[0]!;
  const r = results[index]!;
  const base = { restricted: r.gpu, flagship: f.gpu };
  if (!f.fits && !r.fits) {
    return {
      ...base,
      verdict: 'neither-fits',
      ratio: null,
      marginPct: null,
      binding: null,
      why: 'neither fits',
    };
  }
  if (!f.fits || !r.fits) {
    const restrictedWins = r.fits;
    const [w, l, ws, ls] = restrictedWins
      ? [r, f, specs[index]!, specs[0]!]
      : [f, r, specs[0]!, specs[index]!];
    return {
      ...base,
      verdict: restrictedWins ? 'restricted-wins' : 'flagship-wins',
      ratio: null,
      marginPct: null,
      binding: 'capacity',
      why: explain(scenario, ws, ls, w, l),
    };
  }
  const ratio = r.throughput! / f.throughput!;
  const verdict: MatchupVerdict =
    Math.abs(ratio - 1) <= TIE_MARGIN ? 'tie' : ratio > 1 ? 'restricted-wins' : 'flagship-wins';
  const restrictedAhead = ratio >= 1;
  const [w, l, ws, ls] = restrictedAhead
    ? [r, f, specs[index]!, specs[0]!]
    : [f, r, specs[0]!, specs[index]!];
  return {
    ...base,
    verdict,
    ratio,
    marginPct: (Math.max(ratio, 1 / ratio) - 1) * 100,
    binding: verdict === 'tie' ? w.bound : separatingResource(scenario, ws, ls, w, l),
    why: verdict === 'tie' ? `tie: both ${w.bound}-bound` : explain(scenario, ws, ls, w, l),
  };
}

/** Evaluate one scenario on `gpuIds` (flagship first). Never throws for scenario problems. */
export function evaluateScenario(
  scenario: InversionScenario,
  gpuIds: readonly string[],
  options: LoadCatalogOptions & { readonly registry?: WorkloadRegistry | undefined } = {},
): ScenarioOutcome {
  const registry = options.registry ?? WORKLOADS;
  const workload = registry.workloads.find((w) => w.kind === scenario.workload);
  if (!workload) {
    return { state: 'unavailable', scenario, reason: `workload ${scenario.workload} is not registered` };
  }
  const catalog = loadCatalog(options);
  try {
    const specs = gpuIds.map((id) => catalog.get(id, 'gpus'));
    const params = scenarioParams(scenario, workload);
    const gpus = specs.map((gpu): ScenarioGpuResult => {
      const e = registry.estimate(workload.kind, gpu, params);
      const t = e.metrics[workload.throughputMetric];
      return {
        gpu: gpu.id,
        name: gpu.name,
        tpp: regulatoryProfile(gpu).tpp,
        throughput: e.fits && typeof t === 'number' ? t : null,
        bound: e.bound,
        fits: e.fits,
        memoryNeededBytes: e.memory.neededBytes,
      };
    });
    return {
      state: 'evaluated',
      scenario,
      throughputMetric: workload.throughputMetric,
      throughputUnit: workload.throughputUnit,
      gpus,
      matchups: gpus.slice(1).map((_, i) => matchup(scenario, specs, gpus, i + 1)),
    };
  } catch (error) {
    if (isUserError(error)) return { state: 'errored', scenario, error: error.message };
    throw error;
  }
}

/**
 * Run the catalogue. `gpus` (flagship first) replaces the data-center parts; consumer scenarios keep
 * their own pair. An unknown GPU in `gpus` or an unknown id in `scenarios` is a UserError naming it.
 */
export function runInversionsCatalogue(options: InversionsCatalogueOptions = {}): ScenarioOutcome[] {
  const catalogue = options.catalogue ?? INVERSION_SCENARIOS;
  const dataCenter = options.gpus ?? DATA_CENTER_GPUS;
  if (dataCenter.length < 2)
    throw new UserError(msg`${param('gpus')}: give a flagship and at least one other GPU`, 'usage');
  const catalog = loadCatalog(options);
  for (const id of dataCenter) catalog.get(id, 'gpus');
  const wanted = options.scenarios;
  for (const id of wanted ?? []) {
    if (!catalogue.some((s) => s.id === id)) {
      throw new UserError(
        msg`${param('scenarios')}: unknown scenario "${id}" (known: ${catalogue.map((s) => s.id).join(', ')})`,
        'usage',
      );
    }
  }
  return catalogue
    .filter((s) => wanted === undefined || wanted.includes(s.id))
    .map((s) =>
      evaluateScenario(s, s.scope === 'consumer' && s.gpus ? s.gpus : dataCenter, {
        gpuFile: options.gpuFile,
        registry: options.registry,
      }),
    );
}
