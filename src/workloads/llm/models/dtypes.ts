/**
 * Storage precisions for model weights and the KV cache, and their bytes per element.
 * @module
 */

/** Precisions weights can be stored in (the parameter `weightDtype`). */
export const WEIGHT_DTYPES = ['bf16', 'fp16', 'fp8', 'int4'] as const;
/** One of {@link WEIGHT_DTYPES}. */
export type WeightDtype = (typeof WEIGHT_DTYPES)[number];

/** Precisions the KV cache can be stored in (the parameter `kvDtype`). */
export const KV_DTYPES = ['bf16', 'fp16', 'fp8'] as const;
/** One of {@link KV_DTYPES}. */
export type KvDtype = (typeof KV_DTYPES)[number];

/**
 * Bytes per weight element of the quantized linear layers. int4 is 0.5 byte: group scales and zero points
 * (about 2/128 = 1.6% extra at group size 128 with fp16 scales) are not counted.
 */
export const BYTES_PER_WEIGHT: Readonly<Record<WeightDtype, number>> = {
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int4: 0.5,
};

/** Bytes per KV-cache element. fp8 scales (per tensor or per head) are not counted. */
export const BYTES_PER_KV_ELEMENT: Readonly<Record<KvDtype, number>> = {
  bf16: 2,
  fp16: 2,
  fp8: 1,
};

/**
 * Bytes per element of the tensors that stay in 16-bit whatever `weightDtype` says: the token embedding,
 * the LM head, norms and MoE routers. This follows common fp8 and int4 deployments (vLLM fp8, AWQ, GPTQ and
 * DeepSeek-V3's own fp8 checkpoint all keep the embedding and LM head in bf16).
 */
export const BYTES_PER_UNQUANTIZED_WEIGHT = 2;
