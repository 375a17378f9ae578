/**
 * A static file server for the bench pages. IndexedDB and WebCrypto need an
 * http:// origin, not file://, so the runner serves the built pages from
 * 127.0.0.1 on a port that the system picks.
 */

import {createServer} from 'node:http';
import {readFile} from 'node:fs/promises';
import {extname, join, normalize, sep} from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Starts serving the files under `root` and resolves with the origin and a
 * `close()` that stops the server. Every response carries
 * `Cache-Control: no-store`, so that the browser requests each chunk it
 * loads and the runner can see which chunks a page needed.
 */
export async function startStaticServer(root) {
  const server = createServer((request, response) => {
    void serveFile(root, request, response);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const {port} = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function serveFile(root, request, response) {
  const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (file !== root && !file.startsWith(root + sep)) {
    send(response, 403, 'text/plain', 'path is outside the served folder');
    return;
  }
  let body;
  try {
    body = await readFile(file);
  } catch (error) {
    const missing = error.code === 'ENOENT' || error.code === 'EISDIR';
    const status = missing ? 404 : 500;
    send(response, status, 'text/plain', `${error.code}: ${path}`);
    return;
  }
  const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  send(response, 200, type, body);
}

function send(response, status, type, body) {
  response.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
  });
  response.end(body);
}
