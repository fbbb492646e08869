/**
 * `npx tsx scripts/headline-estimates.ts`: the estimates of the end-to-end validation cases
 * (`scripts/validate-e2e.ts`, the published serving and training figures the README and docs/validation.md
 * compare with) as one `tppbench-estimates` document on stdout. `.ci/run` checks it with `tppbench check`
 * against `bench/baselines/headline-validation.json`, so a model change that moves one fails CI until the
 * baseline is written again in the same commit:
 *
 *   npx tsx scripts/headline-estimates.ts > bench/baselines/headline-validation.json
 */
import { estimatesDocument, estimateWorkload, packageVersion } from '../src/index.ts';
import { E2E_CASES } from './validate-e2e.ts';

const estimates = E2E_CASES.map((c) =>
  estimateWorkload({ workload: c.workload, gpu: c.gpu, params: c.params }),
);
process.stdout.write(`${JSON.stringify(estimatesDocument(estimates, packageVersion()), null, 2)}\n`);
