/**
 * The probe script shipped with the package (`src/calibration/probe.py`, listed in package.json `files`),
 * found from the package root whether tppbench runs from source or from dist/.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/package-info.ts';

/** Path of the probe script in the installed package. */
export function probeScriptPath(): string {
  return join(packageRoot(), 'src', 'calibration', 'probe.py');
}

/** The text of the probe script (`tppbench probe --script`). */
export function probeScript(): string {
  return readFileSync(probeScriptPath(), 'utf8');
}
