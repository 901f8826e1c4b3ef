// Live and session sources for the map explorer and the trace panel, and the parsers they share
// with the CLI (`ebpf maps`, `ebpf trace`). See docs/views.md.
export * from './source';
export * from './bytes';
export * from './decode';
export * from './bpftool';
export * from './netsh';
export * from './tracePipe';
export * from './tracefmt';
export * from './callSites';
export { BpftoolMapSource, explainBpftoolFailure } from './bpftoolSource';
export { WindowsMapSource } from './windowsSource';
export { TracePipeSource, EtwTraceSource, findTracePipe, tracelogStartArgs, attribute } from './traceSources';
export { VmMapSource, findMapDeclaration } from './vmSource';
