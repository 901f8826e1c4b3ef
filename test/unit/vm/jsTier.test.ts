// The JavaScript tier of Vm.run against the interpreter alone: on every conformance program (and
// with budgets that run out inside blocks), both must give the same r0, instruction count, error
// text and memory, since the tier hands over to the interpreter wherever it does not inline.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { decodeInstructions, hexToBytes } from '../../../core/isa/decode';
import { programFromInstructions } from '../../../core/program/fromInstructions';
import { CONFORMANCE_HELPERS, conformancePlatform } from '../../../core/vm/conformance';
import { Vm, type RunResult } from '../../../core/vm/vm';
import { loadConformanceCases } from '../../support/conformance';

function outcome(r: RunResult): string {
  const memory = r.memory ? Buffer.from(r.memory).toString('hex') : '';
  return `r0=${r.returnValue} insns=${r.instructions} error=${r.error?.message ?? '-'} pc=${r.error?.location?.pc ?? '-'} mem=${memory}`;
}

describe('JavaScript tier = interpreter', () => {
  it('on every conformance program, with full and cut-short budgets', (t) => {
    const suite = loadConformanceCases();
    if ('skip' in suite) return t.skip(suite.skip);
    const cases = suite.cases;
    let compared = 0;
    const differences: string[] = [];
    for (const c of cases) {
      let program;
      try {
        program = programFromInstructions(decodeInstructions(hexToBytes(c.program)), conformancePlatform);
      } catch {
        continue; // cases the decoder rejects never reach either engine
      }
      const input = c.memory.trim() ? { memory: hexToBytes(c.memory) } : {};
      const full = new Vm(program, { helperOverrides: CONFORMANCE_HELPERS, seed: 1, interpretOnly: true }).run(input);
      for (const budget of [1_000_000, 1, 2, 3, 5, 8, 13, Math.max(1, full.instructions - 1), full.instructions]) {
        const options = { helperOverrides: CONFORMANCE_HELPERS, seed: 1, budget };
        const a = new Vm(program, { ...options, interpretOnly: true }).run(input);
        // Twice on one Vm: the second run reuses the compiled tier and the regions.
        const vm = new Vm(program, options);
        vm.run(input);
        const b = vm.run(input);
        compared++;
        if (outcome(a) !== outcome(b))
          differences.push(`${c.name} (budget ${budget}):\n  interpreter ${outcome(a)}\n  tier        ${outcome(b)}`);
      }
    }
    t.diagnostic(`compared ${compared} runs`);
    assert.ok(compared > 2000);
    assert.deepEqual(differences, []);
  });

  it('a block whose grouped accesses leave the memory faults where the interpreter does', () => {
    // Three loads (and three stores) through r1 in one block: one check stands for all of them, so
    // the last one out of the 8 bytes must still fault at its own pc, after the others took effect.
    const programs = {
      loadsInside: '7112000000000000 7113040000000000 7114070000000000 bf40000000000000 9500000000000000',
      loadsOutside: '7112000000000000 7113040000000000 7114090000000000 bf40000000000000 9500000000000000',
      storesInside: '7201000011000000 7201030022000000 7201070033000000 b700000001000000 9500000000000000',
      storesOutside: '7201000011000000 7201030022000000 7201080033000000 b700000001000000 9500000000000000',
    };
    const input = { memory: hexToBytes('0102030405060708') };
    for (const [name, text] of Object.entries(programs)) {
      const program = programFromInstructions(
        decodeInstructions(hexToBytes(text.replace(/ /g, ''))),
        conformancePlatform,
      );
      const options = { helperOverrides: CONFORMANCE_HELPERS, seed: 1 };
      const a = new Vm(program, { ...options, interpretOnly: true }).run(input);
      const vm = new Vm(program, options);
      vm.run(input);
      const b = vm.run(input);
      assert.equal(outcome(b), outcome(a), name);
      assert.equal(a.error !== undefined, name.endsWith('Outside'), `${name}: ${outcome(a)}`);
    }
  });
});
