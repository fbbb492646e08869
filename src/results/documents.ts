/**
 * Every JSON document tppbench writes, by `kind`, with its schema. Each document is
 * `{ schemaVersion, kind, ... }`, built in its own module here (`gpus.ts`, `classification.ts`,
 * `estimates.ts`, `sweep.ts`, `inversions.ts`, `local-profile.ts`, `bench-results.ts`, `report.ts`) and
 * nowhere else.
 * Versions change only on an incompatible change: new fields are added, old ones are not changed.
 * @module
 */
import type { z } from 'zod';
import { calibrationDocumentSchema } from '../calibration/calibration-document.ts';
import { probeDocumentSchema } from '../calibration/probe-document.ts';
import { UserError } from '../errors.ts';
import { printable } from '../util/read-input.ts';
import { parseWith } from '../util/schema.ts';
import { benchResultsSchema } from './bench-results.ts';
import { classificationDocumentSchema } from './classification.ts';
import { estimatesDocumentSchema } from './estimates.ts';
import { gpusDocumentSchema } from './gpus.ts';
import { inversionsDocumentSchema } from './inversions.ts';
import { localProfileDocumentSchema } from './local-profile.ts';
import { reportDocumentSchema } from './report.ts';
import { sweepDocumentSchema } from './sweep.ts';

/** The schema of each document kind. */
export const DOCUMENT_SCHEMAS = {
  /** `tppbench gpus --json` */
  'tppbench-gpus': gpusDocumentSchema,
  /** `tppbench classify --json` */
  'tppbench-classification': classificationDocumentSchema,
  /** `tppbench estimate --json`, `tppbench compare --json` */
  'tppbench-estimates': estimatesDocumentSchema,
  /** `tppbench sweep --json`, `--out file.json` */
  'tppbench-sweep': sweepDocumentSchema,
  /** `tppbench inversions --json` */
  'tppbench-inversions': inversionsDocumentSchema,
  /** `tppbench profile <results> --json` */
  'tppbench-local-profile': localProfileDocumentSchema,
  /** `tppbench run --json`, `--out` */
  'tppbench-results': benchResultsSchema,
  /** `tppbench report --format json`; `--format json` on `compare`, `inversions`, `sweep` */
  'tppbench-report': reportDocumentSchema,
  /** `python3 probe.py out.json` (the script of `tppbench probe --script`) */
  'tppbench-probe': probeDocumentSchema,
  /** `tppbench calibrate --out` */
  'tppbench-calibration': calibrationDocumentSchema,
} as const;

/** A document kind. */
export type DocumentKind = keyof typeof DOCUMENT_SCHEMAS;
/** Any tppbench document, as its schema reads it. */
export type TppbenchDocument = z.output<(typeof DOCUMENT_SCHEMAS)[DocumentKind]>;

/** The document kinds, in the order above. */
export const DOCUMENT_KINDS = Object.keys(DOCUMENT_SCHEMAS) as DocumentKind[];

/**
 * Validate any tppbench document against the schema of its `kind`; errors name `label` and the field (an
 * unknown kind names the kinds).
 */
export function parseDocument(data: unknown, label: string): TppbenchDocument {
  const kind = typeof data === 'object' && data !== null ? (data as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string' || !Object.hasOwn(DOCUMENT_SCHEMAS, kind)) {
    throw new UserError(`${printable(label)}: kind must be one of ${DOCUMENT_KINDS.join(', ')}`);
  }
  return parseWith(DOCUMENT_SCHEMAS[kind as DocumentKind], data, label);
}
