/**
 * A report in one of its formats, and the one place that writes it to a file. The renderers are pure (data
 * in, string out) and load only when their format is asked for: the terminal and Markdown renderers never
 * load vega (HTML charts), nor the JSON document's schema module.
 * @module
 */
import { extname } from 'node:path';
import { msg, param, UserError } from '../errors.ts';
import type { ReportData } from '../report/report-data.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';

/** The formats a report renders in. */
export const REPORT_FORMATS = ['terminal', 'md', 'html', 'json'] as const;

/** A report format: `terminal` (plain text, optionally coloured), `md`, `html` (charts inline), `json`. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Options for {@link renderReport}. */
export interface RenderReportOptions {
  /** ANSI colour in the terminal format; the other formats ignore it. */
  readonly color: boolean;
}

/** The format a file's extension names (`.html`, `.htm`, `.md`, `.markdown`, `.json`); undefined for any other. */
export function reportFormatOfPath(path: string): ReportFormat | undefined {
  switch (extname(path).toLowerCase()) {
    case '.html':
    case '.htm':
      return 'html';
    case '.md':
    case '.markdown':
      return 'md';
    case '.json':
      return 'json';
    default:
      return undefined;
  }
}

/**
 * The format of a report given as `format` and written to `out` (undefined: stdout): `format` when given,
 * else the one `out`'s extension names, else `terminal`. A format that contradicts the extension
 * (`--format md` into `r.html`) is a usage error naming both parameters, `formatKey` and `outKey`.
 */
export function resolveReportFormat(
  format: ReportFormat | undefined,
  out: string | undefined,
  keys: { readonly formatKey?: string; readonly outKey?: string } = {},
): ReportFormat {
  const byPath = out === undefined ? undefined : reportFormatOfPath(out);
  if (format !== undefined && byPath !== undefined && byPath !== format) {
    throw new UserError(
      msg`${param(keys.formatKey ?? 'format')} ${format} does not match ${param(keys.outKey ?? 'out')} ${out ?? ''} (a ${byPath} file name)`,
      'usage',
    );
  }
  return format ?? byPath ?? 'terminal';
}

/**
 * Render `data` in `format`. HTML draws the charts (`chartSpecs`, then `renderChartSvgs`) and inlines them;
 * JSON is the `tppbench-report` document. The text ends in a newline.
 */
export async function renderReport(
  data: ReportData,
  format: ReportFormat,
  options: RenderReportOptions,
): Promise<string> {
  let text: string;
  switch (format) {
    case 'terminal': {
      const { renderTerminal } = await import('../report/terminal.ts');
      text = renderTerminal(data, { color: options.color });
      break;
    }
    case 'md': {
      const { renderMarkdown } = await import('../report/markdown.ts');
      text = renderMarkdown(data);
      break;
    }
    case 'html': {
      const { chartSpecs } = await import('../report/charts.ts');
      const { renderChartSvgs } = await import('../report/svg.ts');
      const { renderHtml } = await import('../report/html.ts');
      text = renderHtml(data, await renderChartSvgs(chartSpecs(data)));
      break;
    }
    case 'json': {
      const { reportDocument } = await import('../results/report.ts');
      text = JSON.stringify(reportDocument(data), null, 2);
      break;
    }
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Write a rendered report to `path` atomically: a reader never sees half a report. */
export function writeReport(path: string, text: string): void {
  writeFileAtomic(path, text);
}
