/**
 * Counts TypeORM queries made outside repositories: calls, in src/ and channels/ files not
 * named *.repository.ts (tests excluded), of TypeORM's query methods (createQueryBuilder,
 * find*, insert, update, delete, query, count*, save, ...), and `.manager` handles taken.
 *
 * A call counts only when the type checker says the method is declared by typeorm, so
 * Array#find, Map#delete or hash.update are not counted. `--grep` adds the crude textual
 * count (the same patterns as plain text) for comparison.
 *
 *   npm run deps:queries [-- --grep --all]   (--all: every file, not only the top 10 (QUERIES_TOP))
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..');

/** TypeORM methods that run (or build) a query. */
const QUERY_METHODS = new Set([
  'createQueryBuilder',
  'find',
  'findBy',
  'findOne',
  'findOneBy',
  'findOneOrFail',
  'findOneByOrFail',
  'findAndCount',
  'findAndCountBy',
  'exists',
  'existsBy',
  'count',
  'countBy',
  'sum',
  'average',
  'minimum',
  'maximum',
  'insert',
  'update',
  'upsert',
  'delete',
  'softDelete',
  'restore',
  'save',
  'remove',
  'increment',
  'decrement',
  'clear',
  'query',
  'sql',
]);

const GREP = /createQueryBuilder\(|\.find\(|\.findOne\(|\.insert\(|\.update\(|\.delete\(|\.query\(|\.count\(|manager\./g;

export function isCounted(file: string): boolean {
  const rel = relative(root, file).split('\\').join('/');
  return /^(src|channels)\//.test(rel) && !/\.repository\.ts$/.test(rel) && !/\.(e2e-)?spec\.ts$/.test(rel) && !/\.d\.ts$/.test(rel);
}

function declaredByTypeorm(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): boolean {
  if (!symbol) return false;
  const s = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (s.declarations ?? []).some((d) => /[\\/]node_modules[\\/]typeorm[\\/]/.test(d.getSourceFile().fileName));
}

function isEntityManager(type: ts.Type, checker: ts.TypeChecker): boolean {
  const symbol = type.getSymbol();
  return symbol?.getName() === 'EntityManager' && declaredByTypeorm(symbol, checker);
}

interface Count {
  file: string;
  queries: number;
  managers: number;
  grep: number;
}

function main(): void {
  const args = process.argv.slice(2);
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const files = parsed.fileNames.filter(isCounted);
  const program = ts.createProgram({ rootNames: files, options: { ...parsed.options, noEmit: true } });
  const checker = program.getTypeChecker();
  const counts: Count[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    let queries = 0;
    let managers = 0;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const name = node.expression.name.text;
        if (QUERY_METHODS.has(name) && declaredByTypeorm(checker.getSymbolAtLocation(node.expression.name), checker)) queries++;
      }
      if (ts.isPropertyAccessExpression(node) && node.name.text === 'manager' && isEntityManager(checker.getTypeAtLocation(node), checker)) managers++;
      ts.forEachChild(node, visit);
    };
    visit(sf);
    const grep = args.includes('--grep') ? (readFileSync(file, 'utf8').match(GREP) ?? []).length : 0;
    if (queries || managers || grep) counts.push({ file: relative(root, file), queries, managers, grep });
  }
  counts.sort((a, b) => b.queries - a.queries || b.managers - a.managers || a.file.localeCompare(b.file));
  const shown = args.includes('--all') ? counts : counts.slice(0, Number(process.env.QUERIES_TOP ?? 10));
  const pad = Math.max(...shown.map((c) => c.file.length), 4);
  console.log(`${'file'.padEnd(pad)}  queries  .manager${args.includes('--grep') ? '  grep' : ''}`);
  for (const c of shown)
    console.log(
      `${c.file.padEnd(pad)}  ${String(c.queries).padStart(7)}  ${String(c.managers).padStart(8)}${args.includes('--grep') ? `  ${String(c.grep).padStart(4)}` : ''}`,
    );
  if (shown.length < counts.length) console.log(`... ${counts.length - shown.length} more file(s) (--all)`);
  const sum = (k: 'queries' | 'managers' | 'grep') => counts.reduce((s, c) => s + c[k], 0);
  console.log(
    `total: ${sum('queries')} TypeORM query call(s) and ${sum('managers')} .manager handle(s) outside *.repository.ts, in ${counts.filter((c) => c.queries).length} file(s)` +
      (args.includes('--grep') ? `; crude text count ${sum('grep')}` : ''),
  );
}

if (require.main === module) main();
