/**
 * Run ids are ULIDs in lower case: 10 characters of millisecond time, then 16 random ones, in
 * Crockford's base32. They sort by creation time as plain strings, which is what folder listings
 * and the index rely on, and are safe as file names everywhere.
 */
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
const idPattern = /^[0-9a-hjkmnp-tv-z]{26}$/;

let lastTime = -1;
let lastRandom: number[] = [];

/** A new run id; ids made by one process in the same millisecond still sort in creation order. */
export function newRunId(now: number = Date.now(), random: () => number = Math.random): string {
  let rnd: number[];
  if (now === lastTime) {
    // Increment the previous random part, so two ids of the same millisecond keep their order.
    rnd = [...lastRandom];
    for (let i = rnd.length - 1; i >= 0; i--) {
      if (rnd[i]! < 31) { rnd[i]! += 1; break; }
      rnd[i] = 0;
    }
  } else {
    rnd = Array.from({ length: 16 }, () => Math.floor(random() * 32) & 31);
  }
  lastTime = now;
  lastRandom = rnd;
  let time = '';
  let t = Math.max(0, Math.floor(now));
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  return time + rnd.map((n) => alphabet[n]!).join('');
}

export function isRunId(id: string): boolean {
  return idPattern.test(id);
}

/** Creation time encoded in a run id, in milliseconds since the epoch. */
export function runIdTime(id: string): number {
  let t = 0;
  for (const ch of id.slice(0, 10)) t = t * 32 + alphabet.indexOf(ch);
  return t;
}
