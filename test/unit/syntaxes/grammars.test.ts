// The TextMate grammars: valid JSON, every regex compiles in JavaScript, every include resolves,
// and the key rules match real tool output (llvm-objdump, PREVAIL, the Linux verifier).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { at, defined } from '../../support/at';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, Rule>;
  beginCaptures?: Record<string, Rule>;
  endCaptures?: Record<string, Rule>;
  repository?: Record<string, Rule>;
  name?: string;
}
interface Grammar extends Rule {
  scopeName: string;
  repository: Record<string, Rule>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { grammars: { language: string; scopeName: string; path: string }[] };
};
const grammars = new Map<string, Grammar>();
for (const g of manifest.contributes.grammars) {
  const grammar = JSON.parse(fs.readFileSync(path.join(repoRoot, g.path), 'utf8')) as Grammar;
  grammars.set(g.scopeName, grammar);
}

/** Every rule object in a grammar, depth first. */
function* rules(rule: Rule): Generator<Rule> {
  yield rule;
  for (const child of rule.patterns ?? []) yield* rules(child);
  for (const group of [rule.captures, rule.beginCaptures, rule.endCaptures, rule.repository]) {
    for (const child of Object.values(group ?? {})) yield* rules(child);
  }
}

function ruleOf(grammar: Grammar, repoKey: string): Rule {
  return defined(grammar.repository[repoKey], `${grammar.scopeName}#${repoKey}`);
}

function regexOf(grammar: Grammar, repoKey: string, field: 'match' | 'begin' = 'match'): RegExp {
  const source = ruleOf(grammar, repoKey)[field];
  assert.ok(source, `${grammar.scopeName}#${repoKey} has no ${field}`);
  return new RegExp(source);
}

/** The sub-patterns of a repository rule. */
function patternsOf(grammar: Grammar, repoKey: string): Rule[] {
  return defined(ruleOf(grammar, repoKey).patterns, `patterns of ${grammar.scopeName}#${repoKey}`);
}

/** The `match` of one sub-pattern of a repository rule. */
function patternRegex(grammar: Grammar, repoKey: string, index: number, flags?: string): RegExp {
  const what = `${grammar.scopeName}#${repoKey} pattern ${index}`;
  return new RegExp(defined(at(patternsOf(grammar, repoKey), index, what).match, `match of ${what}`), flags);
}

describe('TextMate grammars', () => {
  it('the manifest contributes both grammars with matching scope names', () => {
    assert.deepEqual([...grammars.keys()].sort(), ['source.ebpf-asm', 'text.ebpf-verifier-log']);
    for (const g of manifest.contributes.grammars) assert.equal(grammars.get(g.scopeName)?.scopeName, g.scopeName);
  });

  for (const [scope, grammar] of grammars) {
    it(`${scope}: every regex compiles in JavaScript`, () => {
      let count = 0;
      for (const rule of rules(grammar)) {
        for (const field of ['match', 'begin', 'end', 'while'] as const) {
          const source = rule[field];
          if (source === undefined) continue;
          assert.doesNotThrow(() => new RegExp(source), `${scope}: bad ${field}: ${source}`);
          count++;
        }
      }
      assert.ok(count > 10, `${scope} has only ${count} regexes`);
    });

    it(`${scope}: every include resolves`, () => {
      for (const rule of rules(grammar)) {
        const inc = rule.include;
        if (!inc || inc === '$self' || inc === '$base') continue;
        const [target, key] = inc.startsWith('#') ? [scope, inc.slice(1)] : inc.split('#');
        const g = target === undefined ? undefined : grammars.get(target);
        assert.ok(g, `${scope}: include of unknown grammar ${inc}`);
        if (key) assert.ok(g.repository[key], `${scope}: include of missing rule ${inc}`);
      }
    });
  }

  const asm = defined(grammars.get('source.ebpf-asm'), 'grammar source.ebpf-asm');
  const log = defined(grammars.get('text.ebpf-verifier-log'), 'grammar text.ebpf-verifier-log');

  it('ebpf-asm: llvm-objdump instruction prefix takes pc and raw bytes', () => {
    const m = regexOf(asm, 'instruction-prefix').exec('      12:\t61 72 04 00 00 00 00 00\tr2 = *(u32 *)(r7 + 4)');
    assert.ok(m);
    assert.equal(m[1], '12');
    assert.equal(m[3], '61 72 04 00 00 00 00 00');
  });

  it('ebpf-asm: 16-byte lddw raw bytes are one token', () => {
    const m = regexOf(asm, 'instruction-prefix').exec(
      '       5:\t18 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00\tr1 = 0 ll',
    );
    assert.equal(m?.[3]?.split(' ').length, 16);
  });

  it('ebpf-asm: function label, section header and relocation', () => {
    assert.equal(patternRegex(asm, 'function-label', 0).exec('0000000000000000 <xdp_prog>:')?.[3], 'xdp_prog');
    assert.equal(patternRegex(asm, 'objdump-header', 1).exec('Disassembly of section xdp:')?.[2], 'xdp');
    assert.equal(regexOf(asm, 'relocation').exec('\t\t0000000000000028:  R_BPF_64_64\tmy_map')?.[4], 'my_map');
  });

  it('ebpf-asm: registers r0..r10 and w0..w10, but not r11 or r1x', () => {
    const reg = new RegExp(
      patternsOf(asm, 'register')
        .map((p) => p.match)
        .join('|'),
      'g',
    );
    assert.deepEqual('r1 = r10; w3 += w10; r11 r1x'.match(reg), ['r1', 'r10', 'w3', 'w10']);
  });

  it('verifier log: PREVAIL error line splits into label, reason and assertion', () => {
    const re = regexOf(log, 'prevail-error');
    const m = re.exec('7: Possible null access (valid_access(r0.offset, width=4) for write)');
    assert.deepEqual(m?.slice(1, 6), [
      '7',
      ':',
      'Possible null access',
      '(',
      'valid_access(r0.offset, width=4) for write',
    ]);
    assert.equal(
      re.exec('0/11:12: Upper bound must be at most packet_size (valid_access(r2.offset, width=4) for read)')?.[1],
      '0/11:12',
    );
    assert.equal(re.exec('7 (counter): Loop counter is too large (pc[7] < 100000)')?.[1], '7 (counter)');
  });

  it('verifier log: Linux instruction line, register state and summary', () => {
    const insn = regexOf(log, 'kernel-instruction', 'begin').exec('12: (61) r2 = *(u32 *)(r7 +4)');
    assert.equal(insn?.[1], '12');
    assert.equal(insn?.[4], '61');
    const state = new RegExp(defined(ruleOf(log, 'register-state').match, 'register-state match'), 'g');
    assert.deepEqual(
      [...'R0_w=map_value_or_null(id=1,off=0,ks=4,vs=8,imm=0) R10=fp0'.matchAll(state)].map((m) => m[1]),
      ['R0_w', 'R10'],
    );
    assert.equal(
      regexOf(log, 'kernel-summary').exec('processed 12 insns (limit 1000000) max_states_per_insn 0')?.[2],
      '12',
    );
    assert.ok(regexOf(log, 'kernel-error').test("R0 invalid mem access 'map_value_or_null'"));
    assert.ok(!regexOf(log, 'kernel-error').test('processed 12 insns'));
  });

  it('verifier log: PASS and FAIL verdicts', () => {
    const pass = patternRegex(log, 'verdict', 0);
    const fail = patternRegex(log, 'verdict', 1);
    assert.equal(pass.exec('PASS: xdp/xdp_prog')?.[3], 'xdp/xdp_prog');
    assert.equal(fail.exec('FAIL: bind/authorize')?.[1], 'FAIL');
  });
});
