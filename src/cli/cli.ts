import { main } from './main';

// The bundle's entry point: wires main() to the real process, and turns anything unexpected into
// one sentence plus a non-zero exit instead of a stack trace.
main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`mlops: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
