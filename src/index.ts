/**
 * The public API of tppbench: what a user of the library calls, each name re-exported from the module that
 * defines it. The export list is curated and snapshot-tested; internals (model cores, sweep evaluation, LLM
 * pass plumbing) stay in their modules, where benches and tests import them.
 *
 * The boundary with the CLI: everything the CLI does is a function here, and the CLI uses only names
 * exported here, but it imports each from the module this file re-exports it from
 * (`import { listGpus } from '../../api/gpus.ts'`), never from this file, and a command's modules load only
 * when that command runs (src/cli/main.ts). Importing this file loads the whole library (zod and the pool
 * included), several times what `tppbench --version` may cost. test/unit/cli-boundary.test.ts checks both.
 *
 * Input files validated with zod (slow to load) have readers that the modules every command loads do not
 * import: `hardware/gpu-file.ts` (the parameter `gpuFile`) and `workloads/llm/models/hf-config.ts`
 * (`modelConfig`) install theirs in the catalog and in `resolve.ts` when they load. This file re-exports
 * from both, so a user of the library always has them; the CLI loads each only when its flag is given
 * (src/cli/input-readers.ts).
 * @module
 */

// Local benchmark engine: kernels, pool, suites, results, local profile
export { builtinKernelRegistry, createKernelRegistry, type KernelRegistry } from '../kernels/registry.ts';
export type {
  BuiltKernel,
  KernelCost,
  KernelDefinition,
  KernelFactory,
  KernelSize,
} from '../kernels/types.ts';
// Analysis
export {
  type Crossover,
  type CrossoverReport,
  type CrossoverSide,
  findCrossovers,
  type PointEvaluator,
} from './analysis/crossovers.ts';
export {
  DATA_CENTER_GPUS,
  INVERSION_SCENARIOS,
  type InversionScenario,
  type ScenarioScope,
} from './analysis/inversion-scenarios.ts';
export { findInversions, type Inversion, type ThroughputPoint } from './analysis/inversions.ts';
export {
  evaluateScenario,
  type InversionsCatalogueOptions,
  type Matchup,
  type MatchupVerdict,
  runInversionsCatalogue,
  type ScenarioGpuResult,
  type ScenarioOutcome,
} from './analysis/inversions-catalogue.ts';
export {
  type CollectingSink,
  collectingSink,
  runSweep,
  type SweepOptions,
  type SweepResult,
  streamSweep,
} from './analysis/sweep.ts';
export {
  MAX_GRID_ESTIMATES,
  parseSweepAxis,
  type SweepAxis,
  type SweepGrid,
  sweepGrid,
} from './analysis/sweep-grid.ts';
export { type SweepMapOptions, sweepSection } from './analysis/sweep-map.ts';
export {
  combineOutputs,
  type SweepOutput,
  sweepFileOutput,
  sweepStreamOutput,
} from './analysis/sweep-output.ts';
export { createSweepPool, type SweepPool } from './analysis/sweep-pool.ts';
export { createSweepProgress, type SweepProgress } from './analysis/sweep-progress.ts';
export type { PointValue } from './analysis/sweep-protocol.ts';
export {
  type AbOptions,
  type AbResult,
  type AbSide,
  checkAbRounds,
  MAX_AB_ROUNDS,
  poolAbRounds,
  resolveBuild,
  runAb,
} from './api/ab.ts';
export {
  type CheckDocumentsOptions,
  type CheckResult,
  checkDocuments,
  type LabelledDocument,
  readCheckDocument,
  readPolicy,
} from './api/check.ts';
// Commands as functions
export {
  CLASSIFY_RULES,
  type ClassifyOptions,
  type ClassifyReport,
  classifyParts,
  type PartDescription,
} from './api/classify.ts';
export { type CompareOptions, type Comparison, compareWorkload } from './api/compare.ts';
export { type EstimateOptions, estimateWorkload } from './api/estimate.ts';
export {
  GPU_SORT_FIELDS,
  type GpuSortField,
  type GpuSummary,
  type KeySpecs,
  type ListGpusOptions,
  listGpus,
  summarizeGpu,
} from './api/gpus.ts';
export { type MergeInput, mergeResultFiles, mergeResults } from './api/merge.ts';
export {
  type BuildReportOptions,
  buildReportData,
  type ReportSource,
  readReportInputs,
} from './api/report.ts';
export {
  REPORT_FORMATS,
  type RenderReportOptions,
  type ReportFormat,
  renderReport,
  reportFormatOfPath,
  resolveReportFormat,
  writeReport,
} from './api/report-render.ts';
export { type CpuPeak, cpuPeak, cpuPeakFrom } from './bench/cpu-peak.ts';
export {
  type CpuRooflineCheck,
  type CpuRooflineRow,
  cpuRooflineCheck,
  cpuRooflineCheckOf,
} from './bench/cpu-roofline.ts';
export { kernelModuleUrls, loadKernelRegistry } from './bench/kernel-loader.ts';
export { identifyLocalGpu, matchCatalogGpu, queryNvidiaSmiName } from './bench/local-gpu.ts';
export {
  bestLocalBackend,
  type LocalBackendProfile,
  type LocalProfile,
  localOpResources,
  localProfileFromResults,
  predictLocalSec,
  readLocalProfile,
} from './bench/profile.ts';
export { createProgressReporter, type ProgressReporter } from './bench/progress.ts';
export { type RunProgress, type RunSuiteOptions, runSuite } from './bench/runner.ts';
export { type BackendRequest, type BackendSelection, selectBackends } from './bench/select-backend.ts';
export {
  type CatalogCheck,
  type CatalogCheckRow,
  catalogSelfCheck,
  modelSelfCheck,
  type SelfCheck,
  type SelfCheckRow,
} from './bench/self-check.ts';
export {
  checkShard,
  emptyShardError,
  MAX_SHARD_COUNT,
  parseShard,
  type ShardSpec,
  shardCases,
} from './bench/shard.ts';
export { type SampleStatistics, summarizeSamples } from './bench/stats.ts';
export { loadSuiteFile, resolveSuiteFile, type SuiteFile, suiteFileSchema } from './bench/suite-file.ts';
export {
  BUILTIN_SUITES,
  caseId,
  matchesFilter,
  type SuiteCase,
  type SuiteDefinition,
} from './bench/suites.ts';
// Calibration from the user's own GPU: probe, fit, apply
export { type CalibrationUse, calibrateCatalog, useCalibrationFile } from './calibration/apply.ts';
export {
  CALIBRATION_SCHEMA_VERSION,
  type CalibrationDocument,
  calibrationDocumentSchema,
  gpuCalibrationOf,
  readCalibrationFile,
} from './calibration/calibration-document.ts';
export { type CalibrationFit, fitCalibration } from './calibration/fit.ts';
export {
  PROBE_SCHEMA_VERSION,
  type ProbeDocument,
  type ProbeMeasurement,
  probeDocumentSchema,
  readProbeFile,
} from './calibration/probe-document.ts';
export { probeScript, probeScriptPath } from './calibration/probe-script.ts';
export { renderCalibration } from './calibration/render.ts';
// Errors
export {
  byKey,
  flagOfKey,
  isUserError,
  Message,
  msg,
  ParamName,
  type ParamNamer,
  param,
  paramList,
  UserError,
  type UserErrorKind,
} from './errors.ts';
// Hardware catalog
export {
  BUILT_IN_GPUS,
  type Catalog,
  type CatalogTransform,
  createCatalog,
  installCatalogTransform,
  type LoadCatalogOptions,
  loadCatalog,
} from './hardware/catalog.ts';
export { gpuFileSchema } from './hardware/gpu-file.ts';
export { SOURCES, type SourceRef } from './hardware/sources.ts';
export {
  ARCHITECTURES,
  type Architecture,
  BIT_LENGTH,
  BYTES_PER_ELEMENT,
  type GpuCalibration,
  type GpuSpec,
  type Known,
  PRECISIONS,
  type Precision,
  SCALE_UP_FABRICS,
  type ScaleUpFabric,
  type Sourced,
  SPEC_FIELDS,
  type SpecField,
} from './hardware/types.ts';
// Performance model (pure)
export { type CapacityCheck, capacityCheck } from './model/capacity.ts';
export {
  type CollectiveFit,
  type CollectiveKind,
  type CollectiveTime,
  collectiveTime,
} from './model/collectives.ts';
export { COLLECTIVE_FIT, COMPUTE_FIT, FIT_BANDS, MEMORY_FIT } from './model/data/fitted.ts';
export {
  type BreakdownRow,
  type Estimate,
  type EstimateHeader,
  warningMessages,
} from './model/estimate.ts';
export { DEFAULT_GPUS_PER_NODE } from './model/interconnect.ts';
export { gemmCost, memoryCost, type StreamKernel, streamCost } from './model/op-cost.ts';
export { type GpuResources, gpuResources } from './model/resources.ts';
export { type OpResources, type OpTimeRange, opTime, rooflineLowerBoundSec } from './model/roofline.ts';
export type { Bound, Confidence, GemmShape, OpCost, OpTime, Scenario } from './model/types.ts';
export { SCENARIOS } from './model/types.ts';
export { waveQuantization } from './model/wave.ts';
export { type BrowserOptions, createBrowserHost, findBrowser } from './pool/browser-host.ts';
export { createEngines, type Engines } from './pool/engines.ts';
export {
  type AdapterInfo,
  BACKENDS,
  type BackendName,
  isPoolBackend,
  type KernelOutcome,
  type RunKernelRequest,
  type TimingMethod,
  type TimingOptions,
  WEBGPU_BACKENDS,
} from './pool/protocol.ts';
// Regression checks (pure verdicts)
export { type FailedCase, failedCases, metricsOf } from './regress/metrics.ts';
export { DEFAULT_POLICY, parsePolicy, thresholdFor } from './regress/policy.ts';
export { bootstrapRatioCi, mannWhitneyU } from './regress/stats.ts';
export type {
  CheckOutcome,
  Direction,
  Metric,
  MetricSet,
  MetricVerdict,
  Policy,
  VerdictKind,
} from './regress/types.ts';
export { compareMetrics } from './regress/verdicts.ts';
// Regulation
export {
  type Check,
  type ClassifyInput,
  type CustomRule,
  classify,
  classifyInputOf,
  performanceDensity,
  profileOf,
  type RegulatoryProfile,
  RULE_IDS,
  type RuleId,
  regulatoryProfile,
  type TppResult,
  totalProcessingPerformance,
  tppOf,
  type Verdict,
  type VerdictStatus,
} from './regulation/index.ts';
export { type ChartSpec, chartSpecs } from './report/charts.ts';
// Renderers (pure: data -> string)
export { renderCheckMarkdown, renderCheckTable, renderJunit } from './report/check.ts';
export { renderClassify } from './report/classify.ts';
export { renderComparison } from './report/compare.ts';
export { describeCrossover } from './report/crossover-text.ts';
export { formatSignificant, renderEstimate } from './report/estimate.ts';
export { renderGpuTable, verdictLabel } from './report/gpus.ts';
export { renderHtml } from './report/html.ts';
export { describeMatchup, renderInversionsCatalogue } from './report/inversions-catalogue.ts';
export { renderMarkdown } from './report/markdown.ts';
export type {
  LocalKernelRow,
  LocalSection,
  ModelSection,
  ReportData,
  ReportGpu,
  ReportInput,
  Roofline,
  RooflinePoint,
  SelfCheckRowData,
  SourceLink,
  SummaryLine,
  SweepAxis as ReportSweepAxis,
  SweepBoundary,
  SweepSection,
  SweepSeries,
  TppPoint,
  ValidationRow,
  WinnerCell,
  WorkloadComparison,
  WorkloadRow,
} from './report/report-data.ts';
export { describeState, formatSeconds, renderCaseLine, renderRunResults } from './report/run.ts';
export {
  cpuRooflineBasis,
  renderCatalogCheck,
  renderCpuRooflineCheck,
  renderLocalProfile,
  renderSelfCheck,
} from './report/run-profile.ts';
export { renderChartSvgs } from './report/svg.ts';
export { renderSweep, type SweepRow, sweepRows } from './report/sweep.ts';
export { type Column, formatNumber, renderTable } from './report/table.ts';
export { renderTerminal, type TerminalOptions, wantsColor } from './report/terminal.ts';
export {
  BENCH_RESULTS_SCHEMA_VERSION,
  type BenchEnvironment,
  type BenchResults,
  benchResultsSchema,
  isFailedMeasurement,
  type LocalGpu,
  type Measurement,
  readBenchResults,
  writeBenchResults,
} from './results/bench-results.ts';
export {
  CLASSIFICATION_SCHEMA_VERSION,
  type ClassificationDocument,
  classificationDocument,
  classificationDocumentSchema,
} from './results/classification.ts';
export {
  DOCUMENT_KINDS,
  DOCUMENT_SCHEMAS,
  type DocumentKind,
  parseDocument,
  type TppbenchDocument,
} from './results/documents.ts';
export {
  type ComparisonSection,
  ESTIMATES_SCHEMA_VERSION,
  type EstimatesDocument,
  type EstimatesDocumentOptions,
  estimatesDocument,
  estimatesDocumentSchema,
  parseEstimatesDocument,
} from './results/estimates.ts';
export {
  GPUS_SCHEMA_VERSION,
  type GpusDocument,
  gpusDocument,
  gpusDocumentSchema,
} from './results/gpus.ts';
export {
  INVERSIONS_SCHEMA_VERSION,
  type InversionsDocument,
  inversionsDocument,
  inversionsDocumentSchema,
} from './results/inversions.ts';
export {
  LOCAL_PROFILE_SCHEMA_VERSION,
  type LocalProfileDocument,
  localProfileDocument,
  localProfileDocumentSchema,
} from './results/local-profile.ts';
export {
  REPORT_SCHEMA_VERSION,
  type ReportDocument,
  reportDocument,
  reportDocumentSchema,
} from './results/report.ts';
export {
  renderSweepCsv,
  renderSweepJson,
  SWEEP_SCHEMA_VERSION,
  type SweepDocument,
  sweepDocumentSchema,
} from './results/sweep.ts';
// Utilities for tools built on tppbench
export { writeFileAtomic } from './util/atomic-write.ts';
export { checkOutputPath } from './util/output-path.ts';
export { packageRoot, packageVersion } from './util/package-info.ts';
export { BUILT_IN_WORKLOADS, WORKLOADS } from './workloads/index.ts';
// Workloads
export {
  type AttentionParams,
  attentionCost,
  attentionGemmShape,
  estimateAttention,
} from './workloads/kernels/attention.ts';
export { type CollectiveParams, estimateCollective } from './workloads/kernels/collectives.ts';
export { estimateGemm, type GemmParams } from './workloads/kernels/gemm.ts';
export { estimateHpcFp64, type HpcFp64Params } from './workloads/kernels/hpc-fp64.ts';
export { estimateStream, type StreamParams } from './workloads/kernels/stream.ts';
export { kvCacheBytes, modelWeightBytes } from './workloads/llm/models/costs.ts';
export { KV_DTYPES, type KvDtype, WEIGHT_DTYPES, type WeightDtype } from './workloads/llm/models/dtypes.ts';
export { loadModelConfigFile, modelSpecFromHfConfig } from './workloads/llm/models/hf-config.ts';
export { MODEL_PRESET_IDS, MODEL_PRESETS, type ModelPreset } from './workloads/llm/models/presets/index.ts';
export { resolveModelSpec } from './workloads/llm/models/resolve.ts';
export type { ModelSpec } from './workloads/llm/models/types.ts';
export { type ParallelLayout, type ParallelParams, resolveLayout } from './workloads/llm/parallel-layout.ts';
export { type PassShape, passSecAt } from './workloads/llm/pass.ts';
export { type PassSetup, passSetup } from './workloads/llm/pass-setup.ts';
export {
  estimateLlmDecode,
  estimateLlmPrefill,
  type LlmDecodeParams,
  type LlmPrefillParams,
} from './workloads/llm/prefill-decode.ts';
export { estimateLlmServing, type LlmServingParams } from './workloads/llm/serving.ts';
export {
  batchForTargetTpot,
  maxBatchPerGpu,
  type ServingMemory,
  type ServingShape,
  type ServingTimes,
  servingMemory,
  servingNeededBytes,
  servingTimes,
} from './workloads/llm/serving-model.ts';
export { estimateTraining, TRAINING_PRECISIONS, type TrainingParams } from './workloads/llm/training.ts';
export {
  type ParamSpec,
  type ParamsOf,
  type ParamValue,
  type ParamValueOf,
  parseBytes,
  parseParams,
} from './workloads/params.ts';
export { createWorkloadRegistry, type WorkloadRegistry } from './workloads/registry.ts';
export type {
  AnyWorkload,
  ParsedParams,
  TypedWorkload,
  WorkloadDefinition,
  WorkloadInfo,
} from './workloads/types.ts';
