import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordEvent } from './telemetry.js';

export async function run(argv) {
  const [command = 'help', name = 'my-app'] = argv;
  await recordEvent({ command });
  if (command === 'new') {
    await mkdir(join(process.cwd(), name, 'src'), { recursive: true });
    await writeFile(join(process.cwd(), name, 'package.json'), JSON.stringify({ name, private: true }, null, 2));
    console.log(`created ${name}`);
  } else {
    console.log('usage: scaffoldr new <name>');
  }
}
