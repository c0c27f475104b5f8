import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './cli-runner.js';
import { bundleSource } from './private-build.js';
import { crdManifest } from './crd-manifests.js';

/**
 * The language server built from the sources as they are now, as scripts/bundle.mjs bundles it, into a private
 * folder under .tmp/ in the repository (so it finds package.json, the rule docs and the precompiled validators, as
 * scripts/dev-run.mjs does), without `npm run build`, which rewrites the dist/ other runs use.
 */
export async function buildPrivateServer(): Promise<{ server: string; remove(): void }> {
  const folder = path.join(ROOT, '.tmp', `lsp-test-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(folder, { recursive: true });
  const server = path.join(folder, 'sidecar-lint-lsp.mjs');
  await bundleSource('src/lsp/main.ts', server);
  return { server, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** A workspace folder of its own (a repository: its `.git` keeps the config lookup inside) with the given files. */
export function makeWorkspace(files: Record<string, string>): { root: string; remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-lsp-workspace-'));
  mkdirSync(path.join(root, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function startServerProcess(server: string): ChildProcess {
  return spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * The workspace both language-server tests open: a config file (release 1.33, unused-volume raised to error), a
 * CustomResourceDefinition in one folder and a custom resource it defines in another, a Deployment with findings,
 * and a YAML file that is not a manifest.
 */
export const WORKSPACE_FILES: Record<string, string> = {
  '.sidecar-lint.yaml': `kubernetesVersion: "1.33"
rules:
  unused-volume: error
`,
  'crds/widget.yaml': crdManifest('Widget', { replicas: '{type: integer}' }),
  'apps/widget.yaml': `apiVersion: example.com/v1
kind: Widget
metadata:
  name: gadget
spec:
  replicas: three
`,
  'apps/proxy.yaml': `# An edge proxy: the certificate and the key were both mounted at /etc/tls.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-proxy
spec:
  selector:
    matchLabels:
      app: ingress-proxy
  template:
    metadata:
      labels:
        app: ingress-proxy
    spec:
      containers:
        - name: haproxy
          image: haproxy:3.0
          volumeMounts:
            - name: certificate
              mountPath: /etc/tls
              readOnly: true
            - name: private-key
              mountPath: /etc/tls
              readOnly: true
      volumes:
        - name: certificate
          secret:
            secretName: edge-certificate
        - name: private-key
          secret:
            secretName: edge-private-key
        - name: cache
          emptyDir: {}
`,
  'notes/compose.yaml': `services:
  web:
    image: nginx
`,
};
