// Extension entry point: builds the shared context, then starts each feature from client/features.ts.
// A feature that fails to start is reported (VS Code does not show activation failures to users)
// and the others still start.
import * as vscode from 'vscode';
import { EbpfContext } from './ebpf-context';
import { features } from './features';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const ctx = new EbpfContext(context);
  ctx.output.info(`vscode-ebpf ${String((context.extension.packageJSON as { version?: unknown }).version)} activated`);
  for (const feature of features) {
    try {
      await feature.activate(ctx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.output.error(`feature ${feature.name} failed to start: ${message}`);
      void vscode.window.showErrorMessage(`eBPF: ${feature.name} failed to start: ${message}`);
    }
  }
  ctx.inspectOpenDocuments();
}

export function deactivate(): void {
  // Everything is registered in context.subscriptions and disposed by VS Code.
}
