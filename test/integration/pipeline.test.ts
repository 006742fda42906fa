import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'mlops');

/** What the pipeline's diagnostics are now, for failure messages: `code@line:col` each. */
const seenDiagnostics = (uri: vscode.Uri) => `diagnostics [${ours(uri).map((d) => `${typeof d.code === 'object' ? String(d.code.value) : String(d.code)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ')}]`;

/** Polls until `probe` answers; the deadline only guards against a hang, and says what was seen. */
async function waitFor<T>(what: string, probe: () => T | undefined, seen: () => string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; saw ${seen()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function replaceIn(editor: vscode.TextEditor, find: string, replacement: string, nth = 0): Promise<vscode.Range> {
  const text = editor.document.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(find, at + 1);
  assert.ok(at >= 0, `'${find}' not found`);
  const range = new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + find.length));
  assert.ok(await editor.edit((e) => e.replace(range, replacement)));
  return new vscode.Range(range.start, editor.document.positionAt(at + replacement.length));
}

describe('mlops.yaml in the editor', function () {
  this.timeout(60_000);
  let uri: vscode.Uri;
  let paramsUri: vscode.Uri;
  let original: string;
  let originalParams: Buffer;
  let editor: vscode.TextEditor;

  before(async () => {
    const root = vscode.workspace.workspaceFolders![0]!.uri;
    uri = vscode.Uri.joinPath(root, 'mlops.yaml');
    paramsUri = vscode.Uri.joinPath(root, 'params.yaml');
    editor = await vscode.window.showTextDocument(uri);
    original = editor.document.getText();
    originalParams = fs.readFileSync(paramsUri.fsPath);
  });

  after(async () => {
    // Whatever happened above, the next suite runs the pipeline as shipped.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.writeFileSync(uri.fsPath, original);
    fs.writeFileSync(paramsUri.fsPath, originalParams);
  });

  afterEach(async () => {
    // Undo whatever a test typed, in both files, without saving anything.
    for (const target of [paramsUri, uri]) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
      if (open?.isDirty) {
        await vscode.window.showTextDocument(open);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
    editor = await vscode.window.showTextDocument(uri);
  });

  it('opens as an MLOps pipeline and the bundled example validates clean', async () => {
    assert.equal(editor.document.languageId, 'mlops-pipeline');
    // Type an error and take it back: once the error has come and gone, the check has run.
    const typed = await replaceIn(editor, 'deps:', 'depz:');
    await waitFor('the typed error', () => (ours(uri).length > 0 ? true : undefined), () => seenDiagnostics(uri));
    await editor.edit((e) => e.replace(typed, 'deps:'));
    await waitFor('no diagnostics', () => (ours(uri).length === 0 ? true : undefined), () => seenDiagnostics(uri));
  });

  it('puts an unknown key\'s diagnostic exactly on the key, with a "did you mean" quick fix that repairs the file', async () => {
    const typo = await replaceIn(editor, 'metrics: metrics/eval.json', 'metricz: metrics/eval.json');
    const keyRange = new vscode.Range(typo.start, typo.start.translate(0, 'metricz'.length));
    const diagnostic = await waitFor('unknown-key', () => ours(uri).find((d) => d.code === 'unknown-key'), () => seenDiagnostics(uri));
    assert.ok(diagnostic.range.isEqual(keyRange), `expected the diagnostic on 'metricz' at ${keyRange.start.line + 1}:${keyRange.start.character + 1}-${keyRange.end.character + 1}, saw ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}-${diagnostic.range.end.character + 1}`);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /metrics/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === "Change to 'metrics'");
    assert.ok(fix?.edit, `no quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.getText(), original);
    await waitFor('the diagnostic to clear', () => (ours(uri).length === 0 ? true : undefined), () => seenDiagnostics(uri));
  });

  it('flags a param missing from params.yaml and adds it there with a quick fix', async () => {
    await replaceIn(editor, '${params.prepare.seed}', '${params.prepare.shuffle_seed}');
    const diagnostic = await waitFor('param-missing', () => ours(uri).find((d) => d.code === 'param-missing'), () => seenDiagnostics(uri));
    assert.match(editor.document.getText(diagnostic.range), /prepare\.shuffle_seed/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => /^Add 'prepare\.shuffle_seed: .*' to params\.yaml$/.test(a.title));
    assert.ok(fix?.edit, `no quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const params = vscode.workspace.textDocuments.find((d) => d.uri.toString() === paramsUri.toString());
    assert.match(params?.getText() ?? '', /prepare:\n(?:\s+.*\n)*?\s+shuffle_seed:/);
    await waitFor('the diagnostic to clear', () => (ours(uri).some((d) => d.code === 'param-missing') ? undefined : true), () => seenDiagnostics(uri));
  });

  it('re-checks the pipeline when params.yaml is edited', async () => {
    const paramsEditor = await vscode.window.showTextDocument(paramsUri, { preview: false, preserveFocus: false });
    await replaceIn(paramsEditor, '  seed: 42\n', '');
    const diagnostic = await waitFor('param-missing after editing params.yaml', () => ours(uri).find((d) => d.code === 'param-missing'), () => seenDiagnostics(uri));
    assert.match(diagnostic.message, /prepare\.seed/);
  });

  it('completes stage names in needs, and shows the schema\'s description on hover', async () => {
    const at = await replaceIn(editor, '    metrics: metrics/eval.json', '    metrics: metrics/eval.json\n    needs: []');
    const inside = new vscode.Position(at.end.line, at.end.character - 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, inside);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('prepare') && labels.includes('train'), `completions: ${labels.join(', ')}`);

    // Stated here, not read from the schema the hover is built from.
    const depsLine = editor.document.getText().split('\n').findIndex((l) => l.trim().startsWith('deps:'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(depsLine, 6));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.startsWith('**deps**') && text.includes('Files and folders the stage reads'), `expected the hover to describe deps, saw: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
  });

  it('outlines the stages and puts Run lenses over them', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.deepEqual(symbols.map((s) => s.name), ['prepare', 'train', 'evaluate']);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title);
    assert.deepEqual(titles, ['▶ Run pipeline', 'Run sweep', '▶ Run stage', '▶ Run stage', '▶ Run stage']);
    assert.deepEqual(lenses.slice(2).map((l) => l.command?.arguments?.[1] as unknown), ['prepare', 'train', 'evaluate']);
  });
});
