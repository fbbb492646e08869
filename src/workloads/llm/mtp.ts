/**
 * Multi-token prediction in decode (DeepSeek-V3's MTP module used as a speculative drafter, as SGLang and
 * DeepSeek's own service run it): each decode step verifies one drafted token per sequence beside the real
 * one (the main model's pass sees 2 new tokens per sequence), and the MTP module drafts the next one. A step
 * yields `1 + acceptance` tokens per sequence on average.
 *
 * The MTP module is one transformer layer of the model's last layer group plus a projection and the shared
 * LM head: it is costed as one average layer of the decode pass (a 1-token pass's time without its LM head,
 * over the layer count) plus the LM head.
 * @module
 */
import { msg, param, UserError } from '../../errors.ts';
import { addBreakdownRow, newBreakdown } from '../../model/estimate.ts';
import { type OpTimeRangeOut, opTimeRangeInto, opTimeSec } from '../../model/roofline.ts';
import type { Scenario } from '../../model/types.ts';
import type { ParamSpec } from '../params.ts';
import { lmHeadCost } from './attention-head-ops.ts';
import type { ModelSpec } from './models/types.ts';
import {
  evaluatePass,
  ONCE,
  type PassShape,
  type PassSink,
  type PassWeights,
  passSecAt,
  zeroTotals,
} from './pass.ts';
import type { PassSetup } from './pass-setup.ts';

/**
 * DeepSeek-V3 report (arXiv 2412.19437) section 5.4.3: "the acceptance rate of the second token prediction
 * ranges between 85% and 90% across various generation topics"; the lower end is the default.
 */
export const MTP_PUBLISHED_ACCEPTANCE = 0.85;

/** The decode parameters of multi-token prediction. */
export const MTP_PARAMS = [
  {
    key: 'mtp',
    flag: '--mtp',
    description: 'multi-token prediction in decode (models with an MTP module, e.g. deepseek-v3): on|off',
    kind: 'choice',
    choices: ['on', 'off'],
    default: 'off',
  },
  {
    key: 'mtpAcceptance',
    flag: '--mtp-acceptance',
    description: `probability a drafted token is accepted (DeepSeek-V3 report: 0.85-0.90)`,
    kind: 'number',
    default: MTP_PUBLISHED_ACCEPTANCE,
  },
] as const satisfies readonly ParamSpec[];

/** Multi-token prediction as a decode step runs it. */
export interface MtpPlan {
  /** Tokens drafted per sequence and step (one MTP module: 1). */
  readonly draftTokens: number;
  readonly acceptance: number;
  /** Tokens a step yields per sequence on average: 1 + acceptance. */
  readonly tokensPerStep: number;
}

/** The MTP plan of the parameters, or null when off; errors name the parameter. */
export function resolveMtp(
  spec: ModelSpec,
  p: { readonly mtp: 'on' | 'off'; readonly mtpAcceptance: number },
): MtpPlan | null {
  if (p.mtp === 'off') return null;
  mtpModulesOf(spec);
  if (p.mtpAcceptance > 1) {
    throw new UserError(msg`${param('mtpAcceptance')} ${p.mtpAcceptance} is a probability: at most 1`);
  }
  return { draftTokens: 1, acceptance: p.mtpAcceptance, tokensPerStep: 1 + p.mtpAcceptance };
}

/** The model's MTP modules (`num_nextn_predict_layers`) with `mtp` on; none is an error naming `mtp`. */
export function mtpModulesOf(spec: ModelSpec): number {
  if (spec.mtpModulesInConfig === 0) {
    throw new UserError(
      msg`${param('mtp')} on: ${spec.id} has no multi-token-prediction module (num_nextn_predict_layers is 0)`,
    );
  }
  return spec.mtpModulesInConfig;
}

/** The decode pass a step with MTP runs: the real token and the drafted ones, per sequence. */
export function verifyPass(pass: PassShape, mtp: MtpPlan | null): PassShape {
  return mtp === null ? pass : { ...pass, newTokens: 1 + mtp.draftTokens };
}

/** The one-token decode pass the MTP module's cost is derived from (no two-batch overlap). */
function draftBase(pass: PassShape): PassShape {
  return {
    sequences: pass.sequences,
    newTokens: 1,
    priorTokens: pass.priorTokens,
    decode: true,
    twoBatchOverlap: false,
  };
}

/** One MTP draft's time in `scenario`, seconds: one average layer of the 1-token pass plus the LM head. */
export function mtpDraftSecAt(setup: PassSetup, pass: PassShape, scenario: Scenario): number {
  const base = draftBase(pass);
  const head = opTimeSec(lmHeadCost(setup.plan, base.sequences), setup.bf16.byScenario[scenario]);
  return (passSecAt(setup, base, scenario) - head) / setup.spec.layerCount + head;
}

/**
 * Add the MTP module's drafts of `weights.ops` steps to `sink`: one row, `mtp draft module xN`, whose
 * flops, bytes and times are one average layer of the 1-token pass plus its LM head.
 */
export function addMtpDraft(setup: PassSetup, pass: PassShape, weights: PassWeights, sink: PassSink): void {
  const base = draftBase(pass);
  const rows = newBreakdown();
  const totals = zeroTotals();
  evaluatePass(setup, base, ONCE, { rows, style: sink.style, totals, ops: null });
  let flops = 0;
  let bytes = 0;
  for (const r of rows.rows) {
    flops += r.flops;
    bytes += r.bytes;
  }
  const head = lmHeadCost(setup.plan, base.sequences);
  const headSec = headScratch;
  opTimeRangeInto(head, setup.bf16.byScenario, headSec);
  const layers = setup.spec.layerCount;
  const one = (total: number, headPart: number) => (total - headPart) / layers + headPart;
  const nominal = one(totals.nominalSec, headSec.nominalSec);
  const optimistic = one(totals.optimisticSec, headSec.optimisticSec);
  const pessimistic = one(totals.pessimisticSec, headSec.pessimisticSec);
  const n = weights.ops;
  for (const t of sink.ops === null ? [sink.totals] : [sink.totals, sink.ops]) {
    t.nominalSec += nominal * n;
    t.optimisticSec += optimistic * n;
    t.pessimisticSec += pessimistic * n;
  }
  addBreakdownRow(
    sink.rows,
    `${sink.style.prefix}mtp draft module x${weights.labelTimes}`,
    one(flops, head.flops) * n,
    one(bytes, head.bytes) * n,
    nominal * n,
    rows.bound,
  );
}

const headScratch: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'memory' };

/** The assumption line of MTP. */
export function mtpAssumption(mtp: MtpPlan): string {
  return `multi-token prediction (mtp on): each decode step verifies ${mtp.draftTokens} drafted token per sequence beside the real one and drafts the next with the MTP module (costed as one average layer plus the LM head); ${mtp.tokensPerStep.toFixed(2)} tokens per step at acceptance ${mtp.acceptance} (DeepSeek-V3 report: 0.85-0.90); the MTP module's weights are not counted in memory`;
}
