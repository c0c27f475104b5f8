import { describe, expect, it } from 'vitest';
import rule from '../rules/sidecar-reads-unmounted-path.js';
import { isUnder, joinPath, normalizeAbsolute, normalizeRelative, pathsIn, relativeTo, scriptWords, shellTokens } from '../rules/support/command-paths.js';
import { activeRules, lintFileText, lintSettings } from '../src/engine/lint.js';

const paths = (text: string, urlValued = false) => pathsIn(text, { urlValued }).map((named) => named.path);

describe('pathsIn: absolute paths named in a command, an argument, a script or an env value', () => {
  it('reads a plain argument and an env value', () => {
    expect(paths('/var/log/app/app.log')).toEqual(['/var/log/app/app.log']);
    expect(paths('/data/')).toEqual(['/data']);
  });

  it('reads the words of a shell script, redirections included', () => {
    expect(paths('tail -n+1 -F /var/log/app/app.log 2>/dev/null')).toEqual(['/var/log/app/app.log', '/dev/null']);
    expect(paths('echo started >> /out/status.txt; cat </in/request.json|gzip>/out/r.gz')).toEqual([
      '/out/status.txt', '/in/request.json', '/out/r.gz',
    ]);
    expect(paths('set -e\nmkdir -p /work/site && cp -r /src/. /work/site/\n')).toEqual(['/work/site', '/src']);
  });

  it('reads options written with `=` and lists written with commas', () => {
    expect(paths('--config=/etc/agent/agent.yaml')).toEqual(['/etc/agent/agent.yaml']);
    expect(paths('-Dlog.dir=/logs/app')).toEqual(['/logs/app']);
    expect(paths('--include=/a/x,/b/y')).toEqual(['/a/x', '/b/y']);
    expect(paths('LOG_FILE=/logs/app.log exec app')).toEqual(['/logs/app.log']);
  });

  it('keeps the literal directory of a glob or a path with variables, and what follows it', () => {
    expect(pathsIn('cat /x/logs/*.log')).toEqual([{ text: '/x/logs/*.log', path: '/x/logs', rest: '/*.log' }]);
    expect(pathsIn('/data/$(POD_NAME)/out')).toEqual([{ text: '/data/$', path: '/data', rest: '/$' }]);
    expect(pathsIn('/data/${POD_NAME}/out')).toEqual([{ text: '/data/${POD_NAME}/out', path: '/data', rest: '/${POD_NAME}/out' }]);
    expect(pathsIn('/srv/www/{a,b}.html').map((named) => named.path)).toEqual(['/srv/www']);
  });

  it('reads a PATH-like list element by element, no host:path pair, and a path with colons in a name', () => {
    expect(paths('/usr/local/bin:/shared/bin:$PATH')).toEqual(['/usr/local/bin', '/shared/bin']);
    expect(paths('PATH=$PATH:/tools/bin')).toEqual(['/tools/bin']);
    expect(paths('nfs.example.com:/exports/data')).toEqual([]);
    expect(paths('localhost:8080/metrics')).toEqual([]);
    expect(paths('/cloudsql/shop:europe-west1:orders')).toEqual(['/cloudsql/shop:europe-west1:orders']);
  });

  it('names no file for a URL, except file://', () => {
    expect(paths('http://localhost:9090/-/reload')).toEqual([]);
    expect(paths('curl -s http://127.0.0.1:8080/api/v1/flush?path=/data/x')).toEqual([]);
    expect(paths('s3://bucket/data/backups')).toEqual([]);
    expect(paths('file:///etc/app/rules.json')).toEqual(['/etc/app/rules.json']);
    expect(paths('//cdn.example.com/x.js')).toEqual([]);
  });

  it('names no file for the value of a URL-like option or variable', () => {
    expect(paths('--web.route-prefix=/prometheus')).toEqual([]);
    expect(paths('--web.external-url /prometheus')).toEqual([]);
    expect(paths('--health-endpoint=/healthz --data=/data')).toEqual(['/data']);
    expect(paths('/api/v1', true)).toEqual([]);
    expect(paths('location /static {\n  root /srv/www;\n}')).toEqual(['/srv/www']);
  });

  it('strips quotes but skips a word glued to a quoted variable or a command substitution', () => {
    expect(paths(`cp "/src/a b" '/dst/c'`)).toEqual(['/src/a', '/dst/c']);
    expect(paths('tail -F "$LOG_DIR"/app.log')).toEqual([]);
    expect(paths('cp x "$(pwd)"/out $(dirname /in/a)/b')).toEqual(['/in/a']);
    expect(paths('--file="/etc/app/app.conf"')).toEqual(['/etc/app/app.conf']);
  });

  it('reads a nested quoted script', () => {
    expect(paths(`su app -c "tail -f /logs/app.log"`)).toEqual(['/logs/app.log']);
  });

  it('reads curl @file and ignores regular expressions and arithmetic', () => {
    expect(paths('curl --data-binary @/data/report.json http://collector:8080/')).toEqual(['/data/report.json']);
    expect(paths(`sed -e '/^#/d' /etc/app.conf`)).toEqual(['/etc/app.conf']);
    expect(paths('echo $((total/2))')).toEqual([]);
  });

  it('drops the root alone, paths that climb above it, and a sentence full stop', () => {
    expect(paths('cd / && ls /')).toEqual([]);
    expect(paths('/../etc')).toEqual([]);
    expect(paths('/data/./x/../y')).toEqual(['/data/y']);
    expect(paths('echo wrote /data/out.')).toEqual(['/data/out']);
    expect(paths('/data/.cache')).toEqual(['/data/.cache']);
  });

  it('names each path once, in order', () => {
    expect(paths('mkdir -p /out && touch /out/a && ls /out')).toEqual(['/out', '/out/a']);
  });

  it('never throws on odd text', () => {
    for (const text of ['', '"', "'", '\\', 'a\\', '$(', '`', '/', '//', '///', ':', '=', ',', '@', '/*', '\u0000/x']) {
      expect(() => pathsIn(text)).not.toThrow();
    }
  });
});

describe('shellTokens and scriptWords', () => {
  const words = (text: string) => shellTokens(text).flatMap((token) => (token.kind === 'word' ? [token.text] : []));

  it('splits on blanks and operators and keeps escaped characters in a word', () => {
    expect(words('find /x -exec rm {} \\; | wc')).toEqual(['find', '/x', '-exec', 'rm', '{}', '\\;', 'wc']);
    expect(words('a \\\nb')).toEqual(['a', 'b']);
    expect(shellTokens('a&&b>>c').map((token) => token.text)).toEqual(['a', '&&', 'b', '>>', 'c']);
  });

  it('keeps operator characters inside quotes in their word, but for trailing ones', () => {
    expect(words(`sed -i 's|@LOG@|/var/log/app|' /etc/app.conf`)).toEqual(['sed', '-i', 's|@LOG@|/var/log/app', '/etc/app.conf']);
    expect(paths(`sed -i "s|@LOG@|/var/log/app|g" /config/app.conf`)).toEqual(['/config/app.conf']);
    expect(paths(`sh -c "cd /srv/app; ls"`)).toEqual(['/srv/app']);
  });

  it('skips the bodies of here-documents, and reads on after them', () => {
    const script = ['cat > /config/agent.yaml <<EOF', 'logs: /var/log/app', 'EOF', 'exec agent --config /config/agent.yaml'].join('\n');
    expect(paths(script)).toEqual(['/config/agent.yaml']);
    const quoted = ["cat <<-'END' >/out/a", '\tpath: /in/b', '\tEND', 'cat /in/c'].join('\n');
    expect(paths(quoted)).toEqual(['/out/a', '/in/c']);
    expect(paths('cat <<<"/not/a/file" > /out/x')).toEqual(['/out/x']);
  });

  it('takes what echo and printf print into a file or a pipe as text, and their targets as paths', () => {
    expect(paths('echo "log_dir=/var/log/app" > /config/app.conf')).toEqual(['/config/app.conf']);
    expect(paths("printf '%s\\n' /data/a /data/b | tee /out/list")).toEqual(['/out/list']);
    expect(paths('echo waiting for /config/ready; test -f /config/ready')).toEqual(['/config/ready']);
    expect(paths('/bin/echo /data/x >> /out/y 2>&1')).toEqual(['/out/y']);
  });

  it('marks each word with the word before it', () => {
    expect(scriptWords('--url /x').map((word) => [word.text, word.previous])).toEqual([['--url', undefined], ['/x', '--url']]);
  });
});

describe('path arithmetic', () => {
  it('normalises absolute and relative paths', () => {
    expect(normalizeAbsolute('/a//b/./c/../d/')).toBe('/a/b/d');
    expect(normalizeAbsolute('/')).toBe('/');
    expect(normalizeAbsolute('a/b')).toBeUndefined();
    expect(normalizeAbsolute('/..')).toBeUndefined();
    expect(normalizeRelative('logs/./app/')).toBe('logs/app');
    expect(normalizeRelative('')).toBe('');
    expect(normalizeRelative('/abs')).toBeUndefined();
    expect(normalizeRelative('../up')).toBeUndefined();
  });

  it('compares by whole segments', () => {
    expect(isUnder('/data/x', '/data')).toBe(true);
    expect(isUnder('/data', '/data')).toBe(true);
    expect(isUnder('/database', '/data')).toBe(false);
    expect(isUnder('/dat', '/data')).toBe(false);
    expect(isUnder('/anything', '/')).toBe(true);
    expect(isUnder('logs/app', 'logs')).toBe(true);
    expect(isUnder('logs/app', '')).toBe(true);
    expect(isUnder('logsx', 'logs')).toBe(false);
  });

  it('takes a path apart and joins it again', () => {
    expect(relativeTo('/data/x/y', '/data')).toBe('x/y');
    expect(relativeTo('/data', '/data')).toBe('');
    expect(relativeTo('/data/x', '/')).toBe('data/x');
    expect(relativeTo('logs/app', '')).toBe('logs/app');
    expect(joinPath('/logs', '', 'app.log')).toBe('/logs/app.log');
    expect(joinPath('/', 'x')).toBe('/x');
    expect(joinPath('', 'a', 'b')).toBe('a/b');
  });
});

describe('sidecar-reads-unmounted-path on whole pods', () => {
  const rules = activeRules([rule]);
  const lint = (text: string) => lintFileText('pod.yaml', text, { rules, settings: lintSettings() });
  const pod = (containers: string, volumes = '    - name: logs\n      emptyDir: {}\n') =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${containers}  volumes:\n${volumes}`;
  const app = '    - name: app\n      image: example/app:1\n      volumeMounts:\n        - name: logs\n          mountPath: /var/log/app\n';

  it('translates the path to where the volume is mounted here', () => {
    const shipper = '    - name: shipper\n      image: example/shipper:1\n      args: ["--path=/var/log/app/*.log"]\n' +
      '      volumeMounts:\n        - name: logs\n          mountPath: /logs\n';
    const [finding, ...rest] = lint(pod(app + shipper)).findings;
    expect(rest).toEqual([]);
    expect(finding?.message).toContain('Container `shipper` names `/var/log/app/*.log`');
    expect(finding?.message).toContain('Mounted here at `/logs`: use `/logs/*.log`.');
    expect(finding?.jsonPath).toEqual(['spec', 'containers', 1, 'args', 0]);
  });

  it('suggests mounting an emptyDir the container does not mount, and judges no other volume type so', () => {
    const shipper = '    - name: shipper\n      image: example/shipper:1\n      env:\n        - name: LOGS\n          value: /var/log/app\n';
    const [finding] = lint(pod(app + shipper)).findings.filter((found) => found.ruleId === rule.meta.id);
    expect(finding?.message).toContain('Mount volume `logs` in `shipper` at `/var/log/app`');
    expect(finding?.jsonPath).toEqual(['spec', 'containers', 1, 'env', 0, 'value']);
    const configMap = '    - name: logs\n      configMap:\n        name: logs\n';
    expect(lint(pod(app + shipper, configMap)).findings.filter((found) => found.ruleId === rule.meta.id)).toEqual([]);
  });

  it('stays quiet for a scratch path, an own mount that covers the path, and a URL', () => {
    const tmp = '    - name: app\n      image: example/app:1\n      volumeMounts:\n        - name: logs\n          mountPath: /tmp\n';
    const other = '    - name: other\n      image: example/other:1\n      args: ["--pid=/tmp/other.pid", "--peer=http://localhost/tmp/x"]\n' +
      '      volumeMounts:\n        - name: own\n          mountPath: /tmp\n';
    const volumes = '    - name: logs\n      emptyDir: {}\n    - name: own\n      emptyDir: {}\n';
    expect(lint(pod(tmp + other, volumes)).findings.filter((found) => found.ruleId === rule.meta.id)).toEqual([]);
  });

  it('never throws on command, args, env and mounts of the wrong shape', () => {
    const shapes = ['null', '"oops"', '42', '{}', '["oops"]', '[null]', '[{}]', '[{ name: 1, value: 2 }]', '[[1]]'];
    for (const shape of shapes) {
      for (const field of ['command', 'args', 'env']) {
        const text = pod(`${app}    - name: other\n      image: example/other:1\n      ${field}: ${shape}\n`);
        expect(lint(text).failures, `${field}: ${shape}`).toEqual([]);
      }
      for (const field of ['subPath', 'subPathExpr', 'mountPath', 'name', 'readOnly']) {
        const text = pod(`${app}    - name: other\n      image: example/other:1\n      args: ["/var/log/app/x"]\n` +
          `      volumeMounts:\n        - name: logs\n          mountPath: /logs\n          ${field}: ${shape}\n`);
        expect(lint(text).failures, `${field}: ${shape}`).toEqual([]);
      }
    }
  });
});
