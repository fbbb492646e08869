/**
 * Render chart specs to inline SVG at build time, in Node: Vega-Lite compiles, Vega's headless view draws
 * with its SVG string renderer. Nothing is fetched: the loader refuses every load, and any Vega or Vega-Lite
 * warning fails the render (a failed load or a dropped field otherwise gives a silently empty chart).
 * Vega is imported on first use so commands that draw no chart do not pay for loading it.
 * @module
 */
import type { ChartSpec } from './charts.ts';

/** Rendering a chart failed: the chart's id and Vega's messages. */
export class ChartRenderError extends Error {
  constructor(
    readonly chartId: string,
    readonly messages: readonly string[],
  ) {
    super(`chart ${chartId} did not render: ${messages.join('; ')}`);
    this.name = 'ChartRenderError';
  }
}

const refuse = (what: string) => async (uri: string) => {
  throw new Error(`charts are offline: refused to ${what} ${uri}`);
};

/**
 * Render each spec to an SVG string, keyed by chart id. SVG ids (gradients, clip paths) are prefixed with
 * the chart id so that several SVGs can be inlined in one page. Rejects with {@link ChartRenderError} on the
 * first chart that warns, errors or asks for a URL.
 */
export async function renderChartSvgs(specs: readonly ChartSpec[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (specs.length === 0) return out;
  const [{ compile }, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const loader = {
    load: refuse('load'),
    sanitize: refuse('resolve'),
    http: refuse('fetch'),
    file: refuse('read'),
  };
  for (const chart of specs) {
    if (out.has(chart.id)) throw new ChartRenderError(chart.id, ['duplicate chart id']);
    const messages: string[] = [];
    const logger = vega.logger(vega.Warn, 'warn', (_method, level, args) => {
      messages.push(`${level} ${args.map(String).join(' ')}`);
    });
    let svg: string;
    let view: InstanceType<typeof vega.View> | undefined;
    try {
      const compiled = compile(chart.spec, { logger }).spec;
      view = new vega.View(vega.parse(compiled), { renderer: 'none', loader, logger, logLevel: vega.Warn });
      svg = await view.toSVG();
    } catch (error) {
      throw new ChartRenderError(chart.id, [
        ...messages,
        error instanceof Error ? error.message : String(error),
      ]);
    } finally {
      view?.finalize();
    }
    if (messages.length > 0) throw new ChartRenderError(chart.id, messages);
    out.set(chart.id, prefixSvgIds(compactSvg(svg), chart.id));
  }
  return out;
}

/**
 * Prefix every `id` an SVG defines, and every reference to one (`url(#id)`, `href="#id"`), with `prefix-`.
 * Vega numbers gradients and clip paths from process-wide counters, so ids of two charts may clash.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}-${id}"`);
}

const DECORATION = / (?:role|aria-roledescription|aria-hidden|pointer-events)="[^"]*"/g;

/**
 * Make an SVG smaller without changing what it shows: drop the ARIA roles and pointer events Vega writes on
 * group marks (the page is static; the tables under the charts carry the numbers), and round numbers inside
 * tags to two decimals (a hundredth of a pixel). Text content is left as it is.
 */
export function compactSvg(svg: string): string {
  return svg.replace(/<[^>]+>/g, (tag) =>
    tag.replace(DECORATION, '').replace(/\d+\.\d{3,}/g, (n) => String(Math.round(Number(n) * 100) / 100)),
  );
}
