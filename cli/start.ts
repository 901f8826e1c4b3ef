// Runs the `ebpf` command in this process (bundled to dist/cli/ebpf-main.js, which the launcher
// dist/cli/ebpf.js loads through V8's code cache; see cli/ebpf.ts).
import { processIo } from './io';
import { runCli } from './main';

process.exitCode = runCli(process.argv.slice(2), processIo);
