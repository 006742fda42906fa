// A child process appending to the audit log, for the concurrency test (not a test file).
//   node auditWriterChild.js <registryDir> <count>
import { appendAudit } from '../../../src/node/registry/auditLog';

if (require.main === module) {
  const [registry, count] = process.argv.slice(2);
  for (let i = 0; i < Number(count); i++) {
    appendAudit(registry!, {
      when: new Date().toISOString(), who: `writer ${process.pid}`, action: 'alias-set', model: 'iris', version: i + 1,
      from: null, to: `w${process.pid}=${i}`, reason: null, artifactHash: null,
    });
  }
}
