/**
 * Schema parts shared by the JSON documents: finite numbers, the binding resource, the tool stamp, sourced
 * catalog facts and the regulatory profile (TPP, PD, a verdict per rule).
 *
 * Every document is `{ schemaVersion, kind, ... }` and validates as the JSON text reads back: `NaN` and
 * `Infinity` have become `null`, and members whose value was `undefined` are gone. Objects are strict, so
 * a field the library adds without adding it here fails the document tests; new fields are optional when
 * older documents lack them (the contract: add fields, never change them; `schemaVersion` stays 1).
 * @module
 */
import { z } from 'zod';
import { PRECISIONS } from '../hardware/types.ts';
import { RULE_IDS } from '../regulation/types.ts';

/** A finite number (JSON has no NaN or Infinity). */
export const finite = z.number().finite();

/** The binding resource of an estimate. */
export const boundSchema = z.enum(['compute', 'memory', 'interconnect', 'capacity']);

/** A workload parameter value. */
export const paramValueSchema = z.union([finite, z.string(), z.boolean()]);

/** `tool: { name: 'tppbench', version }`. */
export const toolSchema = z.strictObject({ name: z.literal('tppbench'), version: z.string() });

/** The `tool` member of a document. */
export const toolStamp = (version: string) => ({ name: 'tppbench' as const, version });

/** A catalog fact with its provenance; `value` null when it is not known. */
export const sourcedSchema = <T extends z.ZodType>(inner: T) =>
  z.strictObject({ value: inner.nullable(), source: z.string(), verified: z.boolean() });

/** A catalog fact every GPU has: `value` is never null. */
export const knownSchema = <T extends z.ZodType>(inner: T) =>
  z.strictObject({ value: inner, source: z.string(), verified: z.boolean() });

const ruleId = z.enum([...RULE_IDS, 'custom']);

/** One threshold test. */
export const checkSchema = z.strictObject({
  clause: z.string(),
  quantity: z.enum(['tpp', 'pd', 'io-gbps', 'dram-gbps']),
  value: finite.nullable(),
  threshold: finite,
  comparison: z.enum(['>=', '<']),
  passed: z.boolean().nullable(),
  margin: finite.nullable(),
});

/** A rule's verdict. */
export const verdictSchema = z.strictObject({
  rule: ruleId,
  status: z.enum([
    'controlled',
    'not-controlled',
    'excluded-note-2',
    'eligible-case-by-case',
    'presumption-of-denial',
    'indeterminate',
  ]),
  clause: z.string().nullable(),
  checks: z.array(checkSchema),
  summary: z.string(),
});

/** TPP, PD and a verdict under every built-in rule (and the what-if rule when one was given). */
export const regulatoryProfileSchema = z.strictObject({
  gpuId: z.string(),
  name: z.string(),
  tpp: finite.nullable(),
  tppPrecision: z.enum(PRECISIONS).nullable(),
  pd: finite.nullable(),
  datacenter: z.boolean().nullable(),
  /** Keyed by rule id; `custom` only when a what-if rule was given. */
  verdicts: z.partialRecord(ruleId, verdictSchema),
});

/**
 * A document type as the library builds it: every member read-only, so the library's read-only data is
 * the document itself, not a copy.
 */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
