// Loads a separately bundled part of the extension (scripts/build.mjs `lazy` entries) the first
// time it is needed, so the extension host's eager bundle stays small: the language client
// library and the inline debug adapter (with the whole engine) are read only when used.
import * as path from 'node:path';

/**
 * `require` of a dist/ file by absolute path. The path is computed at run time, so esbuild leaves
 * the call alone and does not pull the module into the eager bundle.
 */
export function loadBundle<T>(extensionPath: string, distRelative: string): T {
  const file = path.join(extensionPath, 'dist', distRelative);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time path, on purpose (see above)
  return require(file) as T;
}
