/**
 * Build a {@link ModelSpec} from a structural description: list each layer's weight matrices once per layer
 * group, then derive parameter counts, KV-cache size and flops per token. Pure and trusted: inputs come from
 * a validated config.
 * @module
 */
import type {
  AttentionSpec,
  FfnSpec,
  LayerGroup,
  LinearWeight,
  ModelFamily,
  ModelSpec,
  MoeFfn,
} from './types.ts';

/** What a config says about a model's structure, before anything is derived. */
export interface ModelArchitecture {
  readonly id: string;
  readonly family: ModelFamily;
  readonly source: string;
  readonly hiddenSize: number;
  readonly vocabSize: number;
  readonly maxContextTokens: number;
  readonly tiedEmbeddings: boolean;
  readonly attention: AttentionSpec;
  /** FFN kinds with how many layers use each, e.g. 3 dense + 58 MoE. */
  readonly layerFfns: readonly { readonly ffn: FfnSpec; readonly layerCount: number }[];
  /** Multi-token-prediction modules the checkpoint has (DeepSeek `num_nextn_predict_layers`). */
  readonly mtpModulesInConfig: number;
}

/** Options for {@link buildModelSpec}. */
export interface BuildOptions {
  /** Count DeepSeek's MTP modules in the parameters (they are ignored by default, as in published counts). */
  readonly includeMtp?: boolean;
}

function linear(
  name: LinearWeight['name'],
  part: LinearWeight['part'],
  inFeatures: number,
  outFeatures: number,
  copies = 1,
  copiesPerToken = 1,
  quantized = true,
): LinearWeight {
  return { name, part, inFeatures, outFeatures, copies, copiesPerToken, quantized };
}

interface Block {
  readonly linears: LinearWeight[];
  /** Norm weights and biases: small, kept in 16 bits. */
  readonly smallParams: number;
}

function attentionBlock(hiddenSize: number, a: AttentionSpec): Block {
  if (a.kind === 'mla') {
    const qHeadDim = a.qkNopeHeadDim + a.qkRopeHeadDim;
    const linears: LinearWeight[] = [];
    if (a.qLoraRank === null)
      linears.push(linear('q-proj', 'attention', hiddenSize, a.queryHeads * qHeadDim));
    else {
      linears.push(linear('q-a-proj', 'attention', hiddenSize, a.qLoraRank));
      linears.push(linear('q-b-proj', 'attention', a.qLoraRank, a.queryHeads * qHeadDim));
    }
    linears.push(linear('kv-a-proj', 'attention', hiddenSize, a.kvLoraRank + a.qkRopeHeadDim));
    linears.push(
      linear('kv-b-proj', 'attention', a.kvLoraRank, a.queryHeads * (a.qkNopeHeadDim + a.vHeadDim)),
    );
    linears.push(linear('o-proj', 'attention', a.queryHeads * a.vHeadDim, hiddenSize));
    // q_a_layernorm and kv_a_layernorm.
    return { linears, smallParams: (a.qLoraRank ?? 0) + a.kvLoraRank };
  }
  const qkvOut = (a.queryHeads + 2 * a.kvHeads) * a.headDim;
  return {
    linears: [
      linear('qkv-proj', 'attention', hiddenSize, qkvOut),
      linear('o-proj', 'attention', a.queryHeads * a.headDim, hiddenSize),
    ],
    smallParams: (a.qkvBias ? qkvOut : 0) + (a.oBias ? hiddenSize : 0) + (a.qkNorm ? 2 * a.headDim : 0),
  };
}

function moeBlock(hiddenSize: number, f: MoeFfn): Block {
  const linears = [
    linear('router', 'ffn', hiddenSize, f.routedExperts, 1, 1, false),
    linear(
      'expert-gate-up-proj',
      'ffn',
      hiddenSize,
      2 * f.expertIntermediateSize,
      f.routedExperts,
      f.expertsPerToken,
    ),
    linear(
      'expert-down-proj',
      'ffn',
      f.expertIntermediateSize,
      hiddenSize,
      f.routedExperts,
      f.expertsPerToken,
    ),
  ];
  if (f.sharedIntermediateSize > 0) {
    linears.push(linear('shared-gate-up-proj', 'ffn', hiddenSize, 2 * f.sharedIntermediateSize));
    linears.push(linear('shared-down-proj', 'ffn', f.sharedIntermediateSize, hiddenSize));
  }
  return { linears, smallParams: f.routerBias ? f.routedExperts : 0 };
}

function ffnBlock(hiddenSize: number, f: FfnSpec): Block {
  if (f.kind === 'moe') return moeBlock(hiddenSize, f);
  return {
    linears: [
      linear('gate-up-proj', 'ffn', hiddenSize, 2 * f.intermediateSize),
      linear('down-proj', 'ffn', f.intermediateSize, hiddenSize),
    ],
    smallParams: f.bias ? 2 * f.intermediateSize + hiddenSize : 0,
  };
}

const matrixParams = (l: LinearWeight) => l.inFeatures * l.outFeatures;

function layerGroup(
  hiddenSize: number,
  attention: AttentionSpec,
  ffn: FfnSpec,
  layerCount: number,
): LayerGroup {
  const attn = attentionBlock(hiddenSize, attention);
  const mlp = ffnBlock(hiddenSize, ffn);
  const linears = [...attn.linears, ...mlp.linears];
  // Input and post-attention RMSNorm weights.
  const smallParams = attn.smallParams + mlp.smallParams + 2 * hiddenSize;
  let quantized = 0;
  let unquantized = smallParams;
  let active = smallParams;
  let attentionProjFlopsPerToken = 0;
  let ffnFlopsPerToken = 0;
  let paramsPerExpert = 0;
  for (const l of linears) {
    const stored = matrixParams(l) * l.copies;
    if (l.quantized) quantized += stored;
    else unquantized += stored;
    active += matrixParams(l) * l.copiesPerToken;
    const flops = 2 * matrixParams(l) * l.copiesPerToken;
    if (l.part === 'attention') attentionProjFlopsPerToken += flops;
    else ffnFlopsPerToken += flops;
    if (l.copies > 1) paramsPerExpert += matrixParams(l);
  }
  return {
    layerCount,
    ffn,
    linears,
    paramsPerLayer: quantized + unquantized,
    activeParamsPerLayer: active,
    quantizedParamsPerLayer: quantized,
    unquantizedParamsPerLayer: unquantized,
    paramsPerExpert,
    attentionProjFlopsPerToken,
    ffnFlopsPerToken,
  };
}

function attentionFlopsPerQueryKey(a: AttentionSpec): { prefill: number; decode: number } {
  if (a.kind !== 'mla') {
    const perPair = 2 * a.queryHeads * a.headDim * 2;
    return { prefill: perPair, decode: perPair };
  }
  return {
    prefill: 2 * a.queryHeads * (a.qkNopeHeadDim + a.qkRopeHeadDim + a.vHeadDim),
    // Absorbed MLA: scores against the latent + rope key, values are the latent itself.
    decode: 2 * a.queryHeads * (a.kvLoraRank + a.qkRopeHeadDim + a.kvLoraRank),
  };
}

/** KV-cache elements one token adds to one layer. */
function kvElementsPerToken(a: AttentionSpec): number {
  return a.kind === 'mla' ? a.kvLoraRank + a.qkRopeHeadDim : 2 * a.kvHeads * a.headDim;
}

/**
 * Parameters of one DeepSeek MTP module: its two input norms, the `2h x h` projection, one transformer layer
 * shaped like the last layer group, and the shared head's norm. Embedding and head are shared with the main
 * model and not counted again.
 */
function mtpModuleParams(hiddenSize: number, last: LayerGroup): { total: number; active: number } {
  const own = 3 * hiddenSize + 2 * hiddenSize * hiddenSize;
  return { total: own + last.paramsPerLayer, active: own + last.activeParamsPerLayer };
}

/** Derive every cost quantity of a model once. */
export function buildModelSpec(arch: ModelArchitecture, options: BuildOptions = {}): ModelSpec {
  const { hiddenSize, vocabSize, attention } = arch;
  const layerGroups = arch.layerFfns
    .filter((g) => g.layerCount > 0)
    .map((g) => layerGroup(hiddenSize, attention, g.ffn, g.layerCount));
  const layerCount = layerGroups.reduce((n, g) => n + g.layerCount, 0);
  const embedding = vocabSize * hiddenSize;
  const lmHead = arch.tiedEmbeddings ? 0 : vocabSize * hiddenSize;
  const finalNorm = hiddenSize;
  const mtpModules = options.includeMtp ? arch.mtpModulesInConfig : 0;
  const lastGroup = layerGroups[layerGroups.length - 1];
  const mtp = mtpModules > 0 && lastGroup ? mtpModuleParams(hiddenSize, lastGroup) : { total: 0, active: 0 };
  let total = embedding + lmHead + finalNorm + mtpModules * mtp.total;
  let active = embedding + lmHead + finalNorm + mtpModules * mtp.active;
  let layerFlops = 0;
  for (const g of layerGroups) {
    total += g.layerCount * g.paramsPerLayer;
    active += g.layerCount * g.activeParamsPerLayer;
    layerFlops += g.layerCount * (g.attentionProjFlopsPerToken + g.ffnFlopsPerToken);
  }
  const lmHeadFlopsPerToken = 2 * hiddenSize * vocabSize;
  return {
    id: arch.id,
    family: arch.family,
    source: arch.source,
    layerCount,
    hiddenSize,
    vocabSize,
    maxContextTokens: arch.maxContextTokens,
    tiedEmbeddings: arch.tiedEmbeddings,
    attention,
    layerGroups,
    params: { total, active, embedding, lmHead, mtp: mtpModules * mtp.total },
    mtpModules,
    mtpModulesInConfig: arch.mtpModulesInConfig,
    kvElementsPerTokenPerLayer: kvElementsPerToken(attention),
    linearFlopsPerToken: layerFlops + lmHeadFlopsPerToken,
    lmHeadFlopsPerToken,
    attentionFlopsPerQueryKeyPerLayer: attentionFlopsPerQueryKey(attention),
  };
}
