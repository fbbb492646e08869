/**
 * The classification document (`tppbench classify --json`), version 1:
 *
 * `{ schemaVersion: 1, kind: 'tppbench-classification', rules, custom, profiles: [ { gpuId, name, tpp,
 * tppPrecision, pd, datacenter, verdicts } ] }`. `custom` is the what-if rule, or null without one.
 * @module
 */
import { z } from 'zod';
import type { ClassifyReport } from '../api/classify.ts';
import { type DeepReadonly, finite, regulatoryProfileSchema } from './common.ts';

/** Current version of the document. */
export const CLASSIFICATION_SCHEMA_VERSION = 1;

/** A what-if rule; the bandwidth cap is in bytes/s. */
export const customRuleSchema = z.strictObject({
  minTpp: finite,
  minPd: finite.optional(),
  maxDramBandwidthBytesPerSec: finite.optional(),
});

/** The whole document. */
export const classificationDocumentSchema = z.strictObject({
  schemaVersion: z.literal(CLASSIFICATION_SCHEMA_VERSION),
  kind: z.literal('tppbench-classification'),
  /** The rule ids every profile has a verdict for. */
  rules: z.array(z.string()),
  custom: customRuleSchema.nullable(),
  profiles: z.array(regulatoryProfileSchema),
});

/** The document type. */
export type ClassificationDocument = DeepReadonly<z.output<typeof classificationDocumentSchema>>;

/** Build the document from a `classifyParts` report. */
export function classificationDocument(report: ClassifyReport): ClassificationDocument {
  return { schemaVersion: CLASSIFICATION_SCHEMA_VERSION, kind: 'tppbench-classification', ...report };
}
