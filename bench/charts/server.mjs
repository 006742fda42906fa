// A small static server for the chart bench and the manual harness, on 127.0.0.1 only.
// Pages get a fresh nonce per request (%NONCE%), like the host's HTML, and %BUNDLE% points at the
// folder holding compare.js/compare.css (dist/webview unless told otherwise).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.json': 'application/json' };

/** Starts the server; resolves with { url, close }. `bundleDir` is an absolute folder. */
export async function startServer(root, bundleDir) {
  const mounts = [
    ['/bench/charts/', join(root, 'bench', 'charts')],
    ['/bundle/', bundleDir],
    ['/vendor/chart.umd.min.js', join(root, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js')],
    ['/vendor/uPlot.iife.min.js', join(root, 'node_modules', 'uplot', 'dist', 'uPlot.iife.min.js')],
    ['/vendor/uPlot.min.css', join(root, 'node_modules', 'uplot', 'dist', 'uPlot.min.css')],
  ];
  const pages = { '/': 'harness.html', '/harness.html': 'harness.html', '/webview.html': 'webview.html', '/chartjs.html': 'chartjs.html', '/uplot.html': 'uplot.html' };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/favicon.ico') return send(204, '');
    const page = pages[path];
    if (page) {
      readFile(join(root, 'bench', 'charts', page), 'utf8').then((html) => {
        const nonce = randomBytes(16).toString('base64');
        send(200, html.replaceAll('%NONCE%', nonce).replaceAll('%BUNDLE%', '/bundle'), TYPES['.html']);
      }, () => send(404, 'not found'));
      return;
    }
    for (const [prefix, dir] of mounts) {
      if (!path.startsWith(prefix)) continue;
      const file = prefix.endsWith('/') ? normalize(join(dir, path.slice(prefix.length))) : dir;
      if (prefix.endsWith('/') && !file.startsWith(dir + sep)) return send(403, 'forbidden');
      readFile(file).then((body) => send(200, body, TYPES[extname(file)] ?? 'application/octet-stream'), () => send(404, 'not found'));
      return;
    }
    send(404, 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
