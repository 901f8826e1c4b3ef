// The one place where the server binds to the engine in core/: toolchain, loader, platform
// profiles, verifier (the verification itself runs in verifyWorker.ts's thread). Everything else
// in server/ sees only the Engine interface.

import type { Engine } from './analysis';
import { compileBuffer } from '../core/toolchain/compile';
import { loadObject } from '../core/program/loader';
import { linuxProfile, windowsProfile } from '../core/platform/index';
import path from 'node:path';
import { plain, settingTypeRules, verifyObject, VerifyThread } from './verifyWorker';

/**
 * `workerScript`: the script of the verification thread (the server's own bundle); without it,
 * verification runs on the calling thread.
 */
export function createEngine(workerScript?: string): Engine {
  const thread = workerScript ? new VerifyThread(workerScript) : undefined;
  return {
    compile: ({ source, filePath, platform, settings, workspaceRoot, signal }) =>
      compileBuffer({
        source,
        filePath,
        platform,
        ...(settings.clangPath !== undefined && { clangPath: settings.clangPath }),
        ...(settings.windowsIncludePath !== undefined && { windowsIncludePath: settings.windowsIncludePath }),
        workspaceTrusted: settings.workspaceTrusted,
        ...(settings.extensionPath && { extensionIncludeDir: path.join(settings.extensionPath, 'include') }),
        includePaths: settings.includePaths,
        extraArgs: settings.extraArgs,
        ...(workspaceRoot !== undefined && { workspaceRoot }),
        ...(signal !== undefined && { signal }),
      }),
    load: (object, { platform, sourceText, fileName, programTypes }) => {
      const forced =
        platform.source === 'setting' ? (platform.id === 'windows' ? windowsProfile : linuxProfile) : 'auto';
      const loaded = loadObject(object, {
        platform: forced,
        sourceText,
        fileName,
        programTypes: settingTypeRules(programTypes),
      });
      return {
        programs: loaded.programs,
        failedPrograms: loaded.failedPrograms,
        platform: loaded.platform,
        platformReason: loaded.platformReason,
      };
    },
    verify: async (request, signal) => {
      if (thread) return thread.verify(request, signal);
      const { results } = verifyObject(request);
      return {
        programs: results.map(plain),
        stateAt: async (index, pc) => {
          const r = results[index];
          return r && typeof r !== 'string' ? r.stateAt(pc) : undefined;
        },
      };
    },
    displayName: (id) => (id === 'windows' ? windowsProfile : linuxProfile).displayName,
    profile: (id) => (id === 'windows' ? windowsProfile : linuxProfile),
  };
}
