import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dangerousGlobals, scanPickle } from './pickle.ts';

// Written by CPython 3.11 `pickle.dumps(x, protocol=N)`, where x's __reduce__ returns
// (os.system, ('echo airlock-fixture',)), or x is {'w': [1.0], 'o': OrderedDict(a=1)}.
const SYSTEM_P4 = '8004952f000000000000008c05706f736978948c0673797374656d9493948c146563686f206169726c6f636b2d6669787475726594859452942e';
const SYSTEM_P2 = '800263706f7369780a73797374656d0a710058140000006563686f206169726c6f636b2d6669787475726571018571025271032e';
const DATA_P4 =
  '80049541000000000000007d94288c0177945d94473ff0000000000000618c016f948c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c0161944b0173752e';

const scan = (hex: string): ReturnType<typeof scanPickle> => scanPickle(Buffer.from(hex, 'hex'));

describe('scanPickle', () => {
  it('names what STACK_GLOBAL (protocol 4) and GLOBAL (protocols 0-2) import, to the STOP opcode', () => {
    assert.deepEqual(scan(SYSTEM_P4), { globals: ['posix.system'], complete: true });
    assert.deepEqual(scan(SYSTEM_P2), { globals: ['posix.system'], complete: true });
    assert.deepEqual(scanPickle(Buffer.from('cposix\nsystem\np0\n(Vecho airlock-fixture\np1\ntp2\nRp3\n.')), {
      globals: ['posix.system'],
      complete: true,
    });
    assert.deepEqual(scan(DATA_P4), { globals: ['collections.OrderedDict'], complete: true });
  });

  it('judges command and code callables dangerous and data constructors not', () => {
    assert.deepEqual(dangerousGlobals(scan(SYSTEM_P4)), ['posix.system']);
    assert.deepEqual(
      dangerousGlobals({
        globals: ['builtins.exec', 'builtins.set', '_codecs.encode', 'numpy.core.multiarray._reconstruct'],
        complete: true,
      }),
      ['builtins.exec'],
    );
    assert.deepEqual(dangerousGlobals(scan(DATA_P4)), []);
  });

  it('stops on truncated or non-pickle input without throwing', () => {
    assert.equal(scan(SYSTEM_P4.slice(0, 40)).complete, false);
    assert.deepEqual(scanPickle(Buffer.from('PK\x03\x04 not a pickle')), { globals: [], complete: false });
    assert.deepEqual(scanPickle(new Uint8Array(0)), { globals: [], complete: false });
    // Every opcode byte, repeated: the walk ends within the buffer.
    const noise = Buffer.alloc(1 << 20);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 131) & 0xff;
    assert.equal(typeof scanPickle(noise).complete, 'boolean');
  });
});
