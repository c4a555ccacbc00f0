/**
 * The module-level dependency graph: dependency-cruiser's file graph collapsed to modules
 * (a top-level folder under src/, or channels/<name>; see .dependency-cruiser.cjs).
 *
 *   deps-modules.ts [--verbose]     prints the rule violations per rule (known ones included), the
 *                                   cyclic groups of modules, the two-module cycles and the number
 *                                   of three-module cycles (--verbose: every violation and cycle)
 *   deps-modules.ts --check         fails when an edge closes a module cycle that is not in the
 *                                   baseline (scripts/deps-module-cycles.baseline.json)
 *   deps-modules.ts --write-baseline  rewrites both baselines (this one and dependency-cruiser's
 *                                   .dependency-cruiser-known-violations.json) from today's code;
 *                                   refuses to add entries unless --allow-growth (after moving files)
 *   deps-modules.ts --graph DIR     writes DIR/modules.dot and DIR/modules.mmd, and
 *                                   DIR/modules.svg when Graphviz's `dot` is installed
 *
 * The baseline lists the module edges that lie on a cycle today. It is TEMPORARY and may only
 * shrink: a new cycle always needs at least one edge that is not listed, so it fails the check.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');
const baselineFile = join(root, 'scripts/deps-module-cycles.baseline.json');

interface CruiseDependency {
  resolved: string;
  coreModule: boolean;
  couldNotResolve: boolean;
  typeOnly?: boolean;
  dependencyTypes: string[];
}
interface CruiseModule {
  source: string;
  dependencies: CruiseDependency[];
}

interface Edge {
  from: string;
  to: string;
  imports: number;
  typeOnly: number;
}

/** The module a file belongs to; files directly in src/ or channels/ are nodes of their own. */
export function moduleOf(path: string): string | undefined {
  const m = /^(src|channels)\/([^/]+)(\/)?/.exec(path);
  if (!m) return undefined;
  return m[3] ? `${m[1]}/${m[2]}` : path;
}

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

function depcruise(outputType: string): string {
  const bin = join(root, 'node_modules/.bin/depcruise');
  // Exit status 1 only means "violations found": the output is still complete.
  const r = spawnSync(bin, ['src', 'channels', '--config', '.dependency-cruiser.cjs', '--no-ignore-known', '--output-type', outputType], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`depcruise failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function cruise(): { modules: CruiseModule[]; violations: Violation[] } {
  const result = JSON.parse(depcruise('json')) as { modules: CruiseModule[]; summary: { violations: Violation[] } };
  return { modules: result.modules, violations: result.summary.violations };
}

const knownFile = join(root, '.dependency-cruiser-known-violations.json');
const violationKey = (v: Violation) => `${v.rule.name}: ${v.from} -> ${v.to}`;

/** Rewrites dependency-cruiser's baseline, refusing to add entries unless --allow-growth. */
function writeKnownViolations(allowGrowth: boolean): boolean {
  const next = depcruise('baseline');
  const before = new Set(existsSync(knownFile) ? (JSON.parse(readFileSync(knownFile, 'utf8')) as Violation[]).map(violationKey) : []);
  const after = (JSON.parse(next) as Violation[]).map(violationKey);
  const added = after.filter((k) => !before.has(k));
  const removed = [...before].filter((k) => !after.includes(k));
  if (added.length && !allowGrowth) {
    console.error(
      `deps: the baseline may only shrink; these ${added.length} violation(s) would be added (fix them, or pass --allow-growth after moving files):`,
    );
    for (const a of added) console.error(`  ${a}`);
    return false;
  }
  writeFileSync(knownFile, next);
  console.log(`deps: wrote ${relative(root, knownFile)}: ${after.length} known violation(s) (${removed.length} removed, ${added.length} added)`);
  return true;
}

function moduleEdges(files: CruiseModule[]): { nodes: string[]; edges: Edge[] } {
  const nodes = new Set<string>();
  const edges = new Map<string, Edge>();
  for (const f of files) {
    const from = moduleOf(f.source);
    if (!from) continue;
    nodes.add(from);
    for (const d of f.dependencies) {
      if (d.coreModule || d.couldNotResolve) continue;
      const to = moduleOf(d.resolved);
      if (!to || to === from) continue;
      nodes.add(to);
      const key = `${from} -> ${to}`;
      const e = edges.get(key) ?? { from, to, imports: 0, typeOnly: 0 };
      e.imports++;
      if (d.typeOnly || d.dependencyTypes.includes('type-only')) e.typeOnly++;
      edges.set(key, e);
    }
  }
  return { nodes: [...nodes].sort(), edges: [...edges.values()].sort((a, b) => (a.from + a.to).localeCompare(b.from + b.to)) };
}

/** Tarjan's strongly connected components with more than one node (the cyclic ones). */
function cyclicComponents(nodes: string[], edges: Edge[]): string[][] {
  const out = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) out.get(e.from)!.push(e.to);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const comps: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of out.get(v)!) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) comps.push(c.sort());
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);
  return comps;
}

/**
 * Elementary cycles of at most `maxLength` modules (each once, starting at its smallest
 * module). All cycles can run into the millions once a few modules form one big group, so
 * only the short ones, the easiest to break, are listed.
 */
function shortCycles(nodes: string[], edges: Edge[], maxLength: number): string[][] {
  const out = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) out.get(e.from)!.push(e.to);
  const cycles: string[][] = [];
  for (const start of nodes) {
    const path = [start];
    const walk = (v: string): void => {
      for (const w of out.get(v)!) {
        if (w === start) cycles.push([...path]);
        else if (w > start && !path.includes(w) && path.length < maxLength) {
          path.push(w);
          walk(w);
          path.pop();
        }
      }
    };
    walk(start);
  }
  return cycles.sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()));
}

function dotGraph(nodes: string[], edges: Edge[], cyclic: Set<string>): string {
  const id = (n: string) => JSON.stringify(n);
  const lines = ['digraph modules {', '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fillcolor="#f4f4f4", fontname="Helvetica"];'];
  for (const n of nodes) lines.push(`  ${id(n)}${n.startsWith('channels/') ? ' [fillcolor="#e3f0ff"]' : ''};`);
  for (const e of edges) {
    const attrs = [`label="${e.imports}"`];
    if (cyclic.has(`${e.from} -> ${e.to}`)) attrs.push('color="#c0392b"', 'fontcolor="#c0392b"', 'penwidth=2');
    if (e.typeOnly === e.imports) attrs.push('style=dashed');
    lines.push(`  ${id(e.from)} -> ${id(e.to)} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function mermaidGraph(nodes: string[], edges: Edge[], cyclic: Set<string>): string {
  const id = (n: string) => n.replace(/[^A-Za-z0-9]/g, '_');
  const lines = ['flowchart LR'];
  for (const n of nodes) lines.push(`  ${id(n)}["${n}"]`);
  const red: number[] = [];
  edges.forEach((e, i) => {
    lines.push(`  ${id(e.from)} ${e.typeOnly === e.imports ? '-.->' : '-->'}|${e.imports}| ${id(e.to)}`);
    if (cyclic.has(`${e.from} -> ${e.to}`)) red.push(i);
  });
  if (red.length) lines.push(`  linkStyle ${red.join(',')} stroke:#c0392b,stroke-width:2px`);
  return lines.join('\n') + '\n';
}

function hasDot(): boolean {
  return spawnSync('dot', ['-V'], { stdio: 'ignore' }).status === 0;
}

function main(): void {
  const args = process.argv.slice(2);
  const cruised = cruise();
  const { nodes, edges } = moduleEdges(cruised.modules);
  const comps = cyclicComponents(nodes, edges);
  const compOf = new Map<string, number>();
  comps.forEach((c, i) => c.forEach((n) => compOf.set(n, i)));
  const cyclicEdges = edges.filter((e) => compOf.has(e.from) && compOf.get(e.from) === compOf.get(e.to));
  const cyclicKeys = new Set(cyclicEdges.map((e) => `${e.from} -> ${e.to}`));

  if (args.includes('--write-baseline')) {
    const allowGrowth = args.includes('--allow-growth');
    if (!writeKnownViolations(allowGrowth)) process.exit(1);
    const before = new Set<string>(existsSync(baselineFile) ? (JSON.parse(readFileSync(baselineFile, 'utf8')) as { edges: string[] }).edges : []);
    const added = [...cyclicKeys].filter((k) => !before.has(k));
    if (added.length && !allowGrowth && before.size) {
      console.error(`deps: the module-cycle baseline may only shrink; these edges would be added:`);
      for (const a of added) console.error(`  ${a}`);
      process.exit(1);
    }
    writeFileSync(
      baselineFile,
      JSON.stringify(
        { comment: 'TEMPORARY (issue 12): module edges on a module cycle; may only shrink. See scripts/deps-modules.ts.', edges: [...cyclicKeys].sort() },
        null,
        2,
      ) + '\n',
    );
    console.log(`deps: wrote ${relative(root, baselineFile)} (${cyclicKeys.size} edges on module cycles)`);
    return;
  }

  const graphAt = args.indexOf('--graph');
  if (graphAt >= 0) {
    const dir = join(root, args[graphAt + 1] ?? 'dist/deps');
    mkdirSync(dir, { recursive: true });
    const dot = dotGraph(nodes, edges, cyclicKeys);
    writeFileSync(join(dir, 'modules.dot'), dot);
    writeFileSync(join(dir, 'modules.mmd'), mermaidGraph(nodes, edges, cyclicKeys));
    const written = ['modules.dot', 'modules.mmd'];
    if (hasDot()) {
      writeFileSync(join(dir, 'modules.svg'), execFileSync('dot', ['-Tsvg'], { input: dot }));
      written.push('modules.svg');
    } else console.log('deps: Graphviz `dot` not found, no SVG (apt-get install graphviz)');
    console.log(`deps: ${nodes.length} modules, ${edges.length} module dependencies; wrote ${written.map((w) => relative(root, join(dir, w))).join(', ')}`);
  }

  if (args.includes('--check')) {
    const baseline = new Set<string>(existsSync(baselineFile) ? (JSON.parse(readFileSync(baselineFile, 'utf8')) as { edges: string[] }).edges : []);
    const fresh = [...cyclicKeys].filter((k) => !baseline.has(k));
    const gone = [...baseline].filter((k) => !cyclicKeys.has(k));
    if (gone.length) {
      console.log(`deps: ${gone.length} baseline module edge(s) no longer on a cycle; shrink the baseline (npm run deps:baseline):`);
      for (const g of gone) console.log(`  ${g}`);
    }
    if (fresh.length) {
      console.error(`deps: ${fresh.length} new module dependency edge(s) on a module cycle (not in ${relative(root, baselineFile)}):`);
      for (const f of fresh) console.error(`  ${f}`);
      const freshSet = new Set(fresh);
      for (const c of shortCycles(nodes, edges, 4)
        .filter((c) => c.some((n, i) => freshSet.has(`${n} -> ${c[(i + 1) % c.length]}`)))
        .slice(0, 10)) {
        console.error(`  cycle: ${[...c, c[0]].join(' -> ')}`);
      }
      process.exit(1);
    }
    console.log(`deps: module cycles OK (${comps.length} cyclic group(s), ${cyclicKeys.size} edge(s) on cycles, all known)`);
    return;
  }

  if (graphAt >= 0 && !args.includes('--report')) return;
  const known = new Set(existsSync(knownFile) ? (JSON.parse(readFileSync(knownFile, 'utf8')) as Violation[]).map(violationKey) : []);
  const perRule = new Map<string, Violation[]>();
  for (const v of cruised.violations) perRule.set(v.rule.name, [...(perRule.get(v.rule.name) ?? []), v]);
  console.log(
    `dependency rule violations: ${cruised.violations.length} (${cruised.violations.filter((v) => known.has(violationKey(v))).length} in the baseline)`,
  );
  for (const [rule, vs] of [...perRule].sort()) {
    console.log(`  ${rule}: ${vs.length}`);
    if (args.includes('--verbose')) for (const v of vs) console.log(`    ${v.from} -> ${v.to}${known.has(violationKey(v)) ? '' : '   (NEW)'}`);
  }
  const cycles = shortCycles(nodes, edges, 3);
  const pairs = cycles.filter((c) => c.length === 2);
  console.log(`modules: ${nodes.length}, module dependencies: ${edges.length}`);
  console.log(`cyclic groups (strongly connected components of more than one module): ${comps.length}`);
  comps.forEach((c, i) => console.log(`  group ${i + 1} (${c.length} modules): ${c.join(', ')}`));
  console.log(`module dependencies on a cycle: ${cyclicEdges.length}`);
  console.log(`two-module cycles (A <-> B): ${pairs.length}`);
  for (const [a, b] of pairs) {
    const there = edges.find((e) => e.from === a && e.to === b)!;
    const back = edges.find((e) => e.from === b && e.to === a)!;
    console.log(`  ${a} <-> ${b}   (${there.imports} import(s) there, ${back.imports} back)`);
  }
  console.log(`three-module cycles: ${cycles.length - pairs.length}`);
  if (args.includes('--verbose')) for (const c of cycles.filter((c) => c.length === 3)) console.log(`  ${[...c, c[0]].join(' -> ')}`);
}

if (require.main === module) main();
