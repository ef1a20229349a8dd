// No import cycles in src/, type-only imports included. ESLint's no-cycle (eslint.config.js) leaves out
// `import type`, which the build erases; a cycle through types still ties two modules into one, so this
// test walks every import with TypeScript's own resolution and fails on any strongly connected group.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const OPTIONS: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: true };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => resolve(e.parentPath, e.name));
}

/** Each file's imports of other files of src/ (packages left out). */
function importGraph(root: string): Map<string, string[]> {
  const files = sources(root);
  const inside = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((f) => ts.resolveModuleName(f.fileName, file, OPTIONS, ts.sys).resolvedModule?.resolvedFileName)
      .filter((t): t is string => t !== undefined && inside.has(resolve(t)))
      .map((t) => resolve(t));
    graph.set(file, targets);
  }
  return graph;
}

/** Groups of files that reach each other through imports (Tarjan's strongly connected components). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return groups;
}

test('the walk sees imports, type-only ones included, and finds a cycle through them', () => {
  const a = resolve('a.ts');
  const b = resolve('b.ts');
  assert.deepEqual(cycles(new Map([[a, [b]], [b, [a]]])), [[a, b]]);
  assert.deepEqual(cycles(new Map([[a, [b]], [b, []]])), []);
  const graph = importGraph('src');
  // protocol.ts takes only types from settings.ts: the walk must see that edge all the same.
  const protocol = resolve('src/extension/shared/protocol.ts');
  assert.ok(graph.get(protocol)?.includes(resolve('src/extension/shared/settings.ts')), 'protocol.ts → settings.ts (import type)');
});

test('src/ has no import cycle, type-only imports included', () => {
  const found = cycles(importGraph('src')).map((group) => group.map((f) => join('src', f.slice(resolve('src').length + 1))));
  assert.deepEqual(found, [], `import cycles: ${JSON.stringify(found)}`);
});
