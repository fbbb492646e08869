/**
 * `tppbench probe --script > probe.py`: print the calibration probe (PyTorch) to run on the GPU machine.
 * @module
 */
import type { Command } from 'commander';
import { probeScript } from '../../calibration/probe-script.ts';
import { UserError } from '../../errors.ts';
import type { CliIo } from '../io.ts';

const USAGE = `Calibrate the model with your own GPU:
  tppbench probe --script > probe.py
  python3 probe.py out.json            (on the GPU machine; needs PyTorch with CUDA)
  tppbench calibrate out.json --gpu <id> --out cal.json
  tppbench estimate gemm --gpu <id> --m 4096 --n 4096 --k 4096 --calibration cal.json`;

/** Define `probe` on the command the runner made. */
export function registerProbe(cmd: Command, io: CliIo): void {
  cmd
    .option('--script', 'print the probe script (Python, PyTorch) to stdout')
    .addHelpText('after', `\n${USAGE}`)
    .action((flags: { script?: true }) => {
      if (!flags.script) {
        io.stderr(`${USAGE}\n`);
        throw new UserError('give --script to print the probe (usage above)', 'usage');
      }
      io.stdout(probeScript());
    });
}
