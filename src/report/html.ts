/**
 * Pure HTML renderer of a comparison report: one self-contained file (inline CSS, charts as inline SVG, no
 * script, nothing fetched) that reads at desktop and phone width. Each chart has the numbers behind it in a
 * table under it. The text and tables are the ones the Markdown and terminal reports show
 * (`report-text.ts`); the SVGs come from `svg.ts`, looked up by {@link chartIds}.
 * @module
 */
import { MARGIN_CAP, NO_WINNER } from './chart-sweeps.ts';
import { chartIds } from './charts.ts';
import { formatAxisValue } from './crossover-text.ts';
import { formatSignificant } from './estimate.ts';
import { CSS, details, empty, escapeHtml, figure, sourceLink, tableHtml } from './html-parts.ts';
import type { ReportData, SweepAxis, SweepSection } from './report-data.ts';
import {
  compareCommand,
  EMPTY,
  gpuName,
  gpuScoreColumns,
  gpuTable,
  LARGE_ERROR,
  percentText,
  provenance,
  rooflineHeading,
  rooflineTable,
  SOFTWARE_NOTE,
  tppPointTable,
  tppTable,
  UNVERIFIED_MARK,
  UNVERIFIED_NOTE,
  workloadTable,
} from './report-text.ts';
import {
  CPU_ROOFLINE_HEADING,
  checkTable,
  cpuRooflineTable,
  kernelTable,
  localFacts,
  profileTable,
  validationSummary,
} from './report-text-local.ts';
import { boundaryTable, sweepFacts, sweepOutline } from './report-text-sweep.ts';

/** HTML ids for the report's workload and sweep sections (their ids may hold any character). */
function sectionAnchors(data: ReportData): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  const add = (prefix: string, id: string) => {
    const base = `${prefix}-${id.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    if (!out.has(id)) out.set(id, anchor);
  };
  for (const w of data.workloads) add('wl', w.id);
  for (const s of data.sweeps) add('sw', s.id);
  return out;
}

const SECTIONS = [
  ['summary', 'Summary'],
  ['gpus', 'GPUs'],
  ['workloads', 'Workloads'],
  ['rooflines', 'Rooflines'],
  ['sweeps', 'Sweeps'],
  ['tpp', 'TPP vs throughput'],
  ['local', 'This machine'],
  ['model', 'Model'],
] as const;

type SectionId = (typeof SECTIONS)[number][0];

const section = (id: SectionId, heading: string, body: string) =>
  `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(heading)}</h2>\n${body}\n</section>`;

/** The whole report as one HTML document; `svgs` are the rendered charts by id (missing ones get a note). */
export function renderHtml(data: ReportData, svgs: ReadonlyMap<string, string>): string {
  const anchors = sectionAnchors(data);
  const nav = SECTIONS.map(
    ([id, label], i) => `<li><a href="#${id}">${i + 1}. ${escapeHtml(label)}</a></li>`,
  ).join('');
  const body = [
    section('summary', '1. Summary', summaryHtml(data, anchors)),
    section('gpus', '2. GPUs: export-control scores and key specs', gpusHtml(data)),
    section('workloads', '3. Workloads: throughput against TPP', workloadsHtml(data, svgs, anchors)),
    section('rooflines', '4. Rooflines', rooflinesHtml(data, svgs)),
    section('sweeps', '5. Sweeps and crossovers', sweepsHtml(data, svgs, anchors)),
    section('tpp', '6. TPP against delivered throughput', tppHtml(data, svgs)),
    section('local', '7. This machine', localHtml(data, svgs)),
    section('model', '8. Model: assumptions, calibration and validation', modelHtml(data, svgs)),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.title)}</h1>
<p class="meta">${escapeHtml(provenance(data))}</p>
<nav aria-label="sections"><ol>${nav}</ol></nav>
</header>
<main>
${body}
</main>
<footer><p class="meta">Charts drawn with Vega-Lite at build time; every number is in the table under its chart.</p></footer>
</body>
</html>
`;
}

function summaryHtml(data: ReportData, anchors: ReadonlyMap<string, string>): string {
  if (data.summary.length === 0) return empty(EMPTY.summary);
  const items = data.summary.map((s) => {
    const anchor = anchors.get(s.sectionId);
    const to = anchor ? ` <a href="#${anchor}" class="to">details</a>` : '';
    return `<li>${escapeHtml(s.text)}${to}</li>`;
  });
  return `<p>${data.summary.length} ${data.summary.length === 1 ? 'inversion' : 'inversions'}: a GPU of lower TPP delivering more than one of higher TPP.</p><ul class="summary">${items.join('')}</ul>`;
}

function gpusHtml(data: ReportData): string {
  if (data.gpus.length === 0) {
    return empty(
      'No GPUs: they come from the input documents; add `tppbench compare`, `inversions` or `sweep` JSON output.',
    );
  }
  const specFrom = gpuScoreColumns(data);
  const cell = (text: string, j: number) =>
    j >= specFrom && text.endsWith(UNVERIFIED_MARK)
      ? `${escapeHtml(text.slice(0, -UNVERIFIED_MARK.length))}<abbr class="unverified" title="unverified source">${escapeHtml(UNVERIFIED_MARK)}</abbr>`
      : escapeHtml(text);
  const sources = data.gpus.map((g) => g.sources.map(sourceLink).join('<br>') || 'none');
  const note = data.gpus.some((g) => g.unverified.length > 0)
    ? `<p class="note">${escapeHtml(UNVERIFIED_NOTE)}</p>`
    : '';
  return tableHtml(gpuTable(data), { raw: { header: 'sources', cells: sources }, cell }) + note;
}

function workloadsHtml(
  data: ReportData,
  svgs: ReadonlyMap<string, string>,
  anchors: ReadonlyMap<string, string>,
): string {
  if (data.workloads.length === 0) return empty(EMPTY.workloads);
  const articles = data.workloads.map((w, i) => {
    const rationale = w.rationale ? `<p class="note">${escapeHtml(w.rationale)}</p>` : '';
    return `<article id="${anchors.get(w.id) ?? ''}">
<h3>${escapeHtml(w.title)}</h3>
<p><code>${escapeHtml(compareCommand(w))}</code></p>${rationale}
${figure(svgs, chartIds.workload(i), `${w.throughputMetric} over ${w.rows[0]?.name ?? 'the first GPU'}, TPP beside it; red bars beat a GPU of higher TPP`)}
${details('Numbers behind the chart', tableHtml(workloadTable(data, w)))}
</article>`;
  });
  return `<div class="grid">${articles.join('\n')}</div>`;
}

function rooflinesHtml(data: ReportData, svgs: ReadonlyMap<string, string>): string {
  if (data.rooflines.length === 0) return empty(EMPTY.rooflines);
  const figures = data.rooflines.map(
    (r, i) => `<article>
<h3>${escapeHtml(r.name)}</h3>
${figure(svgs, chartIds.roofline(i), rooflineHeading(r))}
${details('Numbers behind the chart', tableHtml(rooflineTable(r)))}
</article>`,
  );
  return `<p>Arithmetic intensity (FLOP per HBM byte) against the FLOP/s each workload attains in the model, under the GPU's bf16 roof (FP64 and FP32 workloads are left out: their roof is another peak).</p><div class="grid">${figures.join('\n')}</div>`;
}

function sweepsHtml(
  data: ReportData,
  svgs: ReadonlyMap<string, string>,
  anchors: ReadonlyMap<string, string>,
): string {
  if (data.sweeps.length === 0) return empty(EMPTY.sweeps);
  return data.sweeps
    .map((s, i) => {
      const outline = sweepOutline(data, s)
        .map((line) => `<p>${escapeHtml(line)}</p>`)
        .join('');
      const chart = s.view.kind === 'none' ? '' : figure(svgs, chartIds.sweep(i), sweepCaption(s));
      const boundaries =
        s.boundaries.length > 0
          ? tableHtml(boundaryTable(data, s), { caption: 'Crossover boundaries' }) +
            details(
              'The boundaries in words',
              `<ul>${s.boundaries.map((b) => `<li>${escapeHtml(b.text)}</li>`).join('')}</ul>`,
            )
          : '<p class="note">No boundaries: the winner does not change over the sweep.</p>';
      const numbers =
        s.view.kind === 'none' ? '' : details('Numbers behind the chart', sweepNumbers(data, s));
      return `<article id="${anchors.get(s.id) ?? ''}">
<h3>${escapeHtml(s.title)}</h3>
<p class="note">${escapeHtml(sweepFacts(s))}</p>${outline}
${chart}
${boundaries}
${numbers}
</article>`;
    })
    .join('\n');
}

function sweepCaption(s: SweepSection): string {
  if (s.view.kind === 'line')
    return `A line per GPU; dashed rules mark the crossovers along ${s.view.axis.key}.`;
  return `Winner per ${s.view.kind === 'winner-map' && s.view.binned ? 'bin' : 'grid point'}; shade = margin over the runner-up (full at ${MARGIN_CAP * 100}% or more, or when only the winner fits); black lines = crossover boundary.`;
}

/** A position on a sweep axis as text: the value's label on a labelled axis, else the number (`4k`). */
const axisText = (axis: SweepAxis, value: number | undefined): string =>
  value === undefined
    ? 'n/a'
    : axis.labels !== null
      ? (axis.labels[value] ?? String(value))
      : formatAxisValue(value);

/** A line sweep as one row per axis value and a column per GPU; a winner map as one row per cell. */
function sweepNumbers(data: ReportData, s: SweepSection): string {
  const v = s.view;
  if (v.kind === 'line') {
    const xs = [...new Set(v.series.flatMap((line) => line.points.map((p) => p.x)))].sort((a, b) => a - b);
    const at = v.series.map((line) => new Map(line.points.map((p) => [p.x, p.throughput])));
    return tableHtml({
      columns: [
        { header: v.axis.key, align: 'right' },
        ...v.series.map((line) => ({
          header: `${line.name} (${s.throughputUnit})`,
          align: 'right' as const,
        })),
      ],
      rows: xs.map((x) => [axisText(v.axis, x), ...at.map((m) => formatSignificant(m.get(x) ?? null))]),
    });
  }
  if (v.kind !== 'winner-map') return '';
  const suffix = v.binned ? ' (bin start)' : '';
  return tableHtml({
    columns: [
      { header: `${v.x.key}${suffix}`, align: 'right' },
      { header: `${v.y.key}${suffix}`, align: 'right' },
      { header: 'winner' },
      { header: 'margin', align: 'right' },
    ],
    rows: v.cells.map((c) => [
      axisText(v.x, v.xValues[c.xi]),
      axisText(v.y, v.yValues[c.yi]),
      c.winner === null ? NO_WINNER : gpuName(data, c.winner),
      c.winner === null ? '' : c.margin === null ? 'only it fits' : percentText(c.margin),
    ]),
  });
}

function tppHtml(data: ReportData, svgs: ReadonlyMap<string, string>): string {
  if (data.tppPoints.length === 0) return empty(EMPTY.tppPoints);
  return `<p>TPP is the metric the rule thresholds; delivered throughput is what a buyer gets. Where a workload's grey line falls as TPP rises, the rule's metric and the performance metric disagree.</p>
${figure(svgs, chartIds.tpp, 'TPP against throughput over each workload’s first GPU (log)')}
${tableHtml(tppTable(data), { caption: 'Does throughput follow TPP?' })}
${details('Every point behind the chart', tableHtml(tppPointTable(data)))}`;
}

function localHtml(data: ReportData, svgs: ReadonlyMap<string, string>): string {
  const l = data.local;
  if (!l) return empty(EMPTY.local);
  const out = [`<p>${escapeHtml(localFacts(l))}</p>`];
  if (l.software) out.push(`<p class="warn-note">${escapeHtml(SOFTWARE_NOTE)}</p>`);
  out.push(tableHtml(profileTable(l), { caption: 'Fitted local profile' }));
  if (svgs.has(chartIds.localKernels)) {
    out.push(figure(svgs, chartIds.localKernels, 'Median time per case with its 95% confidence interval'));
  }
  out.push(details('Per-case statistics', tableHtml(kernelTable(l)), !svgs.has(chartIds.localKernels)));
  if (svgs.has(chartIds.localSelfCheck)) {
    out.push(
      figure(
        svgs,
        chartIds.localSelfCheck,
        'Measured against modelled time per kernel; the dashed line is exact',
      ),
    );
  }
  out.push(
    l.selfCheck.length > 0
      ? tableHtml(checkTable(l.selfCheck), {
          caption: 'Self-check: measured against a roofline fitted to the run',
        })
      : '<p class="note">No self-check cases.</p>',
  );
  if (l.catalogGpu) {
    out.push(
      tableHtml(checkTable(l.catalogCheck), { caption: `Against the catalog model of ${l.catalogGpu}` }),
    );
  }
  if (l.cpuRoofline) {
    out.push(
      tableHtml(cpuRooflineTable(l.cpuRoofline), { caption: CPU_ROOFLINE_HEADING }),
      `<p class="note">${escapeHtml(l.cpuRoofline.basis)}</p>`,
    );
  }
  out.push(`<p class="note">Errors above ${LARGE_ERROR * 100}% are marked.</p>`);
  return out.join('\n');
}

function modelHtml(data: ReportData, svgs: ReadonlyMap<string, string>): string {
  const m = data.model;
  const list = (items: readonly string[]) =>
    `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  const out = [
    '<h3>Assumptions</h3>',
    m.assumptions.length > 0 ? list(m.assumptions) : '<p class="note">None stated.</p>',
    '<h3>Calibration fit</h3>',
    m.fit.length > 0 ? list(m.fit) : '<p class="note">No fitted constants.</p>',
    '<h3>Validation: modelled against measured</h3>',
  ];
  if (m.validation.length === 0) {
    out.push(empty(EMPTY.validation));
    return out.join('\n');
  }
  out.push(
    figure(svgs, chartIds.validation, 'modelled / measured - 1 per calibration point'),
    tableHtml(validationSummary(data), { caption: 'By group' }),
    details(
      `Every validation point (${m.validation.length}) with its source`,
      tableHtml(
        {
          columns: [
            { header: 'group' },
            { header: 'case' },
            { header: 'measured', align: 'right' },
            { header: 'modelled', align: 'right' },
            { header: 'unit' },
            { header: 'error', align: 'right' },
          ],
          rows: m.validation.map((v) => [
            v.group,
            v.id,
            formatSignificant(v.measured),
            formatSignificant(v.modelled),
            v.unit,
            percentText(v.error),
          ]),
          warn: m.validation.map((v) => Math.abs(v.error) > LARGE_ERROR),
        },
        { raw: { header: 'source', cells: m.validation.map((v) => sourceLink(v.source)) } },
      ),
    ),
  );
  return out.join('\n');
}
