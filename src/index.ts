/**
 * The public API of tppbench. Everything the CLI does is a function here; the export list is curated and
 * snapshot-tested.
 * @module
 */

// Commands as functions
export {
  CLASSIFY_RULES,
  type ClassifyOptions,
  type ClassifyReport,
  classifyParts,
  type PartDescription,
} from './api/classify.ts';
export {
  GPU_SORT_FIELDS,
  type GpuSortField,
  type GpuSummary,
  type KeySpecs,
  type ListGpusOptions,
  listGpus,
  summarizeGpu,
} from './api/gpus.ts';
// Errors
export { isUserError, UserError, type UserErrorKind } from './errors.ts';
// Hardware catalog
export {
  BUILT_IN_GPUS,
  type Catalog,
  createCatalog,
  type LoadCatalogOptions,
  loadCatalog,
} from './hardware/catalog.ts';
export { gpuFileSchema } from './hardware/gpu-file.ts';
export { SOURCES, type SourceRef } from './hardware/sources.ts';
export {
  BIT_LENGTH,
  BYTES_PER_ELEMENT,
  type GpuSpec,
  PRECISIONS,
  type Precision,
  type Sourced,
  SPEC_FIELDS,
  type SpecField,
} from './hardware/types.ts';
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

// Renderers (pure: data -> string)
export { renderClassify } from './report/classify.ts';
export { renderGpuTable, verdictLabel } from './report/gpus.ts';
export { type Column, formatNumber, renderTable } from './report/table.ts';

// Utilities for tools built on tppbench
export { writeFileAtomic } from './util/atomic-write.ts';
export { packageRoot, packageVersion } from './util/package-info.ts';
