import type * as vscode from 'vscode';

/**
 * One refresh loop per view: nothing until the view is first shown; then a refresh on showing,
 * on an interval while visible and after each command (debounced, never two at once). While
 * the view is hidden it is paused and costs nothing: a request then only marks it stale.
 */
export class RefreshManager implements vscode.Disposable {
  private visible = false;
  private stale = true;
  private interval: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly intervalMs = 10_000,
    private readonly debounceMs = 250,
  ) {}

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      clearInterval(this.interval);
      clearTimeout(this.debounce);
      this.interval = undefined;
      return;
    }
    this.interval = setInterval(() => this.request(), this.intervalMs);
    if (this.stale) this.request(0);
  }

  /** Refresh soon (debounced) if visible; otherwise on the next showing. */
  request(delayMs = this.debounceMs): void {
    this.stale = true;
    if (!this.visible) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.now(), delayMs);
  }

  /** Refresh now (a command awaiting the result), joining one already running. */
  async now(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.stale = false;
    this.running = this.refresh().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.request(0);
      }
    });
    return this.running;
  }

  dispose(): void {
    this.visible = false;
    clearInterval(this.interval);
    clearTimeout(this.debounce);
  }
}
