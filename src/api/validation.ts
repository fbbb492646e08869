/**
 * The model against its calibration points (`npm run validate` prints the same residuals in full): each
 * GEMM, STREAM and NCCL point with its measured figure, the model's and the error, for reports.
 * @module
 */
import { BUILT_IN_GPUS, createCatalog } from '../hardware/catalog.ts';
import { COLLECTIVE_POINTS } from '../model/data/collective-points.ts';
import { COLLECTIVE_FIT, COMPUTE_FIT, MEMORY_FIT } from '../model/data/fitted.ts';
import { GEMM_POINTS } from '../model/data/gemm-points.ts';
import { MEMORY_POINTS } from '../model/data/memory-points.ts';
import { collectiveResiduals } from '../model/fit/collective-fit.ts';
import { gemmResiduals } from '../model/fit/gemm-fit.ts';
import { memoryResiduals } from '../model/fit/memory-fit.ts';
import type { ValidationRow } from '../report/report-data.ts';

/** Where every calibration point's conditions and source URL are recorded. */
const POINTS_FILE = 'shared/reference/microbenchmarks.json';

/** Every calibration point against the fitted model, GEMM then memory then collectives. */
export function validationRows(): ValidationRow[] {
  const catalog = createCatalog(BUILT_IN_GPUS);
  const gpuOf = (id: string) => catalog.get(id);
  const source = (id: string) => ({ label: `${POINTS_FILE}: ${id}`, url: null });
  return [
    ...gemmResiduals(GEMM_POINTS, gpuOf, COMPUTE_FIT, MEMORY_FIT).map((r) => ({
      group: 'GEMM',
      id: r.id,
      measured: r.measuredTflops,
      modelled: r.predictedTflops,
      unit: 'TFLOP/s',
      error: r.relativeError,
      source: source(r.id),
    })),
    ...memoryResiduals(MEMORY_POINTS, gpuOf, MEMORY_FIT).map((r) => ({
      group: 'memory',
      id: r.id,
      measured: r.measuredEfficiency,
      modelled: r.fittedEfficiency,
      unit: 'of peak bandwidth',
      error: r.relativeError,
      source: source(r.id),
    })),
    ...collectiveResiduals(COLLECTIVE_POINTS, gpuOf, COLLECTIVE_FIT).map((r) => ({
      group: 'collective',
      id: r.id,
      measured: r.measuredBusBandwidthBytesPerSec / 1e9,
      modelled: r.predictedBusBandwidthBytesPerSec / 1e9,
      unit: 'GB/s bus',
      error: r.relativeError,
      source: source(r.id),
    })),
  ];
}
