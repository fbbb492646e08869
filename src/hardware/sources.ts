/**
 * Source keys cited by the catalog, with quality: P primary (vendor, paper, official log), S reputable
 * secondary, W weak aggregator. Compiled from ../shared/reference/gpu-specs.md, where each is discussed.
 * @module
 */

/** One cited source. */
export interface SourceRef {
  readonly title: string;
  /** `null` where the reference gives no address. */
  readonly url: string | null;
  readonly quality: 'P' | 'S' | 'W';
}

/** Every key a catalog `source` string may start with. */
export const SOURCES: Readonly<Record<string, SourceRef>> = {
  'NV-H100ds': {
    title: 'NVIDIA H100 datasheet (hpctech reproduction)',
    url: 'https://archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html',
    quality: 'S',
  },
  GK: {
    title: 'Glenn Lockwood, H100 dense throughput table',
    url: 'https://glennklockwood.com/garden/processors/h100',
    quality: 'S',
  },
  PH: {
    title: 'prohardver.hu, final H100 specification table',
    url: 'https://prohardver.hu/hir/nvidia_reszletezte_h100_gyorsitok_specifikacio.html',
    quality: 'S',
  },
  PB: {
    title: 'NVIDIA H100 PCIe product brief PB-11133-001',
    url: 'https://manuals.plus/m/56b0c3ef7d0a1c470c0af8f05a0bd1f29a778007472ba941201fbbb185c9bccd',
    quality: 'P',
  },
  CnC: {
    title: "Chips and Cheese, Nvidia's H100: Funny L2 and tons of bandwidth",
    url: 'https://chipsandcheese.com/2023/07/02/nvidias-h100-funny-l2-and-tons-of-bandwidth/',
    quality: 'S',
  },
  MLE: {
    title: 'stas00/ml-engineering accelerator README @744d01e',
    url: 'https://github.com/stas00/ml-engineering/blob/744d01e18b79512572f64a6bbd8b5f4a725203a7/compute/accelerator/README.md',
    quality: 'S',
  },
  'LMSYS-H20': {
    title: 'LMSYS blog 2025-09-26 (Ant Group), H20 vs H800 spec table',
    url: null,
    quality: 'S',
  },
  'DS-V3': { title: 'DeepSeek-V3 technical report', url: 'https://arxiv.org/abs/2412.19437', quality: 'P' },
  'DS-ISCA': {
    title: 'Insights into DeepSeek-V3 (ISCA 2025)',
    url: 'https://arxiv.org/abs/2505.09343',
    quality: 'P',
  },
  'TPU-A100': {
    title: 'TechPowerUp A100 SXM4 page',
    url: 'https://www.techpowerup.com/gpu-specs/a100-sxm4-40-gb.c3506',
    quality: 'S',
  },
  UPB: {
    title: 'Paderborn PC2 wiki, NVIDIA A100 table',
    url: 'https://upb-pc2.atlassian.net/wiki/spaces/PC2DOK/pages/1900609/NVIDIA+A100+40GB+with+NVLINK',
    quality: 'S',
  },
  'Reuters-A800': {
    title: 'Reuters on the A800 (via eeNews Europe)',
    url: 'https://www.eenewseurope.com/en/nvidia-hobbles-a100-chip-to-meet-us-export-control-rules/',
    quality: 'S',
  },
  'H20-leak': {
    title: 'Nov-2023 leaked H20 spec table (zangshuxian / 1cnz / xfastest / wallstreetcn)',
    url: 'https://zangshuxian.com/new/674733024499207168',
    quality: 'S',
  },
  'TPU-L20': {
    title: 'TechPowerUp-derived L20 data (topcpu.net / technical.city)',
    url: 'https://www.topcpu.net/en/gpu-c/a40-pcie-vs-l20',
    quality: 'W',
  },
  DefTruth: {
    title: 'DefTruth CUDA-Learn-Notes, L20 theoretical peaks',
    url: 'https://github.com/DefTruth/CUDA-Learn-Notes',
    quality: 'S',
  },
  HMC: {
    title: 'hmc-tech.com GPU database',
    url: 'https://hmc-tech.com/gpus/nvidia-geforce-rtx-4090-vs-nvidia-geforce-rtx-5050',
    quality: 'W',
  },
  waredb: {
    title: 'waredb RTX 4090',
    url: 'https://waredb.com/processor/nvidia-geforce-rtx-4090',
    quality: 'W',
  },
  'TH-5090D': {
    title: "Tom's Hardware, RTX 5090D V2",
    url: 'https://www.tomshardware.com/pc-components/gpus/nvidia-rtx-5090d-v2-limits-ai-performance-even-more-with-25-percent-less-vram-and-bandwidth-downgraded-gaming-flagship-keeps-same-usd2299-msrp-in-china',
    quality: 'S',
  },
  'Guru3D-4090D': {
    title: 'Guru3D, RTX 4090D launch',
    url: 'https://www.guru3d.com/story/nvidia-launches-chinaexclusive-geforce-rtx-4090d-has-reduced-shader-cores/',
    quality: 'S',
  },
  'tomshw-4090D': {
    title: "Tom's Hardware Italy on the RTX 4090D",
    url: 'https://www.tomshw.it/hardware/anche-la-rtx-4090d-e-illegale-gli-usa-vietano-le-gpu-sopra-i-70-teraflops-in-cina-2024-04-04',
    quality: 'S',
  },
  gfxspeak: {
    title: 'gfxspeak, Lovelace (AD102) details',
    url: 'https://gfxspeak.com/featured/nvidias-latest-lovelace/',
    quality: 'S',
  },
  H200: {
    title: 'H200 secondary sources (lzwjava, geektopia, aiwiki)',
    url: 'https://aiwiki.ai/wiki/nvidia_h200',
    quality: 'S',
  },
  nvnexus: {
    title: 'nvnexus, B200 Blackwell deep dive',
    url: 'https://nvnexus.com/nvidia-b200-blackwell-architecture-data-center-deep-dive/',
    quality: 'S',
  },
  libertify: { title: 'RTX 5090 memory bandwidth (libertify)', url: null, quality: 'W' },
  issue: {
    title: 'tppbench issue #2 (the H20 141 GB / 4.8 TB/s variant named by the project)',
    url: null,
    quality: 'W',
  },
};
