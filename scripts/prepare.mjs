#!/usr/bin/env node
// `prepare`, run by npm ci and by installs from git: builds when the build tools (devDependencies) are there,
// as in a clone. Where npm installs production dependencies only (`npm install -g git+...`, which pre-commit
// does for node hooks), the committed dist/sidecar-lint.js and validators are used as they are.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const canBuild = ['typescript', 'esbuild'].every((name) => {
  try {
    require.resolve(`${name}/package.json`, { paths: [root] });
    return true;
  } catch {
    return false;
  }
});

if (canBuild) {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
} else {
  const prebuilt = ['dist/sidecar-lint.js', 'dist/index.js', 'dist/schemas/kubernetes-validators-workloads.cjs', 'dist/schemas/kubernetes-validators-other.cjs'];
  const missing = prebuilt.filter((file) => !existsSync(path.join(root, file)));
  if (missing.length > 0) {
    console.error(`sidecar-lint: cannot build (no devDependencies) and ${missing.join(', ')} is missing`);
    process.exit(1);
  }
}
