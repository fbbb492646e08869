/** Regulation scoring speed: classifying the whole catalog, against a plain TPP computation. */
import { BUILT_IN_GPUS } from '../src/hardware/catalog.ts';
import { regulatoryProfile, totalProcessingPerformance } from '../src/regulation/index.ts';
import { type BenchFile, opsPerSecond } from './harness.ts';

const bench: BenchFile = async () => [
  {
    name: 'tpp of one gpu',
    unit: 'ops/s',
    higherIsBetter: true,
    samples: opsPerSecond(() => totalProcessingPerformance(BUILT_IN_GPUS[0]!)),
  },
  {
    name: 'full profile of one gpu (3 rules)',
    unit: 'ops/s',
    higherIsBetter: true,
    baseline: 'tpp of one gpu',
    samples: opsPerSecond(() => regulatoryProfile(BUILT_IN_GPUS[0]!)),
  },
];
export default bench;
