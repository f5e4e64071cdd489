// A static file server for built sites, used by the search browser test and the search
// benchmark: serves a folder under a path prefix (a site built with a `base_url` path), the
// way a plain static host would, with no compression and no caching headers.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

/**
 * Serves `dir` under `prefix` (`/` or `/guide/`) on a free port of 127.0.0.1. Resolves to
 * `{ url, requests, close() }`; `requests` lists every path asked for, in order.
 */
export function serveStatic(dir, prefix = "/") {
  const requests = [];
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    requests.push(url.pathname);
    let rel = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : null;
    if (rel !== null) {
      rel = decodeURIComponent(rel);
      if (rel === "" || rel.endsWith("/")) rel += "index.html";
    }
    const file = rel === null ? null : path.resolve(root, rel);
    if (!file || !file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}${prefix}`,
        requests,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
