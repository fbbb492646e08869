/**
 * The inversions document (`tppbench inversions --json`), version 1:
 *
 * `{ schemaVersion: 1, kind: 'tppbench-inversions', outcomes: [ { state, scenario, ... } ] }`: per scenario
 * of the catalogue, `evaluated` (each GPU's throughput and bound, and each restricted part against the
 * flagship), `unavailable` (its workload is not registered: `reason`) or `errored` (`error`).
 * @module
 */
import { z } from 'zod';
import type { ScenarioOutcome } from '../analysis/inversions-catalogue.ts';
import { PRECISIONS } from '../hardware/types.ts';
import { boundSchema, type DeepReadonly, finite } from './common.ts';

/** Current version of the document. */
export const INVERSIONS_SCHEMA_VERSION = 1;

/** A catalogue scenario, as data. */
export const inversionScenarioSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  workload: z.string().min(1),
  flags: z.record(z.string(), z.string()),
  scope: z.enum(['data-center', 'consumer']),
  gpus: z.tuple([z.string()], z.string()).optional(),
  computePrecision: z.enum(PRECISIONS),
  rationale: z.string(),
});

const gpuResult = z.strictObject({
  gpu: z.string(),
  name: z.string(),
  tpp: finite.nullable(),
  throughput: finite.nonnegative().nullable(),
  bound: boundSchema,
  fits: z.boolean(),
  memoryNeededBytes: finite.nonnegative(),
});

const matchup = z.strictObject({
  restricted: z.string(),
  flagship: z.string(),
  verdict: z.enum(['restricted-wins', 'flagship-wins', 'tie', 'neither-fits']),
  ratio: finite.nullable(),
  marginPct: finite.nullable(),
  binding: boundSchema.nullable(),
  why: z.string(),
});

/** One scenario's outcome. */
export const scenarioOutcomeSchema = z.discriminatedUnion('state', [
  z.strictObject({
    state: z.literal('evaluated'),
    scenario: inversionScenarioSchema,
    throughputMetric: z.string(),
    throughputUnit: z.string(),
    gpus: z.array(gpuResult),
    matchups: z.array(matchup),
  }),
  z.strictObject({ state: z.literal('unavailable'), scenario: inversionScenarioSchema, reason: z.string() }),
  z.strictObject({ state: z.literal('errored'), scenario: inversionScenarioSchema, error: z.string() }),
]);

/** The whole document. */
export const inversionsDocumentSchema = z.strictObject({
  schemaVersion: z.literal(INVERSIONS_SCHEMA_VERSION),
  kind: z.literal('tppbench-inversions'),
  outcomes: z.array(scenarioOutcomeSchema),
});

/** The document type. */
export type InversionsDocument = DeepReadonly<z.output<typeof inversionsDocumentSchema>>;

/** Build the document from the outcomes of `runInversionsCatalogue`. */
export function inversionsDocument(outcomes: readonly ScenarioOutcome[]): InversionsDocument {
  return { schemaVersion: INVERSIONS_SCHEMA_VERSION, kind: 'tppbench-inversions', outcomes };
}
