// `ebpf run --engine native`: the same jobs as the interpreter, run by a runner built from the
// generated `--raw` C (core/native/engine). Map contents go in before each run and come back
// after it through the VM's maps, so the report (changed maps, summary) is computed the same way.
import type { Program } from '../../core/program/types';
import { buildRunner } from '../../core/native/engine/build';
import { missingHelpers, unsupportedMaps } from '../../core/native/engine/bindings';
import { nativeInput, runNative } from '../../core/native/engine/run';
import { NativeError } from '../../core/native/generate';
import { verifyProgram } from '../../core/verifier/index';
import { VmError } from '../../core/vm/errors';
import type { RunInput, RunResult, Vm } from '../../core/vm/vm';
import { CliError } from '../io';

export function runNativeJobs(
  file: string,
  programs: readonly Program[],
  index: number,
  jobs: readonly { label: string; input: RunInput }[],
  vm: Vm,
): { label: string; result: RunResult }[] {
  const program = programs[index];
  if (!program) throw new Error(`${file}: no program at index ${index}`);
  const verdict = verifyProgram(program, { keepStates: false });
  if (verdict.verdict === 'fail')
    throw new CliError(
      `${file}: ${program.section}/${program.name} fails verification (${verdict.diagnostics[0]?.message ?? 'see ebpf verify'}); the native engine runs only verified programs`,
    );
  const missing = missingHelpers(programs);
  if (missing.length > 0)
    throw new CliError(`${file}: the native runtime does not implement ${missing.join(', ')} (use the interpreter)`);
  const maps = unsupportedMaps(programs);
  if (maps.length > 0)
    throw new CliError(
      `${file}: the native runtime has no map of the kind of ${maps.join(', ')} (use the interpreter)`,
    );
  try {
    const build = buildRunner(programs, { fileName: file });
    return jobs.map((job) => {
      const r = runNative(build, nativeInput(programs, index, job.input, vm.saveMaps()));
      for (const [m, entries] of r.maps) {
        const map = vm.maps[m];
        if (!map) throw new Error(`${file}: the native run changed map ${m}, which the object does not have`);
        for (const [key, value] of entries) map.update(Buffer.from(key, 'hex'), Buffer.from(value, 'hex'), 0);
      }
      const returnValue = program.platform.resultBits === 32 ? r.returnValue & 0xffffffffn : r.returnValue;
      const returnName = program.programType?.returnValues[Number(returnValue)];
      const result: RunResult = {
        returnValue,
        ...(returnName !== undefined && { returnName }),
        instructions: 0,
        printk: r.printk.map((text) => ({ text, pc: -1, program: program.name })),
        ...(r.packet && { packet: r.packet }),
        ...(r.meta && { meta: r.meta }),
        programs: r.programs,
        ...(r.error && { error: new VmError(r.error) }),
      };
      return { label: job.label, result };
    });
  } catch (e) {
    if (e instanceof NativeError) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
}
