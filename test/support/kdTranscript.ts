// Replays a recorded kd transcript (test/fixtures/kd/*.transcript, format in its README) as a
// KdProcess: kd's start-up output, then for each command the adapter writes, the recorded answer,
// in two chunks cut inside the prompt (kd's output arrives in pieces). A command other than the
// one recorded next is kept in `mismatches` and answered with kd's syntax error, so a test fails
// on it instead of hanging.
import fs from 'node:fs';
import path from 'node:path';
import type { KdProcess } from '../../debug-adapter/kd/console';
import { REPO_ROOT } from './clang';

interface Step {
  readonly command: string;
  readonly output: string;
  readonly exit?: number;
}

export interface Replay {
  readonly process: KdProcess;
  /** The commands the adapter wrote, in order. */
  readonly sent: string[];
  readonly mismatches: string[];
  /** Recorded commands not reached. */
  remaining(): string[];
  readonly exe: { path?: string; args?: readonly string[] };
}

export function readTranscript(name: string, vars: Readonly<Record<string, string>>): { start: string; steps: Step[] } {
  let text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'kd', name), 'utf8');
  for (const [k, v] of Object.entries(vars)) text = text.split('${' + k + '}').join(v);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const steps: Step[] = [];
  const start: string[] = [];
  let current: { command: string; lines: string[] } | undefined;
  let exit: number | undefined;
  const close = () => {
    if (current)
      steps.push({
        command: current.command,
        output: current.lines.join('\n'),
        ...(exit !== undefined ? { exit } : {}),
      });
    exit = undefined;
  };
  for (const line of lines) {
    if (line.startsWith('>>> ')) {
      close();
      current = { command: line.slice(4), lines: [] };
    } else if (line.startsWith('<<< exit ')) {
      exit = Number(line.slice('<<< exit '.length));
    } else if (current) current.lines.push(line);
    else start.push(line);
  }
  close();
  return { start: start.join('\n'), steps };
}

export function replay(name: string, vars: Readonly<Record<string, string>> = {}): Replay {
  const { start, steps } = readTranscript(name, vars);
  const outputs: ((chunk: string) => void)[] = [];
  const exits: ((code: number | null) => void)[] = [];
  const sent: string[] = [];
  const mismatches: string[] = [];
  let next = 0;
  let exited = false;
  const emit = (text: string) => {
    // Cut inside the text (inside the prompt for most answers): listeners must reassemble it.
    const cut = Math.max(0, text.length - 3);
    for (const piece of [text.slice(0, cut), text.slice(cut)]) if (piece) for (const l of outputs) l(piece);
  };
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    for (const l of exits) l(code);
  };
  const process: KdProcess = {
    write: (text) => {
      const command = text.replace(/\n$/, '');
      sent.push(command);
      const step = steps[next];
      if (!step || step.command !== command) {
        mismatches.push(`sent '${command}', recorded '${step?.command ?? '(end)'}'`);
        setImmediate(() => emit(`Syntax error in '${command}'\n0: kd> `));
        return;
      }
      next++;
      setImmediate(() => {
        emit(step.output);
        if (step.exit !== undefined) exit(step.exit);
      });
    },
    onOutput: (l) => {
      outputs.push(l);
      // Start-up output once the first listener is there.
      if (outputs.length === 1 && start) setImmediate(() => emit(start));
    },
    onExit: (l) => exits.push(l),
    kill: () => exit(1),
  };
  return { process, sent, mismatches, remaining: () => steps.slice(next).map((s) => s.command), exe: {} };
}
