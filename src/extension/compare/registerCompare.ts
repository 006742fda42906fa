import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { selectedRuns } from '../experiments/runActions';
import type { ExperimentsArea } from '../experiments/registerExperiments';
import { registeredRunItems, runIdOfRef } from '../models/modelRefRuns';
import type { ActivationSlots } from '../views/activationSlots';
import { ComparePanel, compareViewType } from './comparePanel';

/** "Compare Runs" on the runs selected in the Experiments view, and restoring the panel after a reload. */
export function registerCompare(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, area: ExperimentsArea, slots: ActivationSlots): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.compareRuns, async (clicked?: unknown, selection?: unknown) => {
      let runs: string[];
      if (Array.isArray(clicked) && clicked.length > 0 && clicked.every((c) => typeof c === 'string')) {
        // Run ids or registered versions (`model@alias`, `model:version`): their source runs.
        try {
          runs = await Promise.all(clicked.map(runIdOfRef));
        } catch (error) {
          void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
          return undefined;
        }
      } else {
        runs = selectedRuns(clicked, selection, area.view).map((s) => s.run.id);
      }
      if (runs.length === 0) {
        // From the palette: pick from every run, newest first, and every registered version.
        const all = await area.stores.all();
        if (all.length === 0) {
          void vscode.window.showInformationMessage('There are no runs to compare yet. Run a pipeline first (MLOps: Run Pipeline).');
          return undefined;
        }
        const registered = (await registeredRunItems()).map((r) => ({ label: r.label, description: r.description, id: r.runId }));
        const picked = await vscode.window.showQuickPick([...all.map((s) => ({ label: s.run.name, description: `${s.run.experiment} · ${s.run.status}`, id: s.run.id })), ...registered], { canPickMany: true, title: 'Compare which runs (or registered models)?' });
        if (!picked || picked.length === 0) return undefined;
        runs = [...new Set(picked.map((p) => p.id))];
      }
      return ComparePanel.show(context.extensionUri, area, area.facts, log, runs);
    }),
  );
  slots.webviewPanelSerializer(compareViewType, ComparePanel.serializer(context.extensionUri, area, area.facts, log));
}
