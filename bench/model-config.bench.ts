/**
 * Model-config speed: `estimateWorkload('llm-decode')` on deepseek-v3 through the public API, named by preset
 * and by a `--model-config` file (a temporary copy of the preset's config.json), side by side. The config
 * is parsed once and cached by path and modification time, so the file path should cost one `stat` more
 * than the preset path, not a read and a parse per estimate.
 */
import '../src/workloads/llm/models/hf-config.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateWorkload } from '../src/api/estimate.ts';
import { getModelPreset } from '../src/workloads/llm/models/resolve.ts';
import { type BenchFile, opsPerSecond } from './harness.ts';

const params = { weightDtype: 'fp8', batch: 32, context: 4096, tp: 8 };
const PRESET_ROW = 'llm-decode deepseek-v3 by preset (fp8, TP8, H200)';

const bench: BenchFile = async () => {
  const preset = getModelPreset('deepseek-v3');
  const dir = mkdtempSync(join(tmpdir(), 'tppbench-bench-'));
  try {
    const modelConfig = join(dir, 'deepseek-v3', 'config.json');
    mkdirSync(join(dir, 'deepseek-v3'));
    writeFileSync(modelConfig, JSON.stringify(preset.config, null, 2));
    const byPreset = () =>
      estimateWorkload({ workload: 'llm-decode', gpu: 'h200', params: { ...params, model: 'deepseek-v3' } });
    const byFile = () =>
      estimateWorkload({ workload: 'llm-decode', gpu: 'h200', params: { ...params, modelConfig } });
    if (byFile().metrics.timeMs !== byPreset().metrics.timeMs) {
      throw new Error('model-config bench: the config file and the preset estimate differently');
    }
    return [
      { name: PRESET_ROW, unit: 'ops/s', higherIsBetter: true, samples: opsPerSecond(byPreset) },
      {
        name: 'llm-decode deepseek-v3 by --model-config file (cached parse)',
        unit: 'ops/s',
        higherIsBetter: true,
        baseline: PRESET_ROW,
        samples: opsPerSecond(byFile),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
export default bench;
