#!/usr/bin/env node
// Fails when a module under src/ imports itself back through any chain of imports, type-only
// imports included (STYLE.md: shared types live in leaf files, façades only re-export).
// Resolution follows the repo's own rules: relative specifiers with their `.ts`/`.tsx`
// extension, directory `index.ts`, and the `@core` alias.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts'))
      out.push(path);
  }
  return out;
}

// import … from '…', export … from '…', import('…'), import '…'. Comments are stripped first.
const SPEC = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;

function resolveSpec(from, spec) {
  let base;
  if (spec === '@core') base = join(srcDir, 'core/index.ts');
  else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
  else return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return undefined;
}

function importsOf(file) {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const out = new Set();
  for (const m of text.matchAll(SPEC)) {
    const target = resolveSpec(file, m[2]);
    if (target !== undefined) out.add(target);
  }
  return [...out];
}

const files = walk(srcDir);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

// Tarjan's strongly connected components; every component of more than one file is a cycle.
let index = 0;
const stack = [];
const meta = new Map();
const components = [];
function strong(v) {
  meta.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!meta.has(w)) {
      strong(w);
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
    } else if (meta.get(w).onStack) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
  }
  if (meta.get(v).low === meta.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      meta.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
  }
}
for (const f of files) if (!meta.has(f)) strong(f);

if (components.length === 0) {
  console.log(`import cycles: none in ${files.length} modules`);
  process.exit(0);
}
console.error(`import cycles: ${components.length}`);
for (const c of components) {
  const names = c.map((f) => relative(root, f)).sort();
  console.error(`  ${names.join('\n    ↔ ')}`);
}
process.exit(1);
