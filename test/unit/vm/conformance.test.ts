import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runConformance } from '../../../core/vm/conformance';
import { loadConformanceCases } from '../../support/conformance';

const root = path.resolve(__dirname, '../../..');

function expected(result: string | null): bigint {
  return BigInt('0x' + (result ?? '0').replace(/^0x/, ''));
}

const suite = loadConformanceCases();
const cases = 'cases' in suite ? suite.cases : [];

describe('bpf_conformance suite', { skip: 'skip' in suite ? suite.skip : false }, () => {
  it('passes all 313 cases in-process', (t) => {
    const failures: string[] = [];
    for (const c of cases) {
      try {
        const r = runConformance(c.program, c.memory);
        if (r.r0 !== expected(c.result)) failures.push(`${c.name}: got 0x${r.r0.toString(16)}, expected 0x${c.result}`);
      } catch (e) {
        failures.push(`${c.name}: ${(e as Error).message}`);
      }
    }
    t.diagnostic(`conformance: ${cases.length - failures.length}/${cases.length} passed`);
    assert.deepEqual(failures, []);
    assert.equal(cases.length, 313);
  });

  describe('through the real CLI process (ebpf conformance-plugin)', () => {
    const pick = ['mem-len.data', 'callx.data', 'call_unwind_fail.data', 'lock_cmpxchg.data', 'sdiv64-imm.data'];
    const cli = (args: string[], input: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'cli/ebpf.ts'), 'conformance-plugin', ...args], {
        input,
        encoding: 'utf8',
        cwd: root,
      });

    for (const name of pick) {
      it(name, () => {
        // A case this test names must exist: a renamed or dropped case fails instead of passing silently.
        const c = cases.find((x) => x.name === name);
        assert.ok(c, `${name} is not in the conformance suite`);
        // The runner passes memory as hex bytes each followed by two spaces.
        const mem = c.memory
          ? c.memory
              .match(/../g)
              ?.map((b) => b + '  ')
              .join('')
          : undefined;
        const r = cli(mem ? [mem] : [], (c.program.match(/../g) ?? []).join(' ') + '\n');
        assert.equal(r.status, 0, r.stderr);
        assert.equal(BigInt('0x' + r.stdout.trim()), expected(c.result));
      });
    }

    it('reports a bad program on stderr with a non-zero exit', () => {
      const r = cli([], 'ff00000000000000\n');
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /unknown opcode 0xff/);
      assert.equal(r.stdout, '');
    });

    it('reports a faulting program on stderr with a non-zero exit', () => {
      // ldxdw r0, [r1+0] with no memory: r1 is 0.
      const r = cli([], '7910000000000000 9500000000000000'.replace(/(..)/g, '$1 ') + '\n');
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /null or uninitialised pointer/);
    });
  });
});
