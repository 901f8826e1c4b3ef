// How VS Code runs the eBPF debug adapter.
// - process (default): dist/debug-adapter/main.js as its own Node process. VS Code's extension
//   host may be Electron (desktop) or Node (code-server); ELECTRON_RUN_AS_NODE makes the first
//   behave as the second.
// - inline ("adapter": "inline" in the launch configuration): the session runs in the extension
//   host (DebugAdapterInlineImplementation), with no process start and no port; breakpoints set
//   in the adapter's code hit when the extension itself is being debugged. The session comes
//   from its own bundle (dist/debug-adapter/inline.js, the whole engine), loaded on first use.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { loadBundle } from '../lazy/load';

/** dist/debug-adapter/inline.js (debug-adapter/inline.ts); a DAP session is a vscode.DebugAdapter. */
interface InlineAdapterBundle {
  createInlineSession(options: { windowsIncludeDir?: string }): vscode.DebugAdapter;
}

export class EbpfAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionUri: vscode.Uri) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    if (session.configuration.adapter === 'inline' && !session.configuration.kernelDebug) {
      const windowsIncludeDir = vscode.Uri.joinPath(this.extensionUri, 'include').fsPath;
      const bundle = loadBundle<InlineAdapterBundle>(this.extensionUri.fsPath, 'debug-adapter/inline.js');
      return new vscode.DebugAdapterInlineImplementation(bundle.createInlineSession({ windowsIncludeDir }));
    }
    const adapter = vscode.Uri.joinPath(this.extensionUri, 'dist', 'debug-adapter', 'main.js').fsPath;
    if (!fs.existsSync(adapter)) throw new Error(`the eBPF debug adapter is missing (${adapter}); run "npm run build"`);
    const env = { ELECTRON_RUN_AS_NODE: '1' };
    if (session.configuration.kernelDebug) {
      // kd.exe comes only from the (restricted, trusted-workspace) setting or the default places.
      const kdPath = vscode.workspace.getConfiguration('ebpf').get<string>('windows.kdPath', '');
      return new vscode.DebugAdapterExecutable(
        process.execPath,
        [adapter, '--kernel-debug', ...(kdPath ? [`--kd-path=${kdPath}`] : [])],
        { env },
      );
    }
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter], { env });
  }
}
