/**
 * Lazy command loading must not show: the command list from the heads alone reads as it does with every
 * command defined in full, each head matches its command, and `help <command>` shows the full command.
 */
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { buildProgram, COMMANDS, commandOf, run } from '../../src/cli/main.ts';

/** An io that keeps what a run writes. */
function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    isTTY: false,
    setExitCode: () => {},
  };
}

async function output(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('lazy command loading', () => {
  it('lists the commands from their heads exactly as from their full definitions', async () => {
    const heads = await buildProgram(captureIo());
    const full = await buildProgram(captureIo(), 'all');
    expect(heads.commands.map((c) => c.options.length)).toEqual(COMMANDS.map(() => 0));
    expect(full.commands.every((c) => c.options.length > 0 || c.commands.length > 0)).toBe(true);
    expect(heads.helpInformation()).toBe(full.helpInformation());
    expect(heads.helpInformation()).toContain('run [options] [suite]');
  });

  it('each head names, describes and shows the usage of its command', async () => {
    const full = await buildProgram(captureIo(), 'all');
    const help = full.createHelp();
    expect(full.commands.map((c) => [c.name(), c.description(), help.subcommandTerm(c)])).toEqual(
      COMMANDS.map((h) => [h.name, h.description, `${h.name} ${h.usage}`.trimEnd()]),
    );
  });

  it('finds the command argv runs or asks help for', () => {
    expect(commandOf([])).toBeUndefined();
    expect(commandOf(['--version'])).toBeUndefined();
    expect(commandOf(['--debug', 'gpus', '--sort', 'tpp'])).toBe('gpus');
    expect(commandOf(['estimate', 'gemm', '--gpu', 'h100'])).toBe('estimate');
    expect(commandOf(['help', 'sweep'])).toBe('sweep');
    expect(commandOf(['help'])).toBeUndefined();
  });

  it('`help <command>` shows the full command, as `<command> --help` does', async () => {
    for (const { name } of COMMANDS) {
      const viaHelp = await output(['help', name]);
      const viaFlag = await output([name, '--help']);
      expect(viaHelp).toEqual(viaFlag);
      expect(viaFlag.code).toBe(0);
    }
    expect((await output(['help', 'estimate'])).out).toContain('gemm [options]');
    expect((await output(['help', 'gpus'])).out).toContain('--sort <field>');
  });

  it('defines a command dispatched while still a head', async () => {
    // `--debug` before the command: the runner still finds it; and a program built without it defines it
    // when commander dispatches to it.
    const program = await buildProgram(captureIo());
    const gpus = program.commands.find((c) => c.name() === 'gpus');
    expect(gpus?.options.length).toBe(0);
    await program.parseAsync(['gpus', '--sort', 'tpp'], { from: 'user' });
    expect(gpus?.options.map((o) => o.long)).toContain('--sort');
  });

  it('suggests commands and workloads as before', async () => {
    expect((await output(['estimat'])).err).toBe(
      "tppbench: unknown command 'estimat' (Did you mean estimate?)\n",
    );
    expect((await output(['estimate', 'gem', '--gpu', 'h100'])).err).toBe(
      "tppbench: unknown command 'gem' (Did you mean gemm?)\n",
    );
    expect(await output(['--version'])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^\d+\.\d+\.\d+\n$/),
    });
  });
});
