// The Metrics tab (final value of every metric per run, best per column highlighted) and the
// Params tab (params that differ between runs, or all of them). Hidden runs stay listed, dimmed,
// and do not compete for "best".

import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { PanelContext } from './context';
import { custom, h } from '../shared/dom';
import type { RunInfo } from './protocol';
import { bestRunIds, finalValue, formatParam, formatNumber, gateCell, hasGateColumn, paramColumns, sortRuns, type SortKey } from './tables';

interface Sort { key: SortKey; descending: boolean }

function sameKey(a: SortKey, b: SortKey): boolean {
  return a.kind === b.kind && (a.kind === 'name' || (b.kind !== 'name' && a.name === b.name));
}

abstract class RunTable {
  readonly root: HTMLElement;
  protected readonly body: HTMLElement;
  protected sort: Sort = { key: { kind: 'name' }, descending: false };

  constructor(protected readonly ctx: PanelContext, className: string) {
    this.body = h('div', { class: 'table-scroll' });
    this.root = h('div', { class: className });
  }

  abstract render(): void;

  protected runCell(run: RunInfo): HTMLElement {
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.backgroundColor = run.colour;
    const open = h('button', { class: 'link-button run-link', type: 'button', title: `Open ${run.name}` }, run.name);
    open.addEventListener('click', () => this.ctx.post({ type: 'openRun', runId: run.id }));
    // The flex layout sits inside the cell: a flex <th> would stop behaving as a table cell.
    return h('th', { scope: 'row', class: 'run-cell' }, h('span', { class: 'run-cell-inner' }, swatch, open,
      run.status === 'running' ? h('span', { class: 'live-badge', title: 'Running: values update live' }, 'live') : null));
  }

  protected header(label: string, key: SortKey, extra: Node | null = null, title?: string): HTMLElement {
    const active = sameKey(this.sort.key, key);
    const button = h('button', { class: 'sort-button', type: 'button', title: title ?? `Sort by ${label}` }, label, extra,
      active ? h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, this.sort.descending ? ' ▾' : ' ▴') : null);
    button.addEventListener('click', () => {
      this.sort = { key, descending: active ? !this.sort.descending : false };
      this.render();
    });
    return h('th', { scope: 'col', 'aria-sort': active ? (this.sort.descending ? 'descending' : 'ascending') : 'none' }, button);
  }
}

export class MetricsTable extends RunTable {
  constructor(ctx: PanelContext) {
    super(ctx, 'metrics-view');
    this.root.append(
      h('p', { class: 'hint' }, 'Final value of each metric. The best value per column is highlighted (↑ higher is better, ↓ lower is better); hidden runs are dimmed and not counted.'),
      this.body);
  }

  render(): void {
    const { model, hidden } = this.ctx;
    const metrics = model.finalMetricNames();
    if (model.runs.length === 0) return;
    if (metrics.length === 0) {
      this.body.replaceChildren(h('p', { class: 'empty-note' }, 'These runs have no final metric values yet.'));
      return;
    }
    const shown = model.runs.filter((r) => !hidden.has(r.id));
    const best = new Map(metrics.map((m) => [m, bestRunIds(shown, m, model.goal(m))]));
    const goalOf = this.sort.key.kind === 'metric' ? model.goal(this.sort.key.name) : 'maximize';
    const rows = sortRuns(model.runs, this.sort.key, this.sort.descending, goalOf);
    // The pipeline's gates as judged when each run finished; only when some run has them.
    const gates = hasGateColumn(model.runs);
    const gatesCell = (run: RunInfo) => {
      const cell = gateCell(run);
      return h('td', { class: `gates gates-${cell.state}`, title: cell.title }, cell.text);
    };
    const head = h('tr', {},
      this.header('Run', { kind: 'name' }),
      h('th', { scope: 'col' }, 'Status'),
      gates ? h('th', { scope: 'col', title: 'The pipeline\'s gates, judged on the final metrics when the run finished' }, 'Gates') : null,
      ...metrics.map((m) => {
        const goal = model.goal(m);
        const mark = h('span', { class: 'goal', 'aria-label': goal === 'maximize' ? 'higher is better' : 'lower is better' }, goal === 'maximize' ? ' ↑' : ' ↓');
        return this.header(m, { kind: 'metric', name: m }, mark, `${m}${m === model.primaryMetric ? ' (primary metric)' : ''}: sort best first`);
      }));
    const body = rows.map((run) => h('tr', { class: hidden.has(run.id) ? 'is-hidden' : undefined },
      this.runCell(run),
      h('td', { class: `status status-${run.status}` }, run.status),
      gates ? gatesCell(run) : null,
      ...metrics.map((m) => {
        const v = finalValue(run, m);
        const isBest = best.get(m)?.has(run.id) === true;
        return h('td', { class: `num${isBest ? ' best' : ''}${m === model.primaryMetric ? ' primary' : ''}`, title: isBest ? 'Best value' : undefined },
          v === undefined ? '—' : formatNumber(v), isBest ? h('span', { class: 'best-mark', 'aria-label': 'best' }, ' ★') : null);
      })));
    this.body.replaceChildren(h('table', { class: 'run-table' }, h('thead', {}, head), h('tbody', {}, ...body)));
  }
}

export class ParamsTable extends RunTable {
  private readonly toggle: HTMLElement;
  private readonly note: HTMLElement;

  constructor(ctx: PanelContext) {
    super(ctx, 'params-view');
    this.toggle = custom('vscode-checkbox', { checked: ctx.ui.showAllParams, label: 'Show all params' });
    this.toggle.addEventListener('change', () => {
      ctx.ui.showAllParams = (this.toggle as HTMLElement & { checked: boolean }).checked;
      ctx.saveUi();
      this.render();
    });
    this.note = h('span', { class: 'hint' });
    this.root.append(h('div', { class: 'toolbar' }, this.toggle, this.note), this.body);
  }

  render(): void {
    const { model, hidden, ui } = this.ctx;
    if (model.runs.length === 0) return;
    const names = model.paramNames();
    const shown = model.runs.filter((r) => !hidden.has(r.id));
    const columns = paramColumns(shown.length > 0 ? shown : model.runs, names, ui.showAllParams);
    this.note.textContent = ui.showAllParams
      ? `${names.length} params`
      : `${columns.length} of ${names.length} params differ between the shown runs`;
    if (columns.length === 0) {
      this.body.replaceChildren(h('p', { class: 'empty-note' },
        names.length === 0 ? 'These runs have no params.' : 'Every param has the same value in all shown runs. Tick “Show all params” to see them.'));
      return;
    }
    const rows = sortRuns(model.runs, this.sort.key, this.sort.descending);
    const head = h('tr', {}, this.header('Run', { kind: 'name' }), ...columns.map((p) => this.header(p, { kind: 'param', name: p })));
    const body = rows.map((run) => h('tr', { class: hidden.has(run.id) ? 'is-hidden' : undefined },
      this.runCell(run),
      ...columns.map((p) => {
        const has = Object.hasOwn(run.params, p);
        const v = has ? run.params[p] ?? null : null;
        return h('td', { class: typeof v === 'number' ? 'num' : undefined }, has ? formatParam(v) : '—');
      })));
    this.body.replaceChildren(h('table', { class: 'run-table' }, h('thead', {}, head), h('tbody', {}, ...body)));
  }
}
