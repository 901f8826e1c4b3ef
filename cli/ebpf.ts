// Entry point of the `ebpf` command. Bundled (dist/cli/ebpf.js) it is a small launcher that runs
// the command bundle beside it (dist/cli/ebpf-main.js, from cli/start.ts) with V8's code cache,
// so a short command does not spend its start-up compiling half a megabyte of JavaScript. The
// cache lives in the user's cache folder; V8 checks it against the source and a stale or foreign
// one is simply recompiled and replaced. From source (tsx) this runs cli/start.ts directly.
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

const bundle = path.join(__dirname, 'ebpf-main.js');
if (__filename.endsWith('.js') && fs.existsSync(bundle)) runWithCodeCache(bundle);
// Not an import: the launcher's bundle must not include the command itself.
else Module.createRequire(__filename)(path.join(__dirname, 'start'));

function cacheFile(file: string): string | undefined {
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'win32' ? process.env.LOCALAPPDATA : path.join(os.homedir(), '.cache'));
  if (!base) return undefined;
  const st = fs.statSync(file);
  // One file per bundle build and Node version (V8 rejects caches of another version anyway).
  const key = `${st.size}-${Math.floor(st.mtimeMs)}-${process.version}-${process.arch}`;
  return path.join(base, 'vscode-ebpf', `cli-${key}.v8cache`);
}

function runWithCodeCache(file: string): void {
  const source = fs.readFileSync(file, 'utf8');
  const cache = cacheFile(file);
  let cachedData: Buffer | undefined;
  try {
    if (cache) cachedData = fs.readFileSync(cache);
  } catch {
    // no cache yet
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (cache && (!cachedData || script.cachedDataRejected)) {
    // After the command ran, the cache also holds the functions it compiled on the way.
    process.once('exit', () => {
      try {
        fs.mkdirSync(path.dirname(cache), { recursive: true });
        fs.writeFileSync(cache, script.createCachedData());
      } catch {
        // an unwritable cache folder only costs speed
      }
    });
  }
  const module = { exports: {} };
  const run = script.runInThisContext() as (
    exports: unknown,
    require: NodeRequire,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  run.call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
}
