import { defineRule } from '../../../core/rule.ts';
import { baseName, extName } from '../../../fs/path.ts';

const EXECUTABLE: Record<string, string> = {
  elf: 'a Linux ELF executable',
  pe: 'a Windows PE executable',
  macho: 'a macOS Mach-O executable',
  'macho-fat': 'a macOS universal (Mach-O) executable',
};

export default defineRule({
  meta: {
    id: 'assets/executable-binary',
    severity: 'medium',
    confidence: 'high',
    description: 'A compiled executable (ELF, PE or Mach-O) committed in the project\u2019s own tree.',
    triggers: ['open', 'install', 'dev', 'build', 'start', 'test'],
    since: '0.1.0',
  },
  run(ctx) {
    for (const entry of ctx.inventory.files) {
      if (entry.type !== 'file' || entry.inNodeModules || entry.content !== 'binary' || entry.magic === undefined) continue;
      const what = EXECUTABLE[entry.magic];
      if (what === undefined) continue;
      // CAFEBABE is also the Java class-file magic.
      if (entry.magic === 'macho-fat' && ['.class', '.jar'].includes(extName(entry.path))) continue;
      const name = baseName(entry.path);
      const surfaces = ctx.reachingSurfaces(entry.path);
      const named = ctx.executionMap.filter(s => s.command !== undefined && s.command.includes(name));
      const runners = [...new Set([...surfaces, ...named].map(s => s.name ?? s.kind))];
      const run = runners.length > 0;
      ctx.report({
        message: run
          ? `${entry.path} is ${what} and ${runners.join(', ')} runs it: native code you cannot read runs on your machine.`
          : `${entry.path} is ${what} committed in the repository; a coding test rarely needs one, and its behaviour cannot be read.`,
        location: { file: entry.path },
        evidence: `${entry.magic}, ${entry.size} bytes`,
        severity: run ? 'high' : 'medium',
      });
    }
  },
});
