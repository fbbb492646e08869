/**
 * Process-tree helpers for tests that check a command leaves no process behind, read from Linux's /proc.
 * A zombie (exited, not yet reaped by its new parent) counts as gone.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** `R`, `S`, `Z` (zombie), ... */
  readonly state: string;
  /** CPU time used (user + system), in clock ticks (usually 100 a second). */
  readonly cpuTicks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      state: fields[0] ?? '?',
      ppid: Number(fields[1]),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
    };
  } catch {
    return undefined;
  }
}

/** CPU time `pid` has used, in clock ticks; 0 once it is gone. */
export function cpuTicks(pid: number): number {
  return readStat(pid)?.cpuTicks ?? 0;
}

/** Wait until `pid` has used `ticks` more clock ticks of CPU (it is busy), or `timeoutMs` passed. */
export async function waitUntilBusy(pid: number, ticks: number, timeoutMs: number): Promise<void> {
  const start = cpuTicks(pid);
  const deadline = Date.now() + timeoutMs;
  while (cpuTicks(pid) - start < ticks && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Pids of the live children of `pid`. */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat?.ppid === pid && stat.state !== 'Z')
    .map((stat) => stat.pid);
}

/** Whether `pid` is a process that has not exited. */
export function isRunning(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** Wait up to `timeoutMs` for every pid in `pids` to exit; returns those still running. */
export async function survivorsAfter(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter(isRunning);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Kill leftovers so a failing test does not leak spinning processes into the next ones. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
