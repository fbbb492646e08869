/**
 * The report output commands share: `--format`, the file flag (`--out` on `report`, `compare` and
 * `inversions`; `--report` where `--out` already writes the command's data: `start`, `sweep`), checked
 * before any work; whether the terminal report is coloured; and the rendered report sent to stdout or
 * written atomically. The report builder (zod, the model) loads only when a report is asked for.
 * @module
 */
import type { Command } from 'commander';
import type { ReportSource } from '../api/report.ts';
import {
  REPORT_FORMATS,
  type ReportFormat,
  renderReport,
  resolveReportFormat,
  writeReport,
} from '../api/report-render.ts';
import { msg, param, UserError } from '../errors.ts';
import type { ReportData } from '../report/report-data.ts';
import { checkOutputPath } from '../util/output-path.ts';
import { packageVersion } from '../util/package-info.ts';
import type { CliIo } from './io.ts';
import { oneOf } from './options.ts';

/** Where a report goes and in what format. */
export interface ReportTarget {
  readonly format: ReportFormat;
  /** Undefined: stdout. */
  readonly out: string | undefined;
}

/** Add `--format <format>` to `cmd`. */
export function addFormatOption(cmd: Command, description: string): Command {
  return cmd.option(
    '--format <format>',
    `${description}: ${REPORT_FORMATS.join('|')}`,
    oneOf(REPORT_FORMATS),
  );
}

/**
 * The report's format and file, checked before any work: a format that contradicts the file's extension and
 * a file that cannot be written are usage errors naming the flag (`outKey`: `out`, or `report`).
 */
export function reportTarget(
  format: ReportFormat | undefined,
  out: string | undefined,
  outKey = 'out',
): ReportTarget {
  const resolved = resolveReportFormat(format, out, { outKey });
  if (out !== undefined) checkOutputPath(out, outKey);
  return { format: resolved, out };
}

/**
 * The report a command's `--format` and file flag (`outKey`: `out`, or `report`) ask for, checked before any
 * work; undefined when neither is given. `--format` alone prints the report instead of the command's own
 * output, so it cannot go with `--json`, which prints the command's document; the file flag writes the
 * report beside what stdout shows.
 */
export function commandReportTarget(
  flags: { readonly format?: unknown; readonly json?: unknown } & Readonly<Record<string, unknown>>,
  outKey = 'out',
): ReportTarget | undefined {
  const format = flags.format as ReportFormat | undefined;
  const out = flags[outKey] as string | undefined;
  if (format === undefined && out === undefined) return undefined;
  if (flags.json && format !== undefined && out === undefined) {
    throw new UserError(
      msg`${param('format')} prints a report on stdout and ${param('json')} a document: choose one, or write the report with ${param(outKey)}`,
      'usage',
    );
  }
  return reportTarget(format, out, outKey);
}

/** Build a report from documents the command made or read (the builder loads here, on demand). */
export async function buildReport(sources: readonly ReportSource[]): Promise<ReportData> {
  const { buildReportData } = await import('../api/report.ts');
  return buildReportData(sources, { toolVersion: packageVersion() });
}

/**
 * Render `data` and send it where `target` says: all of it to stdout, or to the file in one atomic write
 * (nothing is written when rendering fails). Returns whether a file was written.
 */
export async function emitReport(io: CliIo, data: ReportData, target: ReportTarget): Promise<boolean> {
  // Colour only for a terminal report on a terminal (a TTY, NO_COLOR unset or empty, TERM not dumb).
  let color = false;
  if (target.format === 'terminal' && target.out === undefined) {
    const { wantsColor } = await import('../report/terminal.ts');
    color = wantsColor(io.isTTY, process.env);
  }
  const text = await renderReport(data, target.format, { color });
  if (target.out === undefined) {
    io.stdout(text);
    return false;
  }
  writeReport(target.out, text);
  return true;
}
