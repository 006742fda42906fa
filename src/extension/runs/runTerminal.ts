import * as vscode from 'vscode';

/**
 * A terminal that shows one run's output live. Output written before VS Code opens the terminal
 * is buffered, so the first lines are never lost.
 */
export class RunTerminal implements vscode.Pseudoterminal, vscode.Disposable {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private opened = false;
  private buffered = '';
  private pendingExit: number | undefined;

  /** Called when the user closes the terminal; cancels the run it shows. */
  constructor(private readonly onUserClose?: () => void) {}

  open(): void {
    this.opened = true;
    if (this.buffered) this.writer.fire(this.buffered);
    this.buffered = '';
    if (this.pendingExit !== undefined) this.closer.fire(this.pendingExit);
  }

  close(): void {
    this.onUserClose?.();
  }

  write(text: string): void {
    const crlf = text.replace(/\r?\n/g, '\r\n'); // a pseudoterminal needs CR LF
    if (this.opened) this.writer.fire(crlf);
    else this.buffered += crlf;
  }

  /** Ends a task's terminal with its exit code. */
  exit(code: number): void {
    if (this.opened) this.closer.fire(code);
    else this.pendingExit = code;
  }

  dispose(): void {
    this.writer.dispose();
    this.closer.dispose();
  }
}
