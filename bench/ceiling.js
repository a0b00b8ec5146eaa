// The loopback ceiling: a trivial static responder that reads each request's body and
// answers 200 with a fixed small JSON body. What this machine does for the same load with
// next to no work per request. WORKERS (default 1) processes share the port through
// node:cluster.
"use strict";

const cluster = require("node:cluster");
const http = require("node:http");

const PORT = Number(process.env.PORT || 8080);
const WORKERS = Number(process.env.WORKERS || 1);
const BODY = Buffer.from('{"status":"ok"}');

if (WORKERS > 1 && cluster.isPrimary) {
  for (let i = 0; i < WORKERS; i++) {
    cluster.fork();
  }
  let listening = 0;
  cluster.on("listening", () => {
    if (++listening === WORKERS) {
      console.log(`ceiling listening on 127.0.0.1:${PORT} (${WORKERS} workers)`);
    }
  });
  const stop = () => {
    for (const worker of Object.values(cluster.workers)) {
      worker.kill("SIGTERM");
    }
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  const server = http.createServer((req, res) => {
    req.on("data", () => {});
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": BODY.length });
      res.end(BODY);
    });
  });
  server.keepAliveTimeout = 60000;
  server.listen(PORT, "127.0.0.1", () => {
    if (WORKERS <= 1) {
      console.log(`ceiling listening on 127.0.0.1:${PORT}`);
    }
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
