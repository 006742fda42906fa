import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The fingerprint of each stage's last successful run, per pipeline file, in
 * `<store>/stage-fingerprints.json` (replaced atomically, so a crash leaves the old file).
 */
export class StageFingerprints {
  private readonly file: string;
  private entries: Record<string, string> | undefined;

  constructor(storeDir: string) {
    this.file = path.join(storeDir, 'stage-fingerprints.json');
  }

  static hash(canonical: string): string {
    return createHash('sha256').update(canonical).digest('hex');
  }

  get(pipelineKey: string, stage: string): string | undefined {
    return this.load()[`${pipelineKey}#${stage}`];
  }

  set(pipelineKey: string, stage: string, fingerprint: string | undefined): void {
    const entries = { ...this.load() };
    if (fingerprint === undefined) delete entries[`${pipelineKey}#${stage}`];
    else entries[`${pipelineKey}#${stage}`] = fingerprint;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(entries, null, 1));
    fs.renameSync(temp, this.file);
    this.entries = entries;
  }

  private load(): Record<string, string> {
    if (this.entries) return this.entries;
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      this.entries = parsed !== null && typeof parsed === 'object' ? parsed as Record<string, string> : {};
    } catch {
      this.entries = {}; // missing or unreadable: every stage simply runs
    }
    return this.entries;
  }
}
