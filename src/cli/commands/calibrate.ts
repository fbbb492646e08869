/**
 * `tppbench calibrate <probe.json> --gpu <id> --out cal.json`: fit a GPU's model constants to a probe of it
 * and write the calibration document that `--calibration` applies.
 * @module
 */
import type { Command } from 'commander';
import { fitCalibration } from '../../calibration/fit.ts';
import { readProbeFile } from '../../calibration/probe-document.ts';
import { renderCalibration } from '../../calibration/render.ts';
import { loadCatalog } from '../../hardware/catalog.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { packageVersion } from '../../util/package-info.ts';
import type { CliIo } from '../io.ts';

/** Define `calibrate` on the command the runner made. */
export function registerCalibrate(cmd: Command, io: CliIo): void {
  cmd
    .argument(
      '<probe>',
      'probe output JSON (`python3 probe.py out.json`; print the probe with `tppbench probe --script`)',
    )
    .requiredOption('--gpu <id>', 'catalog GPU id or alias of the GPU the probe ran on')
    .requiredOption('--out <file>', 'calibration file to write (the input of --calibration)')
    .option('--gpu-file <path>', 'JSON file that adds or overrides GPUs')
    .option('--json', 'print the calibration document instead of the table')
    .addHelpText('after', '\nExample:\n  tppbench calibrate out.json --gpu h200 --out cal.json')
    .action((path: string, flags: { gpu: string; out: string; gpuFile?: string; json?: true }) => {
      const probe = readProbeFile(path);
      const gpu = loadCatalog({ gpuFile: flags.gpuFile }).get(flags.gpu, 'gpu');
      const { document, warnings } = fitCalibration(probe, gpu, path, packageVersion());
      for (const w of warnings) io.stderr(`tppbench: warning: ${w}`);
      const text = `${JSON.stringify(document, null, 2)}\n`;
      writeFileAtomic(flags.out, text);
      if (flags.json) io.stdout(text);
      else io.stdout(`${renderCalibration(document)}\ncalibration written to ${flags.out}\n`);
    });
}
