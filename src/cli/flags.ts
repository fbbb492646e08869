/**
 * Parameter names in the CLI. The library names a parameter by its key (`kvHeads`, `gpus`, `maxEstimates`:
 * a `ParamSpec` key or an options field); the CLI shows the flag a user typed for it. A workload subcommand
 * knows its workload's specs (key -> flag and aliases); a command adds the option fields whose flag is not
 * their kebab-case (`maxEstimates` -> `--max-points`); any other camelCase key is its kebab-case flag
 * (`gpuFile` -> `--gpu-file`).
 * @module
 */
import type { Command } from 'commander';
import { flagOfKey, isUserError } from '../errors.ts';
import type { ParamSpec } from '../workloads/params.ts';

/** A parameter named in a library message (the library's `ParamName`): its key, and whether to list aliases. */
interface NamedParam {
  readonly key: string;
  readonly allNames: boolean;
}

/** Per command: the spellings of a parameter key, its flag first. */
const namesByCommand = new WeakMap<Command, Map<string, readonly string[]>>();

/**
 * Record that on `command` (and its subcommands) the parameter `key` is typed as `flags[key]`: one flag, or
 * the flag and its aliases.
 */
export function nameParams(
  command: Command,
  flags: Readonly<Record<string, string | readonly string[]>>,
): void {
  let names = namesByCommand.get(command);
  if (!names) {
    names = new Map();
    namesByCommand.set(command, names);
  }
  for (const [key, spelled] of Object.entries(flags))
    names.set(key, typeof spelled === 'string' ? [spelled] : spelled);
}

/** Record a workload's parameter flags on its subcommand. */
export function nameWorkloadParams(command: Command, specs: readonly ParamSpec[]): void {
  nameParams(command, Object.fromEntries(specs.map((s) => [s.key, [s.flag, ...(s.aliases ?? [])]])));
}

/**
 * The CLI's names for parameters on `command` (the one whose action ran; undefined before any): the flag
 * recorded on it or an ancestor, else the key's kebab-case. A key that is not camelCase (a caller that still
 * passes a flag, `--local-gpu`) is shown as it is.
 */
export function flagNamer(command: Command | undefined): (name: NamedParam) => string {
  return (name) => {
    for (let c: Command | null | undefined = command; c; c = c.parent) {
      const spelled = namesByCommand.get(c)?.get(name.key);
      if (spelled) return name.allNames ? spelled.join('/') : (spelled[0] as string);
    }
    return /^[a-z][a-zA-Z0-9]*$/.test(name.key) ? flagOfKey(name.key) : name.key;
  };
}

/** An error's message as the CLI shows it: a UserError's parameters named by their flags on `command`. */
export function cliErrorMessage(error: Error, command: Command | undefined): string {
  return isUserError(error) ? error.text.render(flagNamer(command)) : error.message;
}
