// The trace panel page's HTML and CSS (theme variables only, so it follows the user's theme).
export function traceHtml(scriptUri: string, cspSource: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style>
  body { padding: 0; margin: 0; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); display: flex; flex-direction: column; height: 100vh; }
  .bar { display: flex; gap: 6px; align-items: center; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
  input, select { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 4px; font: inherit; }
  input { flex: 1; min-width: 120px; }
  input.invalid { border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
  button { background: var(--vscode-button-secondaryBackground, var(--vscode-button-background)); color: var(--vscode-button-secondaryForeground, var(--vscode-button-foreground)); border: none; padding: 3px 8px; cursor: pointer; font: inherit; }
  button:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-button-hoverBackground)); }
  #status, #source { color: var(--vscode-descriptionForeground); white-space: nowrap; }
  .head, .row { display: flex; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); line-height: 20px; height: 20px; white-space: nowrap; }
  .head { font-weight: 600; padding: 0 8px; border-bottom: 1px solid var(--vscode-panel-border); }
  #viewport { flex: 1; overflow: auto; position: relative; }
  #rows { position: absolute; top: 0; left: 0; right: 0; }
  .row { position: absolute; left: 0; right: 0; padding: 0 8px; }
  .row:hover { background: var(--vscode-list-hoverBackground); }
  .time { width: 14ch; flex: none; color: var(--vscode-descriptionForeground); }
  .cpu { width: 5ch; flex: none; }
  .proc { width: 18ch; flex: none; overflow: hidden; text-overflow: ellipsis; }
  .prog { width: 16ch; flex: none; overflow: hidden; text-overflow: ellipsis; color: var(--vscode-symbolIcon-functionForeground, inherit); }
  .msg { flex: 1; overflow: hidden; text-overflow: ellipsis; }
  .at { width: 22ch; flex: none; text-align: right; }
  a { color: var(--vscode-textLink-foreground); text-decoration: none; }
  a:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
</style></head>
<body>
  <div class="bar">
    <input id="filter" placeholder="Filter: text or /regex/" aria-label="Filter">
    <select id="program" aria-label="Program"><option value="">All programs</option></select>
    <button id="pause">Pause</button><button id="clear">Clear</button><button id="save">Save…</button><button id="copy">Copy</button>
    <span id="status"></span><span id="source"></span>
  </div>
  <div class="head"><span class="time">Time</span><span class="cpu">CPU</span><span class="proc">Process</span><span class="prog">Program</span><span class="msg">Message</span><span class="at">Call site</span></div>
  <div id="viewport"><div id="spacer"></div><div id="rows"></div></div>
  <script nonce="${nonce}" src="${scriptUri}"></script>
</body></html>`;
}
