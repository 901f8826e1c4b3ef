// `npm run bench`: runs every bench/*.bench.ts (each prints its own figures, ideally as ratios
// against a reference measured in the same run), one process each, and fails if any fails.
//   node bench/run.mjs [filter]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
if (files.length === 0) {
  console.log(`bench: no bench/*.bench.ts${filter ? ` matching "${filter}"` : ''} yet`);
  process.exit(0);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit' });
  console.log(
    `--- ${file}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0) failed++;
}
console.log(`\nbench: ${files.length - failed} of ${files.length} ran`);
process.exit(failed ? 1 : 0);
