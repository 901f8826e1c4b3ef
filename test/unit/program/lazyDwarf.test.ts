// The loader parses DWARF on first use (core/program/loader.ts lazyDwarf): the programs of an
// object share one parse, it is what parseDwarf gives, and a broken DWARF still costs only the
// C variables, with its warning in LoadedObject.warnings, as when it was parsed during the load.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDwarf } from '../../../core/dwarf';
import { parseElf } from '../../../core/elf';
import { loadObject } from '../../../core/program/loader';
import { defined } from '../../support/at';
import { checkedInObject, Patch } from '../../support/objects';

const OBJECT = 'linux-calls.o';

describe('DWARF parsed on first use', () => {
  it('is one parse shared by every program of the object, equal to parseDwarf', () => {
    const bytes = checkedInObject(OBJECT);
    const obj = loadObject(bytes, { platform: 'linux', fileName: OBJECT });
    assert.ok(obj.programs.length >= 2, 'an object with several programs');
    const first = defined(obj.programs[0]?.dwarf, 'the first program has DWARF');
    for (const p of obj.programs) assert.equal(p.dwarf, first, `${p.name} shares the object's DWARF`);
    const eager = defined(parseDwarf(parseElf(bytes)), 'parseDwarf');
    assert.deepEqual(
      first.functions.map((f) => f.name),
      eager.functions.map((f) => f.name),
    );
    assert.deepEqual(
      first.allVariables.map((v) => `${v.name}:${v.typeName}`),
      eager.allVariables.map((v) => `${v.name}:${v.typeName}`),
    );
    assert.ok(
      obj.warnings.every((w) => !w.startsWith('invalid DWARF')),
      'no DWARF warning for a sound object',
    );
  });

  it('a broken .debug_info loads, without C variables, and says so in the warnings', () => {
    const bytes = checkedInObject(OBJECT);
    const info = defined(
      parseElf(bytes).sections.find((s) => s.name === '.debug_info'),
      '.debug_info',
    );
    // The first unit's version (after its 4-byte length) set to one no reader knows.
    const broken = new Patch(bytes).u16(info.offset + 4, 99).bytes;
    const obj = loadObject(broken, { platform: 'linux', fileName: OBJECT });
    assert.ok(obj.programs.length > 0, 'the programs still load');
    for (const p of obj.programs) assert.equal(p.dwarf, undefined, `${p.name} has no DWARF`);
    const warnings = obj.warnings.filter((w) => w.startsWith('invalid DWARF, C variables unavailable'));
    assert.equal(warnings.length, 1, obj.warnings.join('\n'));
    assert.match(defined(warnings[0], 'the warning'), /unsupported DWARF version 99/);
    assert.equal(obj.warnings, obj.warnings, 'the list is built once');
  });
});
