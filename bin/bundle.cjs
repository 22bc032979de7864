// Loads the program (dist/cli.cjs) for the command and for the Node.js API, compiled with a V8
// code cache kept beside it: the functions a run uses are then not compiled again at every start,
// which is most of a short run's time. The cache is checked by V8 against the source and this
// Node's version; when it is missing or rejected, the code compiles as usual, and the command then
// writes a new one (if dist/ is writable; that never fails a run).
'use strict';

const { accessSync, constants: fsConstants, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script, constants } = require('node:vm');
const { createRequire } = require('node:module');

const dist = join(__dirname, '..', 'dist');
const file = join(dist, 'cli.cjs');
const cacheFile = join(dist, `cli.${process.version}-${process.arch}.v8cache`);

let loaded;

/** The program's exports; throws (with code ENOENT) when it has not been built. */
function loadBundle() {
  if (loaded) return loaded;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The bundle is one function expression (see scripts/build.mjs), and ASCII (esbuild escapes the
  // rest): read as Latin-1, which skips UTF-8 decoding.
  const source = readFileSync(file).latin1Slice();
  const script = new Script(source, {
    filename: file,
    cachedData,
    ...(constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dist);
  const stale = cachedData === undefined || script.cachedDataRejected;
  loaded = {
    exports: bundle.exports,
    /** Writes the code cache when it is missing or was rejected (or always, with `force`). */
    saveCache(force) {
      if (!force && !stale) return;
      try {
        // Not even made where it cannot be written (a read-only installation).
        accessSync(dist, fsConstants.W_OK);
        // Written aside and renamed: runs that start meanwhile read the old file or the new one.
        const partial = `${cacheFile}.${process.pid}`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
      } catch {
        // A read-only installation: runs stay correct, only slower to start.
      }
    },
  };
  return loaded;
}

module.exports = { loadBundle, file };
