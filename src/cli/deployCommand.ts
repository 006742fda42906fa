// `mlops deploy [RUN|MODEL@ALIAS|MODEL:VERSION] [--image TAG] [--strategy S] [--weight N] [--port P] ...`:
// roll a run's (or registered version's) image out behind the deployment's router; the image is
// built first when it is missing. The change is appended to the registry's audit trail.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseInputExample } from '../core/deploy/contractCheck';
import { isStrategy, STRATEGIES, type Strategy } from '../core/deploy/labels';
import type { DockerEngine } from '../node/docker/engineClient';
import type { DeployableRun } from '../node/docker/deployableRun';
import { registryDir } from '../node/registry/registryLayout';
import { whoAmI } from '../node/registry/whoAmI';
import type { CliCommand } from './cliCommand';
import { buildForDeploy, checkRunGates } from './deployImage';
import { dockerApi, errorNamed } from './dockerBundle';
import { CommandExit, connectedEngine, EXIT, readPipeline, withExitCodes } from './dockerCliSupport';

const USAGE = 'deploy [RUN|MODEL@ALIAS|MODEL:VERSION] [--image TAG] [--strategy S] [--weight N] [--port P] [--override-gates --reason R]';

export const deployCommand: CliCommand = {
  usage: 'deploy [RUN|MODEL@ALIAS|MODEL:VERSION] [--strategy S] [...]',
  summary: 'roll the run\'s (or registered version\'s) image out behind the router (blue-green, canary, shadow, recreate)',
  run: (args, io) => withExitCodes('deploy', io, async () => {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args], allowPositionals: true,
        options: {
          image: { type: 'string' }, strategy: { type: 'string' }, weight: { type: 'string' }, port: { type: 'string' },
          deployment: { type: 'string' }, file: { type: 'string' }, 'docker-host': { type: 'string' }, base: { type: 'string' },
          'router-image': { type: 'string' }, 'override-gates': { type: 'boolean' }, reason: { type: 'string' },
        },
      });
    } catch (error) {
      throw new CommandExit(EXIT.usage, `${error instanceof Error ? error.message : String(error)}. Usage: mlops ${USAGE}`);
    }
    const { values, positionals } = parsed;
    if (positionals.length > 1) throw new CommandExit(EXIT.usage, `give one run or model version, not ${positionals.length}.`);
    if (values['override-gates'] && !values.reason?.trim()) throw new CommandExit(EXIT.usage, '--override-gates needs --reason "why this run may ship anyway".');
    const pipeline = readPipeline(io, values.file);
    if (!pipeline) throw new CommandExit(EXIT.usage, 'there is no mlops.yaml here: run it in the pipeline\'s folder or give --file.');
    const { model: spec } = pipeline;
    if (!spec.model?.example) throw new CommandExit(EXIT.usage, "the pipeline has no 'model.example': the contract check sends it before any traffic moves.");
    const exampleFile = path.resolve(pipeline.dir, spec.model.example);
    let exampleText: string;
    try {
      exampleText = fs.readFileSync(exampleFile, 'utf8');
    } catch {
      throw new CommandExit(EXIT.usage, `the input example ${spec.model.example} cannot be read.`);
    }
    const example = parseInputExample(exampleText, spec.model.example);
    if (!example.ok) throw new CommandExit(EXIT.usage, example.message);
    const strategyText = values.strategy ?? spec.deploy?.strategy ?? 'blue-green';
    if (!isStrategy(strategyText)) throw new CommandExit(EXIT.usage, `--strategy is one of ${STRATEGIES.join(', ')}, not '${strategyText}'.`);
    const strategy: Strategy = strategyText;
    const weight = values.weight !== undefined ? Number(values.weight) : spec.deploy?.weight;
    if (strategy === 'canary' && (weight === undefined || !Number.isInteger(weight) || weight < 1 || weight > 99)) {
      throw new CommandExit(EXIT.usage, `a canary needs --weight from 1 to 99 (percent of traffic), not ${values.weight ?? 'none'}.`);
    }
    const port = values.port !== undefined ? Number(values.port) : spec.deploy?.port;
    if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) throw new CommandExit(EXIT.usage, "give the router's port: --port P or 'deploy.port' in the pipeline.");

    const engine = await connectedEngine(values['docker-host']);
    const gateRequest = { pipelineFile: pipeline.file, runRef: positionals[0], overrideGates: values['override-gates'] === true, reason: values.reason?.trim(), io };
    let image: string;
    let resolved: DeployableRun | undefined;
    if (values.image) {
      image = values.image;
    } else {
      ({ tag: image, resolved } = await buildForDeploy({ ...gateRequest, engine, base: values.base }));
    }
    const labels = await imageLabels(engine, image);
    // An image made from a run or a registered version (its labels say which) passes the same gate check.
    if (values.image && labels['mlops.run']) {
      const registered = labels['mlops.model'] && /^[1-9][0-9]*$/.test(labels['mlops.version'] ?? '') ? `${labels['mlops.model']}:${labels['mlops.version']}` : undefined;
      resolved = await checkRunGates({ ...gateRequest, runRef: registered ?? labels['mlops.run'], unknownRunOk: true });
    }
    const model = labels['mlops.model'] ?? spec.model.name ?? spec.name ?? 'model';
    const version = labels['mlops.version'] ?? image.split(':').pop() ?? 'latest';
    const overridden = resolved && !resolved.gates.passed ? resolved.gates.failing : undefined;
    const result = await dockerApi().deploy({
      engine, image, model, version, run: labels['mlops.run'] ?? '', commit: labels['mlops.commit'], deployment: values.deployment ?? spec.model.name ?? model,
      strategy, weight, port, example: example.example, maxBodyBytes: spec.docker?.maxBodyBytes, routerImage: values['router-image'],
      onProgress: (sentence) => io.err(`${sentence}\n`),
      audit: {
        registry: registryDir(path.join(pipeline.dir, '.mlops')), who: whoAmI(pipeline.dir),
        ...(overridden ? { overriddenGates: overridden, reason: gateRequest.reason ?? '' } : {}),
      },
    });
    io.out(`${result.summary} Endpoint: http://127.0.0.1:${result.state.routerPort ?? port}/invocations\n`);
    return EXIT.ok;
  }),
};

/** The image's labels (model, version, run, commit set at build); a missing image says how to make it. */
async function imageLabels(engine: DockerEngine, image: string): Promise<Record<string, string>> {
  try {
    const info = await dockerApi().engineCall(engine, `inspect the image ${image}`, { timeoutMs: dockerApi().shortCallMs }, () => engine.docker.getImage(image).inspect());
    return info.Config?.Labels ?? {};
  } catch (error) {
    if (errorNamed(error, 'EngineError') && error.code === 'not-found') throw new CommandExit(EXIT.failed, `There is no image ${image} on this Docker engine: build it with \`mlops dockerize\` or drop --image.`);
    throw error;
  }
}
