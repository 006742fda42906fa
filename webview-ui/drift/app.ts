// The drift report panel: the verdict at the top, then one card per feature (most drifted
// first) with its statistics, the threshold and the overlaid histogram reference vs live.

import { h } from '../shared/dom';
import { histogramSvg } from './histogramSvg';
import { checkHostMessage, type DriftReportView, type FeatureView, type HostMessage, type WebviewMessage } from './protocol';
import { formatNumber, formatPValue, histogramBars, histogramDescription, ruleText, sortFeatures, verdictText } from './viewModel';

/** The part of VS Code's webview API the panel uses. */
export interface WebviewApi {
  postMessage(message: WebviewMessage): void;
}

export class App {
  constructor(private readonly root: HTMLElement, private readonly api: WebviewApi) {
    this.root.replaceChildren(h('p', { class: 'muted', role: 'status' }, 'Waiting for the drift check…'));
  }

  /** Entry point for every `message` event; a malformed message is reported and said in the panel. */
  receive(data: unknown): void {
    const check = checkHostMessage(data);
    if (!check.ok) {
      this.api.postMessage({ type: 'error', message: check.reason });
      this.root.replaceChildren(h('p', { class: 'failure', role: 'alert' }, `Could not show the report: ${check.reason}.`));
      return;
    }
    this.show(check.message);
    document.dispatchEvent(new CustomEvent('mlops-drift-drawn', { detail: { type: check.message.type } }));
  }

  private show(message: HostMessage): void {
    switch (message.type) {
      case 'checking':
        this.root.replaceChildren(h('p', { class: 'muted', role: 'status', id: 'drift-status' }, `Checking drift of ${message.subject}…`));
        return;
      case 'failed':
        this.root.replaceChildren(
          h('h1', {}, `Drift report: ${message.subject}`),
          h('p', { class: 'failure', role: 'alert', id: 'drift-status' }, message.message),
        );
        return;
      case 'noMonitor':
        this.root.replaceChildren(h('section', { class: 'empty-state', id: 'drift-status' },
          h('h1', {}, 'No drift monitoring set up'),
          h('p', {}, `${message.pipeline} has no monitor: section, so there is no reference data to compare the live requests with. Add one:`),
          h('pre', {}, 'monitor:\n  reference: data/train.csv     # the data the model was trained on\n  live: logs/requests.jsonl     # requests logged by the model server\n  method: psi\n  threshold: 0.2'),
          h('p', {}, 'then run "MLOps: Check Drift" again, or use Check Drift on a deployment in the Deployments view to compare its request log.'),
        ));
        return;
      case 'report':
        this.root.replaceChildren(...this.report(message.report));
        return;
    }
  }

  private report(r: DriftReportView): Node[] {
    const rule = ruleText(r.settings);
    const retrain = r.drifted && r.canRetrain ? h('button', { id: 'drift-retrain', class: 'button', type: 'button' }, 'Retrain') : null;
    retrain?.addEventListener('click', () => this.api.postMessage({ type: 'retrain' }));
    const checked = new Date(r.checkedAt);
    const header = h('header', {},
      h('h1', {}, `Drift report: ${r.subject}`),
      h('p', { class: 'muted' }, `Reference ${r.reference} · live ${r.live} (${r.liveRows} rows) · checked ${Number.isNaN(checked.getTime()) ? r.checkedAt : checked.toLocaleString()}`),
    );
    const verdict = h('section', { id: 'drift-verdict', class: `verdict ${r.drifted ? 'drifted' : 'stable'}`, role: 'status', 'data-drifted': String(r.drifted) },
      h('span', { class: 'verdict-text' }, verdictText(r)),
      h('span', { class: 'muted' }, ` · a feature drifts when ${rule}${r.settings.method !== 'ks' ? '' : `, corrected over ${r.features.length} tests`}`),
      retrain,
    );
    const legend = h('p', { class: 'legend', 'aria-hidden': 'true' }, h('span', { class: 'swatch reference' }), 'reference ', h('span', { class: 'swatch live' }), 'live');
    const list = h('ol', { id: 'drift-features', class: 'features' }, ...sortFeatures(r.features, r.settings.method).map((f) => this.feature(f, rule)));
    return [header, verdict, legend, list];
  }

  private feature(f: FeatureView, rule: string): HTMLElement {
    const bars = histogramBars(f.histogram);
    const testName = f.test === 'ks' ? 'KS' : 'χ²';
    const stat = (label: string, value: string, title?: string) => h('div', { class: 'stat', title }, h('dt', {}, label), h('dd', {}, value));
    return h('li', { class: `feature ${f.drifted ? 'drifted' : 'stable'}`, 'data-feature': f.name, 'data-drifted': String(f.drifted) },
      h('h2', {}, f.isPrediction ? 'Model outputs (prediction drift)' : f.name, ' ', h('span', { class: `badge ${f.drifted ? 'drifted' : 'stable'}` }, f.drifted ? 'drifted' : 'no drift')),
      h('dl', { class: 'stats' },
        stat('PSI', `${formatNumber(f.psi)} (${f.psiBand})`, 'Population stability index on 10 reference-decile bins'),
        stat(`${testName} p, corrected`, formatPValue(f.adjustedPValue), `Raw p-value ${formatPValue(f.pValue)}; ${testName} statistic ${formatNumber(f.statistic)}`),
        stat(f.kind === 'numeric' ? 'Effect size (D)' : "Effect size (Cramér's V)", formatNumber(f.effectSize)),
        stat('JS distance', formatNumber(f.jsDistance), 'Jensen–Shannon distance, base 2, in [0, 1]'),
        f.kind === 'numeric' ? stat('W/σ', formatNumber(f.normedWasserstein), `Wasserstein distance ${formatNumber(f.wasserstein)} over the reference's standard deviation`) : null,
        stat('Threshold', rule),
        stat('Rows', `${f.referenceRows} ref · ${f.liveRows} live`),
      ),
      histogramSvg(bars, histogramDescription(f, bars), f.histogram.kind === 'categorical'),
      bars.labels.length > 1 && f.histogram.kind === 'numeric'
        ? h('p', { class: 'axis-labels muted', 'aria-hidden': 'true' }, h('span', {}, formatNumber(f.histogram.edges[0]!)), h('span', {}, formatNumber(f.histogram.edges[f.histogram.edges.length - 1]!)))
        : null,
      ...f.notes.map((note) => h('p', { class: 'note muted' }, `Note: ${note}.`)),
    );
  }
}
