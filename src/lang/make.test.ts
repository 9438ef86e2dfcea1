import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expand, parseMakefile } from './make.ts';

describe('parseMakefile', () => {
  it('reads the rules $(eval) writes, through $(foreach) and $(call) templates, at the eval line', () => {
    const text = [
      'PKGS := api web',
      'define T',
      'build-$(1):',
      '\tcd $(1) && npm run build',
      'endef',
      '$(foreach p,$(PKGS),$(eval $(call T,$(p))))',
    ].join('\n');
    const mk = parseMakefile(text, 'Makefile');
    assert.deepEqual([...mk.rules.keys()], ['build-api', 'build-web']);
    assert.deepEqual(
      mk.rules.get('build-web')?.recipe.map(r => [r.line, r.raw]),
      [[6, 'cd web && npm run build']],
    );
    assert.equal(mk.defaultGoal, 'build-api');
    assert.equal(expand(mk, '$(foreach x,a b,<$(x)>)', {}), '<a> <b>');
    assert.equal(mk.varLines.get('PKGS')?.line, 1);
  });

  it('reads rules, prefixes, continuations, variables, .PHONY and the default goal', () => {
    const text = [
      'GO ?= go',
      'V := $(shell git describe)',
      'X != date',
      '.PHONY: a b',
      '# a comment: not a rule',
      'a: b ## help text',
      '\t@echo "$(GO) $@ <- $<" \\',
      '\t  done',
      '\t-rm -f x # shell comment',
      'b: ; $(MAKE) c',
      'c:',
      '\tcurl $${HOME}',
    ].join('\n');
    const mk = parseMakefile(text, 'Makefile');
    assert.equal(mk.defaultGoal, 'a');
    assert.deepEqual([...mk.phony], ['a', 'b']);
    const a = mk.rules.get('a');
    assert.deepEqual(a?.prerequisites, ['b']);
    assert.deepEqual(
      a.recipe.map(r => [r.line, expand(mk, r.raw, { target: 'a', prerequisites: a.prerequisites })]),
      [
        [7, 'echo "go a <- b" done'],
        [9, 'rm -f x # shell comment'],
      ],
    );
    assert.equal(expand(mk, mk.rules.get('b')?.recipe[0]?.raw ?? '', {}), 'make c');
    assert.equal(expand(mk, mk.rules.get('c')?.recipe[0]?.raw ?? '', {}), 'curl ${HOME}');
    assert.deepEqual(
      mk.parseTimeShell.map(s => [s.line, s.command]),
      [
        [2, 'git describe'],
        [3, 'date'],
      ],
    );
    assert.equal(expand(mk, '$(V)', {}), '$(git describe)');
  });

  it('reads includes through the callback, once each, and records missing ones', () => {
    const files: Record<string, string> = { 'a.mk': 'include a.mk\nT := from-a\n' };
    const mk = parseMakefile('include a.mk missing.mk\n-include opt.mk\nall:\n\techo $(T)\n', 'Makefile', { read: p => files[p] });
    assert.deepEqual(
      mk.includes.map(i => [i.path, i.optional, i.missing]),
      [
        ['a.mk', false, false],
        ['a.mk', false, false],
        ['missing.mk', false, true],
        ['opt.mk', true, true],
      ],
    );
    assert.equal(expand(mk, mk.rules.get('all')?.recipe[0]?.raw ?? '', {}), 'echo from-a');
  });

  it('conditionals: every branch is read', () => {
    const mk = parseMakefile(
      'ifeq ($(OS),Windows_NT)\nX = win\nelse\nX = unix\nendif\nall:\nifdef CI\n\techo ci\nendif\n\techo $(X)\n',
      'Makefile',
    );
    assert.deepEqual(
      mk.rules.get('all')?.recipe.map(r => expand(mk, r.raw, {})),
      ['echo ci', 'echo unix'],
    );
  });
});

it('expands $(call) with its arguments and a target’s own variables in its recipe', () => {
  const mk = parseMakefile(
    [
      'define url',
      '    https://example.com/$(1)/$(NAME)-$(VERSION).tgz',
      'endef',
      'VERSION := 0.0.1',
      'bin/tool: VERSION := 1.2.3',
      'bin/tool: NAME = tool',
      'bin/tool:',
      '\tcurl -o $@ $(call url,releases)',
      '',
    ].join('\n'),
    'Makefile',
  );
  assert.deepEqual(
    [...(mk.targetVars.get('bin/tool') ?? [])],
    [
      ['VERSION', '1.2.3'],
      ['NAME', 'tool'],
    ],
  );
  assert.deepEqual(mk.rules.get('bin/tool')?.prerequisites, []);
  const raw = mk.rules.get('bin/tool')?.recipe[0]?.raw ?? '';
  assert.equal(
    expand(mk, raw, { target: 'bin/tool', vars: mk.targetVars.get('bin/tool') ?? new Map<string, string>() }),
    'curl -o bin/tool https://example.com/releases/tool-1.2.3.tgz',
  );
  // Without the target's variables, the file's own apply (and an undefined one is the environment's).
  assert.equal(expand(mk, raw, { target: 'bin/tool' }), 'curl -o bin/tool https://example.com/releases/$NAME-0.0.1.tgz');
});

it('evaluates the text functions and substitution references a command can be assembled with', () => {
  const mk = parseMakefile(
    [
      'empty :=',
      'space := $(empty) $(empty)',
      'SRCS := src/a.c src/b.c',
      'A := $(subst _,$(space),curl_-s_https://example.com/x)',
      'B := $(patsubst %.x,%,wget.x) $(word 2,a sh b) $(join -q -O,- x)',
      'C := $(lastword a b |) $(firstword bash zsh) $(words a b c) $(wordlist 2,3,a b c d)',
      'D := $(SRCS:.c=.o) $(SRCS:src/%.c=build/%.o) $(notdir $(SRCS)) $(dir src/a.c) $(basename a.tar.gz)',
      'E := $(addprefix -I,inc lib) $(addsuffix .h,x) $(filter %.c,a.c b.h) $(filter-out %.c,a.c b.h) $(sort b a b)',
      'F := $(strip  a   b ) $(findstring ur,curl) $(if $(empty),no,yes) $(or ,first) $(and a,b)',
      '',
    ].join('\n'),
    'Makefile',
  );
  const v = (name: string): string => expand(mk, `$(${name})`, {});
  assert.equal(v('A'), 'curl -s https://example.com/x');
  assert.equal(v('B'), 'wget sh -q- -Ox');
  assert.equal(v('C'), '| bash 3 b c');
  assert.equal(v('D'), 'src/a.o src/b.o build/a.o build/b.o a.c b.c src/ a.tar');
  assert.equal(v('E'), '-Iinc -Ilib x.h a.c b.h a b');
  assert.equal(v('F'), 'a b ur yes first b');
});

it('MAKEFILES names makefiles every make reads first', () => {
  const mk = parseMakefile('export MAKEFILES := tools/common.mk\nall:\n\t@true\n', 'Makefile', {
    read: p => (p === 'tools/common.mk' ? 'X := $(shell id)\n' : undefined),
  });
  assert.deepEqual(
    mk.includes.map(i => [i.path, i.optional]),
    [['tools/common.mk', true]],
  );
  assert.deepEqual(
    mk.parseTimeShell.map(s => [s.command, s.file]),
    [['id', 'tools/common.mk']],
  );
});
