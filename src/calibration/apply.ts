/**
 * Apply a user calibration file to the catalog: the GPU it names carries the fitted constants
 * (`GpuSpec.calibration`), which the model then uses for that GPU (model/calibration.ts, resources.ts) and
 * which travel with the GPU into sweep workers. The CLI's `--calibration` installs it for one command
 * ({@link useCalibrationFile}); library users call {@link calibrateCatalog}.
 * @module
 */
import { type Catalog, createCatalog, installCatalogTransform, loadCatalog } from '../hardware/catalog.ts';
import { printable } from '../util/read-input.ts';
import { type CalibrationDocument, gpuCalibrationOf, readCalibrationFile } from './calibration-document.ts';

/**
 * `catalog` with the GPU that `document` (read from `file`) calibrates carrying it; the same catalog when
 * that GPU is not in it.
 */
export function calibrateCatalog(catalog: Catalog, document: CalibrationDocument, file: string): Catalog {
  const gpu = catalog.find(document.gpu);
  if (gpu === undefined) return catalog;
  const calibrated = { ...gpu, calibration: gpuCalibrationOf(document, file) };
  return createCatalog(catalog.gpus.map((g) => (g.id === gpu.id ? calibrated : g)));
}

/** What a command's options say about the GPUs it estimates. */
export interface CalibrationUse {
  readonly gpuFile?: string | undefined;
  /** The GPUs the command names (`--gpu`, `--gpus`); undefined when it chooses its own. */
  readonly gpus?: readonly string[] | undefined;
}

/**
 * Read the calibration file at `path` (a UserError naming it and the field when it is not a valid
 * calibration document) and install it, so that every catalog loaded afterwards in this process carries
 * it. Returns warnings: the calibrated GPU is not in the catalog, or not among the GPUs the command names.
 */
export function useCalibrationFile(path: string, use: CalibrationUse = {}): string[] {
  const document = readCalibrationFile(path);
  const file = printable(path);
  const warnings: string[] = [];
  const catalog = loadCatalog({ gpuFile: use.gpuFile });
  const gpu = catalog.find(document.gpu);
  if (gpu === undefined) {
    warnings.push(
      `${file} calibrates GPU "${printable(document.gpu, 80)}", which is not in the catalog: ignored`,
    );
  } else if (use.gpus !== undefined && !use.gpus.some((id) => catalog.find(id)?.id === gpu.id)) {
    warnings.push(
      `${file} calibrates ${gpu.id}, which this command does not estimate: its estimates are not calibrated`,
    );
  }
  const memo = new WeakMap<Catalog, Catalog>();
  installCatalogTransform((c) => {
    const hit = memo.get(c);
    if (hit) return hit;
    const made = calibrateCatalog(c, document, file);
    memo.set(c, made);
    return made;
  });
  return warnings;
}
