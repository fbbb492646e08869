/**
 * Compute beside communication kernels that hold SMs: the share of the SMs compute keeps, and what a slot
 * hides when its compute runs on that share for the whole slot.
 *
 * DeepEP's normal kernels run on 20 SMs, and the GEMMs overlapped with them are launched on the rest for as
 * long as the overlap lasts, not only while bytes move:
 * - DeepEP's maintainers (deepseek-ai/DeepEP issue 61): with `async_finish`, "internode kernels using 20 SMs,
 *   and GEMM on the computation uses 132 - 20 = 112 SMs"; the low-latency kernels hold no SM while in flight;
 * - DeepSeek's training profile (deepseek-ai/profile-data `train.json`): its fp8 GEMMs launch 112 blocks, and
 *   its DeepEP kernels stay resident on 20 SMs for 88% of the overlapped slot, spinning on their peers;
 * - SGLang's two-batch overlap sets DeepGEMM's SM count to the GPU's less DeepEP's for the whole overlapped
 *   prefill (`OperationsStrategy.deep_gemm_num_sms`), and leaves it alone for decode.
 * @module
 */
import { DEEPEP_NORMAL_COMM_SMS } from '../../model/data/deepep-points.ts';

/** The SM share compute keeps while DeepEP's normal kernels hold their SMs; 1 without an SM count. */
export function deepEpNormalShare(smCount: number | null): number {
  return smCount !== null && smCount > DEEPEP_NORMAL_COMM_SMS
    ? (smCount - DEEPEP_NORMAL_COMM_SMS) / smCount
    : 1;
}

/**
 * Communication hidden when a slot's `compute` runs on the SM share `s` for the whole slot while `comm` runs
 * on the rest: the slot takes `max(compute / s, comm)`, or `compute + comm` where that is shorter (the split
 * is tuned by hand, DeepSeek-V3 report section 3.2.1, so nobody splits where it loses). Never below zero,
 * never more than the compute or the communication; with `s` = 1 it is exactly `min(compute, comm)`.
 */
export function splitSlotHidden(compute: number, comm: number, s: number): number {
  const slot = compute / s;
  // Communication covers the slot: all the compute hides it (exact, not `compute + comm - comm`).
  if (comm >= slot) return compute;
  // comm - (slot - compute), not (compute + comm) - slot: exact at s = 1, where slot - compute is 0.
  return Math.min(comm, Math.max(0, comm - (slot - compute)));
}
