// The speed reference: read every file under a folder and parse all its documents with js-yaml's loadAll,
// nothing else (no positions, no validation, no rules).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

let documents = 0;
function walk(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.ya?ml$/.test(entry.name)) {
      try {
        yaml.loadAll(readFileSync(full, 'utf8'), () => documents++);
      } catch {
        // A file js-yaml cannot parse still counts as read.
      }
    }
  }
}
walk(process.argv[2]);
process.stdout.write(`${documents}\n`);
