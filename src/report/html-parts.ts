/**
 * The HTML report's building blocks (pure): escaping, links, tables from the shared table models, folded
 * blocks, chart figures, and the page's inline CSS.
 * @module
 */
import type { SourceLink } from './report-data.ts';
import type { TableModel } from './report-text.ts';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML content and quoted attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** Escaped prose, with `backticked` spans as code (the shared empty-section notes use them). */
export const prose = (s: string): string =>
  escapeHtml(s).replace(/`([^`]+)`/g, (_m, code: string) => `<code>${code}</code>`);

/** A source as a link when its URL is http(s), else its label alone. */
export function sourceLink(source: SourceLink): string {
  const label = escapeHtml(source.label);
  if (source.url === null || !/^https?:\/\//i.test(source.url)) return label;
  return `<a href="${escapeHtml(source.url)}" rel="noreferrer">${label}</a>`;
}

/** An extra column of cells that are HTML already (links). */
export interface RawColumn {
  readonly header: string;
  readonly cells: readonly string[];
}

/** A table model as an HTML table in a wrapper that scrolls sideways on a narrow screen. */
export function tableHtml(
  t: TableModel,
  options: {
    readonly caption?: string;
    readonly raw?: RawColumn;
    readonly cell?: (text: string, column: number) => string;
  } = {},
): string {
  const num = (j: number) => (t.columns[j]?.align === 'right' ? ' class="num"' : '');
  const cell = options.cell ?? ((text: string) => escapeHtml(text));
  const head = [
    ...t.columns.map((c, j) => `<th scope="col"${num(j)}>${escapeHtml(c.header)}</th>`),
    ...(options.raw ? [`<th scope="col">${escapeHtml(options.raw.header)}</th>`] : []),
  ].join('');
  const rows = t.rows.map((cells, i) => {
    const cls = t.highlight?.[i] ? ' class="inv"' : t.warn?.[i] ? ' class="warn"' : '';
    const tds = cells.map((c, j) => `<td${num(j)}>${cell(c, j)}</td>`).join('');
    const extra = options.raw ? `<td>${options.raw.cells[i] ?? ''}</td>` : '';
    return `<tr${cls}>${tds}${extra}</tr>`;
  });
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  return `<div class="table-wrap"><table>${caption}<thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

/** A folded block. */
export const details = (summary: string, body: string, open = false) =>
  `<details${open ? ' open' : ''}><summary>${escapeHtml(summary)}</summary>${body}</details>`;

/** The note of an empty section: what input fills it. */
export const empty = (text: string) => `<p class="empty">${prose(text)}</p>`;

/** A chart's SVG in a figure, or a note that it was not rendered. */
export function figure(svgs: ReadonlyMap<string, string>, id: string, caption: string): string {
  const svg = svgs.get(id);
  const body = svg ?? `<p class="empty">Chart ${escapeHtml(id)} was not rendered.</p>`;
  return `<figure class="chart" id="chart-${escapeHtml(id)}">${body}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** The page's whole style: responsive (grid, SVGs scale to the screen, tables scroll in their wrapper). */
export const CSS = `
:root{--fg:#1b1b1b;--muted:#5a5a5a;--line:#dcdcdc;--bg:#f6f6f4;--card:#fff;--inv:#d62728;--warn:#a15c00}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main,footer{max-width:1240px;margin:0 auto;padding:0 16px}
h1{font-size:1.5rem;line-height:1.25;margin:20px 0 4px}
h2{font-size:1.2rem;margin:0 0 8px}
h3{font-size:1rem;margin:12px 0 4px}
h1,h2,h3,p,li,figcaption,summary,caption{overflow-wrap:anywhere}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eee;padding:1px 4px;border-radius:3px;overflow-wrap:anywhere}
a{color:#1f5fa8}
.meta,.note,figcaption{color:var(--muted);font-size:13px}
.empty{color:var(--muted);font-style:italic}
.warn-note{color:var(--warn);font-weight:600}
nav ol{display:flex;flex-wrap:wrap;gap:2px 14px;list-style:none;padding:0;margin:8px 0}
section{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:14px 0;min-width:0}
article{min-width:0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,560px),1fr));gap:8px 24px}
figure{margin:8px 0;min-width:0}
figure svg{display:block;max-width:100%;height:auto}
figure svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.table-wrap{overflow-x:auto;max-width:100%;margin:6px 0}
table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:#f0f0ee;white-space:nowrap}
.num{text-align:right;white-space:nowrap}
tr.inv td{color:var(--inv);font-weight:600}
tr.warn td{color:var(--warn)}
.unverified{color:var(--warn);text-decoration:none;cursor:help}
details{margin:6px 0}
summary{cursor:pointer;color:#1f5fa8}
ul.summary li{margin:4px 0}
.to{font-size:13px;white-space:nowrap}
@media (max-width:600px){body{font-size:14px}header,main,footer{padding:0 8px}section{padding:8px 10px;margin:10px 0}h1{font-size:1.25rem}}
`.trim();
