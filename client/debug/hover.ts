// While an eBPF debug session is paused, hovering a C identifier (or a field chain) in the
// program evaluates it in the debugger: VS Code asks this provider for the expression under the
// cursor and sends it to the adapter's evaluate request (context "hover").
import * as vscode from 'vscode';
import { cExpressionAt } from './cExpressionAt';

export const evaluatableExpressions: vscode.EvaluatableExpressionProvider = {
  provideEvaluatableExpression(document, position) {
    if (vscode.debug.activeDebugSession?.type !== 'ebpf') return undefined;
    const hit = cExpressionAt(document.lineAt(position.line).text, position.character);
    if (!hit) return undefined;
    return new vscode.EvaluatableExpression(
      new vscode.Range(position.line, hit.start, position.line, hit.end),
      hit.text,
    );
  },
};
