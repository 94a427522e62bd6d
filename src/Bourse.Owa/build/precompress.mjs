// Writes NAME.br (Brotli, quality 11) and NAME.gz (gzip, level 9) beside every compressible file of the built browser
// client's assets/ folder, so the server sends them as they are and spends no CPU compressing at run time.
// Usage: node precompress.mjs DIST_DIR
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const compressible = new Set(['.js', '.mjs', '.css', '.svg', '.json', '.map', '.html', '.txt', '.webmanifest']);
const root = join(process.argv[2] ?? 'dist', 'assets');
let files = 0, raw = 0, br = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    if (!compressible.has(extname(name))) continue;
    const data = readFileSync(path);
    if (data.length <= 512) continue;
    const b = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
    writeFileSync(path + '.br', b);
    writeFileSync(path + '.gz', gzipSync(data, { level: 9 }));
    files++; raw += data.length; br += b.length;
  }
}
walk(root);
console.log(`precompressed ${files} files: ${raw} bytes → ${br} bytes (Brotli)`);
