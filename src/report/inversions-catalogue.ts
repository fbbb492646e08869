/**
 * Renderer of the inversions catalogue (pure: data -> string): per scenario, each GPU's throughput beside
 * its TPP, then each restricted part's verdict against the flagship with the binding resource and margin.
 * @module
 */
import type { Matchup, ScenarioOutcome } from '../analysis/inversions-catalogue.ts';
import { RESOURCE_WORDS } from './crossover-text.ts';
import { formatSignificant } from './estimate.ts';
import { formatNumber, renderTable } from './table.ts';

/** A matchup verdict in words, e.g. `INVERSION: h20 wins by 16% (memory bandwidth)`. */
export function describeMatchup(m: Matchup): string {
  const margin =
    m.marginPct === null
      ? ''
      : m.marginPct < 100
        ? ` by ${m.marginPct.toFixed(0)}%`
        : ` by ${(1 + m.marginPct / 100).toFixed(2)}x`;
  const resource = m.binding === null ? '' : `; binding: ${RESOURCE_WORDS[m.binding]}`;
  switch (m.verdict) {
    case 'restricted-wins':
      return `INVERSION: ${m.restricted} beats ${m.flagship}${margin}${resource} (${m.why})`;
    case 'flagship-wins':
      return `${m.flagship} wins over ${m.restricted}${margin}${resource} (${m.why})`;
    case 'tie':
      return `tie: ${m.restricted} within 1% of ${m.flagship} (${m.why})`;
    case 'neither-fits':
      return `neither ${m.restricted} nor ${m.flagship} fits`;
  }
}

function renderOutcome(o: ScenarioOutcome): string {
  const head = `== ${o.scenario.id}: ${o.scenario.title} ==`;
  if (o.state === 'unavailable') return `${head}\n  not available: ${o.reason}`;
  if (o.state === 'errored') return `${head}\n  error: ${o.error}`;
  const flagship = o.gpus[0]!;
  const table = renderTable(
    [
      { header: 'gpu' },
      { header: 'TPP', align: 'right' },
      { header: o.throughputUnit, align: 'right' },
      { header: 'bound' },
      { header: `vs ${flagship.gpu}`, align: 'right' },
    ],
    o.gpus.map((g) => [
      g.gpu,
      formatNumber(g.tpp),
      g.fits ? formatSignificant(g.throughput) : 'does not fit',
      g.bound,
      g.throughput !== null && flagship.throughput !== null && flagship.throughput > 0
        ? `${(g.throughput / flagship.throughput).toFixed(2)}x`
        : 'n/a',
    ]),
  );
  return [
    head,
    `  ${o.scenario.workload} ${Object.entries(o.scenario.flags)
      .map(([k, v]) => `${k} ${v}`)
      .join(' ')}`,
    `  why it matters: ${o.scenario.rationale}`,
    table
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
    ...o.matchups.map((m) => `  ${describeMatchup(m)}`),
  ].join('\n');
}

/** The whole catalogue, with a closing count of inversions, flagship wins and unavailable scenarios. */
export function renderInversionsCatalogue(outcomes: readonly ScenarioOutcome[]): string {
  const matchups = outcomes.flatMap((o) => (o.state === 'evaluated' ? o.matchups : []));
  const count = (v: Matchup['verdict']) => matchups.filter((m) => m.verdict === v).length;
  const unavailable = outcomes.filter((o) => o.state !== 'evaluated').length;
  const summary = `${outcomes.length} scenarios, ${matchups.length} restricted-vs-flagship matchups: ${count('restricted-wins')} inversions (restricted part wins), ${count('flagship-wins')} flagship wins, ${count('tie')} ties, ${count('neither-fits')} neither fits${unavailable ? `, ${unavailable} not evaluated` : ''}`;
  return `${[...outcomes.map(renderOutcome), summary].join('\n\n')}\n`;
}
