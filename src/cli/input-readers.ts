/**
 * The readers of input files that the library validates with zod schemas, loaded only when a command names
 * such a file. The modules every command loads do not import them (zod and the schemas cost ~85 ms, more
 * than the rest of a start); each installs its reader in the library when it loads (see the head of
 * src/index.ts): `--gpu-file` needs `hardware/gpu-file.ts`, `--model-config` needs
 * `workloads/llm/models/hf-config.ts`. The runner calls {@link loadInputReaders} before every action.
 * @module
 */

/**
 * Load the readers of the input files a command's parsed options name (commander's camelCase keys), and
 * install a `--calibration` file for the rest of the command. Returns warnings to print (a calibration of a
 * GPU the command does not estimate).
 */
export async function loadInputReaders(options: Readonly<Record<string, unknown>>): Promise<string[]> {
  if (options.gpuFile !== undefined) await import('../hardware/gpu-file.ts');
  if (options.modelConfig !== undefined) await import('../workloads/llm/models/hf-config.ts');
  if (options.calibration === undefined) return [];
  const { useCalibrationFile } = await import('../calibration/apply.ts');
  const named = options.gpus ?? options.gpu;
  return useCalibrationFile(String(options.calibration), {
    gpuFile: options.gpuFile as string | undefined,
    gpus: named === undefined ? undefined : Array.isArray(named) ? named.map(String) : [String(named)],
  });
}
