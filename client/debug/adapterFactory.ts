// Runs the debug adapter bundled at dist/debug-adapter/main.js as its own Node process. VS Code's
// extension host may be Electron (desktop) or Node (code-server); ELECTRON_RUN_AS_NODE makes the
// first behave as the second.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export class EbpfAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionUri: vscode.Uri) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const adapter = vscode.Uri.joinPath(this.extensionUri, 'dist', 'debug-adapter', 'main.js').fsPath;
    if (!fs.existsSync(adapter)) throw new Error(`the eBPF debug adapter is missing (${adapter}); run "npm run build"`);
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter], { env: { ELECTRON_RUN_AS_NODE: '1' } });
  }
}
