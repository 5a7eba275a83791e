import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { build, type Plugin, type Rollup } from 'vite';

/**
 * Builds client/boot/head.ts as a bundle of its own (one small classic script, no imports) and puts
 * it first in the page's head: it runs as soon as it arrives, while the application's bundle is
 * still on its way, which a module script (deferred to after the document) could not.
 */
export function headScript(): Plugin {
  let code = '';
  let fileName = '';
  return {
    name: 'bestfit-head-script',
    apply: 'build',
    async buildStart() {
      const out = (await build({
        configFile: false,
        logLevel: 'silent',
        build: {
          write: false,
          minify: true,
          lib: { entry: resolve(import.meta.dirname, 'boot/head.ts'), formats: ['iife'], name: 'bestfitHead' },
        },
      })) as Rollup.RollupOutput | Rollup.RollupOutput[];
      code = (Array.isArray(out) ? out[0]! : out).output[0].code;
      fileName = `assets/head-${createHash('sha256').update(code).digest('base64url').slice(0, 8)}.js`;
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName, source: code });
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'script', attrs: { src: `/${fileName}` }, injectTo: 'head-prepend' }],
    },
  };
}
