/**
 * Threads that run parts of one WebAssembly call together, for the `wasm-simd` backend: the calling thread
 * runs part 0 and `threads - 1` helper threads (workers/wasm-thread.ts) run the others on the same shared
 * memory. Calls are signalled through a small shared control block with `Atomics.wait`/`notify`, not by
 * messages, so that a timed call pays microseconds of coordination, not an event-loop round trip.
 *
 * Control block (Int32Array on a SharedArrayBuffer): `GENERATION` is bumped for every command, `COMMAND`
 * says what to do (`RUN` the current call, `SETUP` a new one: read it with `receiveMessageOnPort`, `EXIT`),
 * `PENDING` counts helper threads not yet done, and `FAILED` is set by a helper whose call threw.
 * @module
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { threadEntryUrl, workerExecArgv } from './worker-entry.ts';

/** Indices into the control block. */
export const CONTROL = { GENERATION: 0, COMMAND: 1, PENDING: 2, FAILED: 3 } as const;
/** Commands. */
export const COMMAND = { RUN: 1, SETUP: 2, EXIT: 3 } as const;

/** What a helper thread needs to run its part of a call. */
export interface TeamSetup {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly name: string;
  readonly args: readonly number[];
  readonly part: number;
  readonly parts: number;
}

/** The helper thread's start data. */
export interface TeamWorkerData {
  readonly control: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** How long a call waits for its helpers before it reports them hung, ms. */
const HELPER_TIMEOUT_MS = 60_000;

/** A team of threads for parallel WebAssembly calls. */
export interface WasmTeam {
  readonly threads: number;
  /**
   * Run `name` of `module` on `memory` in `threads` parts at once: thread `p` calls it with
   * `(...args, p, threads)`. Returns when every part is done; throws if a helper's part threw or hung.
   */
  run(module: WebAssembly.Module, memory: WebAssembly.Memory, name: string, args: readonly number[]): void;
  /** Stop the helper threads. */
  close(): Promise<void>;
}

/**
 * Start a team of `threads` (the caller plus `threads - 1` helpers); resolves once every helper runs. (A
 * thread starts only while its parent's event loop turns, so this cannot block as the calls do.)
 */
export async function createWasmTeam(threads: number): Promise<WasmTeam> {
  const control = new Int32Array(new SharedArrayBuffer(4 * 4));
  // Each helper counts itself in once started; the first call waits for all of them.
  Atomics.store(control, CONTROL.PENDING, threads - 1);
  const helpers: Helper[] = [];
  for (let i = 1; i < threads; i++) {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(threadEntryUrl('wasm-thread'), {
      workerData: { control: control.buffer, port: port2 } satisfies TeamWorkerData,
      transferList: [port2],
      execArgv: workerExecArgv(),
    });
    worker.unref();
    helpers.push({ worker, port: port1 });
  }
  await Promise.all(
    helpers.map(
      ({ worker }) =>
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`wasm-simd: a helper thread exited (${code})`)));
        }),
    ),
  );
  return teamOn(control, helpers);
}

/** A team of the calling thread alone (no helpers, nothing to start): one-thread calls, same caching. */
export function createSoloTeam(): WasmTeam {
  return teamOn(new Int32Array(new SharedArrayBuffer(4 * 4)), []);
}

/** One helper thread and the port its call setups go through. */
interface Helper {
  readonly worker: Worker;
  readonly port: MessagePort;
}

function teamOn(control: Int32Array, helpers: readonly Helper[]): WasmTeam {
  const threads = helpers.length + 1;
  let started = helpers.length === 0;
  // The call set up last; a call with the same module, memory, export and argument array reuses it.
  let current: {
    module: WebAssembly.Module;
    memory: WebAssembly.Memory;
    name: string;
    args: readonly number[];
  } | null = null;
  let call: () => void = () => {};
  /** Wait until no helper is pending (each has started, or finished the last command). */
  const awaitHelpers = (what: string) => {
    const deadline = Date.now() + HELPER_TIMEOUT_MS;
    for (;;) {
      const pending = Atomics.load(control, CONTROL.PENDING);
      if (pending === 0) return;
      if (Date.now() > deadline) throw new Error(`wasm-simd: ${pending} helper thread(s) did not ${what}`);
      Atomics.wait(control, CONTROL.PENDING, pending, 100);
    }
  };

  /** Signal `command` to every helper and wait until all of them are done. */
  const signal = (command: number, during?: () => void) => {
    if (!started) {
      awaitHelpers('start');
      started = true;
    }
    Atomics.store(control, CONTROL.FAILED, 0);
    Atomics.store(control, CONTROL.PENDING, helpers.length);
    Atomics.store(control, CONTROL.COMMAND, command);
    Atomics.add(control, CONTROL.GENERATION, 1);
    Atomics.notify(control, CONTROL.GENERATION);
    let error: unknown;
    try {
      during?.();
    } catch (e) {
      error = e;
    }
    awaitHelpers('finish');
    if (error !== undefined) throw error;
    if (Atomics.load(control, CONTROL.FAILED) !== 0) throw new Error('wasm-simd: a helper thread failed');
  };

  return {
    threads,
    run(module, memory, name, args) {
      if (
        current === null ||
        current.module !== module ||
        current.memory !== memory ||
        current.name !== name ||
        current.args !== args
      ) {
        const instance = new WebAssembly.Instance(module, { env: { memory } });
        const exported = instance.exports[name];
        if (typeof exported !== 'function') throw new Error(`wasm module has no function export "${name}"`);
        const fn = exported as (...a: number[]) => void;
        const all = [...args, 0, threads];
        call = () => fn(...all);
        helpers.forEach(({ port }, i) => {
          port.postMessage({
            module,
            memory,
            name,
            args: [...args],
            part: i + 1,
            parts: threads,
          } satisfies TeamSetup);
        });
        if (helpers.length > 0) signal(COMMAND.SETUP);
        current = { module, memory, name, args };
      }
      if (helpers.length === 0) call();
      else signal(COMMAND.RUN, call);
    },
    async close() {
      if (helpers.length === 0) return;
      Atomics.store(control, CONTROL.COMMAND, COMMAND.EXIT);
      Atomics.add(control, CONTROL.GENERATION, 1);
      Atomics.notify(control, CONTROL.GENERATION);
      await Promise.all(helpers.map(({ worker }) => worker.terminate()));
    },
  };
}
