import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root: the nearest folder above this module with a package.json. The same code runs from
 * `src/` under the test runner and from `dist/src/` once built or installed.
 */
function findPackageRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('sidecar-lint: cannot find its own package.json');
    directory = parent;
  }
  return directory;
}

export const PACKAGE_ROOT = findPackageRoot();

interface PackageJson {
  name: string;
  version: string;
  homepage: string;
}

let packageJson: PackageJson | undefined;

export function packageInfo(): PackageJson {
  packageJson ??= JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageJson;
  return packageJson;
}

/** A rule's documentation, `rules/<id>.md`, shipped beside the rule. */
export function ruleDocPath(ruleId: string): string {
  return path.join(PACKAGE_ROOT, 'rules', `${ruleId}.md`);
}

export function ruleDocUrl(ruleId: string): string {
  return `${packageInfo().homepage}/blob/main/rules/${ruleId}.md`;
}
