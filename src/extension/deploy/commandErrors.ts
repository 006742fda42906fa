import * as vscode from 'vscode';
import { PickCancelled } from '../runs/pickers';

/**
 * Runs a command's body: a dismissed picker ends it silently; any failure becomes one sentence
 * with "Show Log", its detail going to the MLOps Docker channel (never a stack trace on screen).
 */
export async function guarded(what: string, log: vscode.LogOutputChannel, body: () => Promise<unknown>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof PickCancelled) return;
    const e = error as { name?: string; code?: string; message?: string; detail?: string };
    if (e.code === 'cancelled' || e.name === 'AbortError') {
      log.info(`${what}: cancelled`);
      void vscode.window.showInformationMessage(`${what} cancelled.`);
      return;
    }
    const sentence = firstSentence(e.message ?? String(error));
    log.error(`${what} failed: ${e.message ?? String(error)}${e.detail ? `\n${e.detail}` : ''}`);
    const choice = await vscode.window.showErrorMessage(`${what} failed: ${sentence}`, 'Show Log');
    if (choice === 'Show Log') log.show();
  }
}

function firstSentence(text: string): string {
  return text.split('\n')[0]!.trim();
}
