// Entry point of the `ebpf` command (bundled to dist/cli/ebpf.js).
import { processIo } from './io';
import { runCli } from './main';

process.exitCode = runCli(process.argv.slice(2), processIo);
