import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runColour } from '../../../webview-ui/compare/palette';

const root = path.resolve(__dirname, '..', '..', '..', '..');
interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    colors: { id: string; defaults: Record<string, string> }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    configuration: { properties: Record<string, { type: string; default?: unknown; description?: string; markdownDescription?: string }> };
    viewsWelcome: { view: string; contents: string; when?: string }[];
    views: Record<string, { id: string }[]>;
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const commandIdsSource = fs.readFileSync(path.join(root, 'src', 'extension', 'commandIds.ts'), 'utf8');
const vsix = path.join(root, 'dist', 'mlops-workbench.vsix');

describe('package.json manifest', () => {
  it('declares exactly the command ids src/extension/commandIds.ts lists, all under category MLOps', () => {
    const block = commandIdsSource.slice(commandIdsSource.indexOf('export const CommandIds'), commandIdsSource.indexOf('} as const;'));
    const declaredInCode = [...block.matchAll(/'(mlops\.[\w.]+)'/g)].map((m) => m[1]).sort();
    const declaredInManifest = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(declaredInManifest, declaredInCode);
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'MLOps'));
  });

  it('names only declared commands in its menus', () => {
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) assert.ok(declared.has(entry.command), `${menu} names ${entry.command}`);
    }
  });

  it('contributes run colours equal to the charts\' palette, so tree swatches match chart lines', () => {
    const colours = manifest.contributes.colors.filter((c) => c.id.startsWith('mlops.runColour'));
    assert.equal(colours.length, 12);
    colours.forEach((c, i) => {
      assert.equal(c.id, `mlops.runColour${i}`);
      for (const value of Object.values(c.defaults)) assert.equal(value, runColour(i));
    });
  });

  it('uses in its when clauses only the context keys commandIds.ts declares', () => {
    const block = commandIdsSource.slice(commandIdsSource.indexOf('export const ContextKeys'));
    const declared = new Set([...block.slice(0, block.indexOf('} as const;')).matchAll(/'(mlops\.\w+)'/g)].map((m) => m[1]));
    const viewIds = new Set(Object.values(manifest.contributes.views).flat().map((v) => v.id));
    const clauses = [...Object.values(manifest.contributes.menus).flat(), ...manifest.contributes.viewsWelcome].map((e) => e.when ?? '');
    for (const when of clauses) {
      for (const [key] of when.matchAll(/mlops\.[\w.]+/g)) {
        if (!viewIds.has(key)) assert.ok(declared.has(key), `"${when}" uses ${key}, which ContextKeys does not declare`);
      }
    }
  });

  it('offers Run Pipeline in an empty Experiments view with a pipeline, and Create mlops.yaml without one, each with the docs', () => {
    const welcome = (when: string) => manifest.contributes.viewsWelcome.find((w) => w.view === 'mlops.experiments' && w.when === when)?.contents ?? '';
    assert.match(welcome('mlops.hasPipeline'), /^\[Run Pipeline\]\(command:mlops\.runs\.runPipeline\)$/m);
    assert.match(welcome('!mlops.hasPipeline'), /^\[Create mlops\.yaml\]\(command:mlops\.pipeline\.create\)$/m);
    for (const when of ['mlops.hasPipeline', '!mlops.hasPipeline']) assert.match(welcome(when), /\(command:mlops\.pipeline\.openDocs\)/, `the ${when} empty state has no docs link`);
  });

  it('ships docs/pipeline.md in the .vsix, for "Open Pipeline Format Docs"', () => {
    assert.ok(fs.existsSync(vsix), `${vsix} is missing; run \`npm run package\` first`);
    // Zip entry names are stored uncompressed in the archive's directory.
    assert.ok(fs.readFileSync(vsix).includes('extension/docs/pipeline.md'), 'extension/docs/pipeline.md is not in the .vsix');
  });

  it('declares the Docker and deploy settings with their defaults and a description each', () => {
    const settings = manifest.contributes.configuration.properties;
    const defaults = Object.fromEntries(['mlops.docker.host', 'mlops.docker.defaultBase', 'mlops.deploy.routerImage', 'mlops.deploy.bindAddress'].map((key) => [key, settings[key]?.default]));
    assert.deepEqual(defaults, { 'mlops.docker.host': '', 'mlops.docker.defaultBase': 'python:3.12-slim', 'mlops.deploy.routerImage': 'nginx:1.27-alpine', 'mlops.deploy.bindAddress': '127.0.0.1' });
    for (const key of Object.keys(defaults)) assert.ok(settings[key]?.description ?? settings[key]?.markdownDescription, `${key} has no description`);
  });

  it('orders the Deployments context menus general → lifecycle → destructive, by the state in the item\'s context value', () => {
    // What a right-click shows on an item with this context value, in menu order.
    const menuFor = (contextValue: string) => manifest.contributes.menus['view/item/context']!
      .filter((e) => e.when?.includes('view == mlops.deployments') && !e.group?.startsWith('inline'))
      .filter((e) => {
        const regex = /viewItem =~ \/(.+?)\/(?: |$)/.exec(e.when ?? '')?.[1];
        const exact = /viewItem == ([\w.]+)/.exec(e.when ?? '')?.[1];
        return regex ? new RegExp(regex).test(contextValue) : exact === contextValue;
      })
      .sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '', 'en', { numeric: true }))
      .map((e) => e.command.replace(/^mlops\./, ''));
    assert.deepEqual(menuFor('deployment.healthy'), ['deploy.openEndpoint', 'deploy.sendTestRequest', 'deploy.showLogs', 'monitor.checkDrift', 'deploy.promote', 'deploy.rollback', 'deploy.stop']);
    assert.deepEqual(menuFor('deployment.stopped'), ['deploy.showLogs', 'deploy.promote', 'deploy.rollback', 'deploy.stop']);
    assert.deepEqual(menuFor('version.canary.healthy'), ['deploy.showLogs', 'deploy.promote', 'deploy.rollback']);
    assert.deepEqual(menuFor('version.primary.healthy'), ['deploy.showLogs']);
  });

  it('orders the Models context menus general → lifecycle, with no Set Alias on MLflow\'s read-only versions', () => {
    // Every `viewItem =~ /…/` in a when clause must match, as VS Code evaluates them.
    const menuFor = (view: string, contextValue: string) => manifest.contributes.menus['view/item/context']!
      .filter((e) => e.when?.includes(`view == ${view}`) && !e.group?.startsWith('inline'))
      .filter((e) => [...(e.when ?? '').matchAll(/viewItem =~ \/(.+?)\/(?: |$)/g)].every((m) => new RegExp(m[1]!).test(contextValue)))
      .sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '', 'en', { numeric: true }))
      .map((e) => e.command.replace(/^mlops\./, ''));
    assert.deepEqual(menuFor('mlops.models', 'mlopsModelVersion;gates-passed;own;artifact'), ['models.copyUri', 'models.revealArtifact', 'models.compareWith', 'models.setAlias', 'models.deploy']);
    assert.deepEqual(menuFor('mlops.models', 'mlopsModelVersion;gates-none;mlflow'), ['models.copyUri', 'models.compareWith']);
    assert.deepEqual(menuFor('mlops.models', 'mlopsModel'), ['models.showAuditTrail']);
    assert.deepEqual(menuFor('mlops.models', 'mlopsModel;mlflow'), []);
    assert.ok(menuFor('mlops.experiments', 'mlopsRun;own;done;unstarred;artifacts').includes('runs.registerModel'), 'Register Model is missing from a finished run\'s menu');
    assert.ok(!menuFor('mlops.experiments', 'mlopsRun;own;live;unstarred').includes('runs.registerModel'), 'Register Model is offered on a live run');
    assert.ok(!menuFor('mlops.experiments', 'mlopsRun;imported;done;unstarred').includes('runs.registerModel'), 'Register Model is offered on an imported run');
  });

  it('declares mlops.registry.protectedAliases, defaulting to production, with a description', () => {
    const setting = manifest.contributes.configuration.properties['mlops.registry.protectedAliases'];
    assert.ok(setting, 'mlops.registry.protectedAliases is not declared');
    assert.equal(setting.type, 'array');
    assert.deepEqual(setting.default, ['production']);
    assert.ok((setting.description ?? '').length > 0, 'the setting has no description');
  });

  it('offers Deploy in the empty Deployments view', () => {
    const welcome = manifest.contributes.viewsWelcome.find((w) => w.view === 'mlops.deployments')?.contents ?? '';
    assert.match(welcome, /^Nothing deployed yet\./);
    assert.match(welcome, /^\[Deploy\]\(command:mlops\.deploy\.deploy\)$/m);
  });
});
