// Start-to-ready: starts a server process, asks a URL every 5 ms from the moment the
// process is spawned, and prints the milliseconds until the first answer that counts
// (status 200, or any HTTP answer with --any), then stops the process (SIGTERM, then
// SIGKILL after 20 s) and waits for it.
//   node ready.js [--any] <url> <log file> -- <command> [args...]
// Prints "READY <ms>", or "READY timeout" after 60 s.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");

const args = process.argv.slice(2);
const any = args[0] === "--any";
if (any) {
  args.shift();
}
const [url, logFile, dash, command, ...commandArgs] = args;
if (dash !== "--" || !command) {
  console.error("usage: node ready.js [--any] <url> <log file> -- <command> [args...]");
  process.exit(2);
}

const log = fs.openSync(logFile, "w");
const start = process.hrtime.bigint();
const child = spawn(command, commandArgs, { stdio: ["ignore", log, log] });
let finished = false;

function finish(result) {
  if (finished) {
    return;
  }
  finished = true;
  console.log(`READY ${result}`);
  const killer = setTimeout(() => child.kill("SIGKILL"), 20000);
  child.once("exit", () => {
    clearTimeout(killer);
    process.exit(result === "timeout" ? 1 : 0);
  });
  child.kill("SIGTERM");
}

child.once("exit", (code) => {
  if (!finished) {
    finished = true;
    console.log(`READY exited(${code})`);
    process.exit(1);
  }
});

function poll() {
  if (finished) {
    return;
  }
  const req = http.get(url, { agent: false }, (res) => {
    res.resume();
    if (any || res.statusCode === 200) {
      finish((Number(process.hrtime.bigint() - start) / 1e6).toFixed(0));
    } else {
      setTimeout(poll, 5);
    }
  });
  req.on("error", () => setTimeout(poll, 5));
}
poll();
setTimeout(() => finish("timeout"), 60000);
