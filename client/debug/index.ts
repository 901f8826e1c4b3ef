// The debugger's client side: the configuration provider (F5 on a C file), the adapter factory
// and the hover that evaluates C expressions while paused.
import * as vscode from 'vscode';
import type { EbpfContext } from '../ebpf-context';
import { EbpfAdapterFactory } from './adapterFactory';
import { DEBUG_TYPE, EbpfConfigurationProvider } from './configuration';
import { evaluatableExpressions } from './hover';

export function activate(ctx: EbpfContext): void {
  const provider = new EbpfConfigurationProvider();
  ctx.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      { provideDebugConfigurations: () => provider.provideDebugConfigurations() },
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new EbpfAdapterFactory(ctx.extension.extensionUri)),
    vscode.languages.registerEvaluatableExpressionProvider({ language: 'c' }, evaluatableExpressions),
  );
}
