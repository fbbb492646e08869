/**
 * What `check` and `ab` print and write from a check's outcome: the table (or JSON) on stdout, the Markdown
 * summary (appended to `$GITHUB_STEP_SUMMARY`, or written to `--summary`), and JUnit XML (`--junit`).
 * @module
 */
import { appendFileSync } from 'node:fs';
import type { CheckOutcome } from '../regress/types.ts';
import { renderCheckMarkdown, renderCheckTable, renderJunit } from '../report/check.ts';
import { wantsColor } from '../report/terminal.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { type CliIo, printJson } from './io.ts';

/** Where the outputs go and what they are called. */
export interface CheckOutputs {
  readonly baselineLabel: string;
  readonly currentLabel: string;
  readonly json: boolean;
  /** Members added to the JSON (e.g. `ab`'s rounds). */
  readonly jsonExtra?: Readonly<Record<string, unknown>>;
  readonly summary: string | undefined;
  readonly junit: string | undefined;
  readonly suiteName: string;
  readonly failOnMissing: boolean;
}

/** Print and write a check's outcome as `outputs` says. */
export function emitCheckOutputs(io: CliIo, outcome: CheckOutcome, outputs: CheckOutputs): void {
  const labels = { baselineLabel: outputs.baselineLabel, currentLabel: outputs.currentLabel };
  if (outputs.json) printJson(io, { ...labels, ...outputs.jsonExtra, ...outcome });
  else io.stdout(renderCheckTable(outcome, { color: wantsColor(io.isTTY, process.env), ...labels }));
  const summaryPath = outputs.summary ?? process.env.GITHUB_STEP_SUMMARY;
  if (summaryPath) {
    const markdown = renderCheckMarkdown(outcome, labels);
    // The step summary is GitHub's file, shared by the job's steps: append to it; a file we were given is ours.
    if (outputs.summary === undefined) appendFileSync(summaryPath, markdown);
    else writeFileAtomic(summaryPath, markdown);
  }
  if (outputs.junit !== undefined) {
    writeFileAtomic(
      outputs.junit,
      renderJunit(outcome, {
        suiteName: outputs.suiteName,
        timestamp: new Date().toISOString(),
        failOnMissing: outputs.failOnMissing,
      }),
    );
  }
}
