/**
 * Workload parameters: each is declared once, with its key (the library's name) and its flag (the CLI's),
 * and parsed from CLI strings or API values at the boundary.
 *
 * Errors name the parameter by key through `msg` and `param` (see `../errors.ts`): `m must be a positive
 * integer (got "0")` from the library, `--m must be a positive integer (got "0")` from the CLI, which maps
 * each key to its spec's flag. Workload code does the same for its own checks:
 * `` throw new UserError(msg`${param('kvHeads')} ${kvHeads} must divide ${param('heads')} ${heads}`) ``.
 *
 * The parsed params type comes from the specs: declare them `as const satisfies readonly ParamSpec[]` and
 * take `ParamsOf<typeof SPECS>` (choice: the union of its choices; integer, number, bytes: number;
 * integer-or-max: number | 'max'; flag: boolean; string: string). `parseParams` returns that type.
 * @module
 */
import { type Message, msg, param, UserError } from '../errors.ts';
import { MAX_EXCERPT_CHARS, printable } from '../util/read-input.ts';
import { closest } from '../util/suggest.ts';

/** A parsed parameter value. */
export type ParamValue = number | string | boolean;

/**
 * How a parameter is read. `bytes` accepts `4096`, `1e9`, `16MB`, `8GiB`. `integer-or-max` is an integer
 * (parsed to a number, so sweeps take ranges of it) or the word `max` (parsed to `'max'`).
 */
export type ParamKind = 'integer' | 'integer-or-max' | 'number' | 'bytes' | 'choice' | 'flag' | 'string';

/** Kinds whose values are numbers (an `integer-or-max` value is a number unless it is `max`). */
export function isNumericKind(kind: ParamKind): boolean {
  return kind === 'integer' || kind === 'integer-or-max' || kind === 'number' || kind === 'bytes';
}

/** Kinds whose numbers are integers. */
export function isIntegerKind(kind: ParamKind): boolean {
  return kind === 'integer' || kind === 'integer-or-max';
}

/** One workload parameter. */
export interface ParamSpec {
  /** Key in the params object, camelCase, e.g. `gpusCount`. */
  readonly key: string;
  /** CLI flag, e.g. `--gpus-count`. */
  readonly flag: string;
  /** Other flags accepted for the same parameter, e.g. `--num-gpus`. */
  readonly aliases?: readonly string[];
  readonly description: string;
  readonly kind: ParamKind;
  readonly choices?: readonly string[];
  /** Used when the parameter is not given; no default means required. */
  readonly default?: ParamValue;
  /** Smallest allowed value for integer kinds (default: 1); for `number`, 0 allows 0 (default: > 0). */
  readonly min?: number;
  /**
   * The error given when the parameter is given to a workload that refuses it (a flag of a shared vocabulary
   * that makes no sense here, e.g. the reason and what to give instead); a refused parameter has no value and
   * is not in the parsed params.
   */
  readonly refused?: Message;
}

/** The parsed value of a parameter of kind `K` whose choices are `C`. Distributes over a union of kinds. */
type ValueOfKind<K extends ParamKind, C> = K extends 'choice'
  ? C
  : K extends 'flag'
    ? boolean
    : K extends 'string'
      ? string
      : K extends 'integer-or-max'
        ? number | 'max'
        : number;

/** The parsed value of one spec: a choice's union of choices, a flag's boolean, a number otherwise. */
export type ParamValueOf<S extends ParamSpec> = ValueOfKind<
  S['kind'],
  S extends { readonly choices: readonly (infer C)[] } ? C : string
>;

/**
 * The parsed params object of a spec list declared `as const satisfies readonly ParamSpec[]`: one member per
 * spec, keyed by its key. Over a plain `ParamSpec[]` it is a record of {@link ParamValue}s.
 */
export type ParamsOf<Specs extends readonly ParamSpec[]> = {
  readonly [S in Specs[number] as S extends { readonly refused: Message }
    ? never
    : S['key']]: ParamValueOf<S>;
};

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

const numberText = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number from a plain decimal string or a number; NaN otherwise. */
function toNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string' || !numberText.test(raw.trim())) return Number.NaN;
  return Number(raw.trim());
}

/** Bytes from `4096`, `1e9`, `16MB`, `8GiB` (decimal and binary units). NaN when malformed. */
export function parseBytes(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return Number.NaN;
  const match = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  if (!match) return Number.NaN;
  const unit = (match[2] ?? '').toLowerCase();
  const factor = unit === '' ? 1 : Object.hasOwn(UNITS, unit) ? UNITS[unit] : undefined;
  return factor === undefined ? Number.NaN : Number(match[1]) * factor;
}

/**
 * Largest `number` or `bytes` value (1e18: an exabyte, 1e6x any real message, array or token count). Above
 * it sizes such as `--bytes 1e308` overflow to Infinity in the model (3 arrays of 1e308 bytes).
 */
export const MAX_PARAM_VALUE = 1e18;

/** A positive number up to {@link MAX_PARAM_VALUE} (not NaN, not Infinity). */
const isPositive = (value: number) => value > 0 && value <= MAX_PARAM_VALUE;

/** A safe integer (|value| < 2^53) of at least `min`. */
const isIntegerFrom = (value: number, min: number) => Number.isSafeInteger(value) && value >= min;

/** Known keys per spec list (a workload definition's `params`), built once. */
const knownKeys = new WeakMap<readonly ParamSpec[], ReadonlySet<string>>();
function knownKeysOf(specs: readonly ParamSpec[]): ReadonlySet<string> {
  let known = knownKeys.get(specs);
  if (!known) {
    known = new Set(specs.map((s) => s.key));
    knownKeys.set(specs, known);
  }
  return known;
}

function fail(spec: ParamSpec, raw: unknown, what: string): never {
  throw new UserError(
    msg`${param(spec.key, { allNames: true })} must be ${what} (got ${printable(String(JSON.stringify(raw)), MAX_EXCERPT_CHARS)})`,
  );
}

/** Parse one value against its spec. */
export function parseParam(spec: ParamSpec, raw: unknown): ParamValue {
  switch (spec.kind) {
    case 'flag':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      return fail(spec, raw, 'true or false');
    case 'string':
      if (typeof raw === 'string') return raw;
      return fail(spec, raw, 'a string');
    case 'choice': {
      const choices = spec.choices ?? [];
      if (typeof raw === 'string' && choices.includes(raw)) return raw;
      const near = typeof raw === 'string' ? closest(raw, choices) : [];
      return fail(
        spec,
        raw,
        `one of ${choices.join(', ')}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
      );
    }
    case 'integer': {
      const value = toNumber(raw);
      const min = spec.min ?? 1;
      if (!isIntegerFrom(value, min)) {
        return fail(spec, raw, min === 1 ? 'a positive integer' : `an integer >= ${min}`);
      }
      return value;
    }
    case 'integer-or-max': {
      if (typeof raw === 'string' && raw.trim().toLowerCase() === 'max') return 'max';
      const value = toNumber(raw);
      const min = spec.min ?? 1;
      if (!isIntegerFrom(value, min)) {
        return fail(spec, raw, `${min === 1 ? 'a positive integer' : `an integer >= ${min}`} or "max"`);
      }
      return value;
    }
    case 'number': {
      const value = toNumber(raw);
      if (spec.min === 0 && value === 0) return value;
      if (!isPositive(value)) {
        return fail(spec, raw, `a ${spec.min === 0 ? 'number >= 0' : 'positive number'} up to 1e18`);
      }
      return value;
    }
    case 'bytes': {
      const value = parseBytes(raw);
      if (!isPositive(value))
        return fail(spec, raw, 'a positive size in bytes up to 1e18 (e.g. 4096, 16MB, 8GiB)');
      return value;
    }
  }
}

/**
 * Parse a raw params object (CLI strings or API values) against `specs`. Unknown keys and missing
 * required parameters are UserErrors naming the parameter.
 */
export function parseParams<const Specs extends readonly ParamSpec[]>(
  specs: Specs,
  raw: Readonly<Record<string, unknown>>,
  workload: string,
): ParamsOf<Specs> {
  const known = knownKeysOf(specs);
  for (const key of Object.keys(raw)) {
    if (raw[key] !== undefined && !known.has(key)) {
      const near = closest(key, [...known]);
      throw new UserError(
        `${workload}: unknown parameter "${printable(key, 80)}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
      );
    }
  }
  const out: Record<string, ParamValue> = {};
  for (const spec of specs) {
    const value = Object.hasOwn(raw, spec.key) ? raw[spec.key] : undefined;
    if (spec.refused !== undefined) {
      if (value !== undefined) throw new UserError(spec.refused);
      continue;
    }
    if (value === undefined) {
      if (spec.default === undefined)
        throw new UserError(msg`${workload}: ${param(spec.key)} is required (${spec.description})`);
      out[spec.key] = spec.default;
    } else {
      out[spec.key] = parseParam(spec, value);
    }
  }
  // Each member was parsed against the spec of its key: the shape ParamsOf<Specs> describes.
  return out as ParamsOf<Specs>;
}
