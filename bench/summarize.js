// Summarises a run of bench/run.sh as Markdown: per round, medians, ratios ours/peer, the
// targets of issue 13, the JVMs' collector pauses, the Redis store against the memory store,
// what the service did with the requests, and start-to-ready.
//   node summarize.js <machine.json> <runs.jsonl> <ready.jsonl>
"use strict";

const fs = require("node:fs");

const [machineFile, runsFile, readyFile] = process.argv.slice(2);
const machine = JSON.parse(fs.readFileSync(machineFile, "utf8"));
const lines = (file) =>
  fs.existsSync(file)
    ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line))
    : [];
const runs = lines(runsFile);
const ready = lines(readyFile);

const median = (values) => {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const ms = (us) => (Number.isFinite(us) ? (us / 1000).toFixed(2) : "-");
const mib = (kb) => (Number.isFinite(kb) ? (kb / 1024).toFixed(0) : "-");
const rps = (x) => (Number.isFinite(x) ? x.toFixed(0) : "-");
const errors = (w) => w.connect_errors + w.read_errors + w.write_errors + w.timeouts;
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b ? (a / b).toFixed(2) : "-");

const servers = [...new Set(runs.map((r) => r.server))];
// A JVM's collector pauses in one measured run (bench/run.sh's gc_pauses), in words.
const gcWords = (gc) =>
  gc
    ? `${gc.young} young (${gc.young_ms.toFixed(0)} ms, longest ${gc.young_max_ms.toFixed(1)}), ` +
      (gc.full_ms.length ? `${gc.full_ms.length} full (${gc.full_ms.join(", ")} ms)` : "no full")
    : "-";
// The full collections that fell in a server's measured runs, by round: what sets a JVM's p99.9.
const fullCollections = (name) => {
  const hit = runs.filter((r) => r.server === name && r.gc && r.gc.full_ms.length);
  return hit.length
    ? hit.map((r) => `round ${r.round}: ${r.gc.full_ms.join(", ")} ms`).join("; ")
    : runs.some((r) => r.server === name && r.gc)
      ? "none"
      : "not recorded";
};
const readyServers = [...new Set(ready.map((r) => r.server))];
const readyMedian = (name) => median(ready.filter((r) => r.server === name).map((r) => Number(r.ms)));
const readyAll = (name) =>
  ready
    .filter((r) => r.server === name)
    .map((r) => r.ms)
    .join(", ");

const stats = {};
for (const name of servers) {
  const mine = runs.filter((r) => r.server === name);
  stats[name] = {
    rps: median(mine.map((r) => r.wrk.rps)),
    p50: median(mine.map((r) => r.wrk.p50_us)),
    p99: median(mine.map((r) => r.wrk.p99_us)),
    p999: median(mine.map((r) => r.wrk.p999_us)),
    errors: mine.reduce((sum, r) => sum + errors(r.wrk), 0),
    non2xx: mine.reduce((sum, r) => sum + r.wrk.non2xx, 0),
    wraps: mine.reduce((sum, r) => sum + r.wrk.wraps, 0),
    rss: median(mine.map((r) => r.rss_kb)),
    cpu: median(mine.map((r) => (r.cpu_ms * 1000) / r.wrk.requests)),
    requests: mine.reduce((sum, r) => sum + r.wrk.requests, 0),
  };
  // Set-ups with the Redis store: the redis-server's CPU and peak RSS, per run.
  const withRedis = mine.filter((r) => r.redis);
  if (withRedis.length) {
    Object.assign(stats[name], {
      redisCpu: median(withRedis.map((r) => (r.redis.cpu_ms * 1000) / r.wrk.requests)),
      cpuWithRedis: median(withRedis.map((r) => ((r.cpu_ms + r.redis.cpu_ms) * 1000) / r.wrk.requests)),
      redisRss: median(withRedis.map((r) => r.redis.rss_kb)),
      redisCommands: median(withRedis.map((r) => r.redis.commands / r.wrk.requests)),
      redisKeys: median(withRedis.map((r) => r.redis.keys)),
      // Calls per request by command; a script's own GET and SET count as well as its EVALSHA.
      redisCalls: Object.fromEntries(
        [...new Set(withRedis.flatMap((r) => Object.keys(r.redis.calls || {})))]
          .sort()
          .map((c) => [c, median(withRedis.map((r) => (r.redis.calls?.[c] || 0) / r.wrk.requests))]),
      ),
    });
  }
}
const anyRedis = runs.some((r) => r.redis);

const out = [];
const p = (line = "") => out.push(line);
const describe = {
  ours: "this service as in the image (extracted jar, Spring AOT, AOT cache on Java 25 or AppCDS before, the image's JVM flags and the heap of a pod of the chart)",
  peer: "express 5.1.0 doing what the Node SDK's Trigger does (bench/peer/trigger.js)",
  ceiling: `trivial static node:http responder, ${machine.ceiling_workers} worker(s) (bench/ceiling.js)`,
  "ours-redis":
    `as ours, with the Redis room-state store (\`--whereby.state.store=redis\`) on a redis-server ${machine.redis || ""} ` +
    `of its own on 127.0.0.1:${machine.redis_port}, flushed before each run`,
};

p(`# Benchmark results, ${machine.date.slice(0, 10)}`);
p();
p(`Produced by \`bench/run.sh\` at ${machine.date}.`);
p();
p(`- Machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memory} memory, ${machine.os}, kernel ${machine.kernel}`);
p(`- Service JVM: ${machine.java}, flags \`${machine.jvm_flags}\``);
p(`- Node ${machine.node}, wrk ${machine.wrk}${machine.redis ? `, redis-server ${machine.redis} (no persistence)` : ""}`);
p(`- Machine state at the start: ${machine.quiet}`);
p(
  `- Load: \`wrk -t${machine.threads} -c${machine.connections} -d${machine.duration}s --latency\` on the same machine, ` +
    `after a ${machine.warmup} s warm-up of each fresh server process, ${machine.rounds} rounds, the order rotated every ` +
    `round; signed requests with unique event ids (bench/Generator.java), replayed by bench/replay.lua`,
);
p();
p("| server | what |");
p("|---|---|");
for (const name of servers) p(`| ${name} | ${describe[name] || "a variant of the service (OURS_VARIANTS)"} |`);
p();
p("## Medians");
p();
// With a Redis set-up in the run: its redis-server's CPU added to the service's, and its peak RSS.
const redisHead = anyRedis ? " CPU us/req with redis-server | redis-server peak RSS MiB |" : "";
const redisAlign = anyRedis ? "---:|---:|" : "";
const redisCells = (cpu, rss) => (anyRedis ? ` ${rps(cpu)} | ${mib(rss)} |` : "");
p(`| server | req/s | p50 ms | p99 ms | p99.9 ms | errors | non-2xx | peak RSS MiB | CPU us/req |${redisHead} start-to-ready ms |`);
p(`|---|---:|---:|---:|---:|---:|---:|---:|---:|${redisAlign}---:|`);
for (const name of servers) {
  const s = stats[name];
  const r = readyServers.includes(name) ? readyMedian(name).toFixed(0) : "-";
  p(`| ${name} | ${rps(s.rps)} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.p999)} | ${s.errors} | ${s.non2xx} | ${mib(s.rss)} | ${rps(s.cpu)} |${redisCells(s.cpuWithRedis, s.redisRss)} ${r} |`);
}
p();
p(
  "Errors (connect, read, write, timeouts) and non-2xx answers are totals over all rounds. CPU us/req: CPU time " +
    "(user + system) of the server process during the measured run, per request answered; it varies less than " +
    "req/s when other work shares the machine." +
    (anyRedis
      ? " With the Redis store, peak RSS and CPU us/req are the service's alone; \"with redis-server\" adds the " +
        "redis-server's CPU time over the same measured run (it shares the same cores), and its peak RSS (reset " +
        "before each run) is given apart."
      : ""),
);
if (servers.some((n) => n !== "ceiling" && n !== "peer" && stats[n].wraps)) {
  p();
  p("**Warning:** a service run wrapped around its request file: some event ids repeated (raise MAX_RATE).");
}
if (stats.ours && stats.peer) {
  const o = stats.ours;
  const q = stats.peer;
  const perRound = runs
    .filter((r) => r.server === "ours")
    .map((r) => {
      const peer = runs.find((x) => x.server === "peer" && x.round === r.round);
      return peer ? r.wrk.rps / peer.wrk.rps : NaN;
    })
    .filter(Number.isFinite);
  p();
  p("## Ours / peer");
  p();
  p("| | ours / peer |");
  p("|---|---:|");
  p(`| throughput (median req/s) | ${ratio(o.rps, q.rps)} (per round: ${perRound.map((x) => x.toFixed(2)).join(", ")}) |`);
  p(`| p50 | ${ratio(o.p50, q.p50)} |`);
  p(`| p99 | ${ratio(o.p99, q.p99)} |`);
  p(`| p99.9 | ${ratio(o.p999, q.p999)} |`);
  p(`| peak RSS | ${ratio(o.rss, q.rss)} |`);
  p(`| CPU per request | ${ratio(o.cpu, q.cpu)} |`);
  if (stats.ceiling) {
    p(`| ours / ceiling, peer / ceiling (req/s) | ${ratio(o.rps, stats.ceiling.rps)}, ${ratio(q.rps, stats.ceiling.rps)} |`);
  }
  p();
  p("## Targets of issue 13 (reported, not asserted)");
  p();
  const met = (ok) => (ok ? "met" : "**not met**");
  const readyOurs = readyMedian("ours");
  p("| target | measured | |");
  p("|---|---|---|");
  p(`| throughput >= 2.5x the peer's, INFO line on, signatures verified, unique ids | ${ratio(o.rps, q.rps)}x | ${met(o.rps >= 2.5 * q.rps)} |`);
  p(
    `| p99 at ${machine.connections} connections <= the peer's | ${ms(o.p99)} ms vs ${ms(q.p99)} ms (p99.9 ${ms(o.p999)} vs ` +
      `${ms(q.p999)} ms; full collections in ours' measured runs: ${fullCollections("ours")}) | ${met(o.p99 <= q.p99)} |`,
  );
  p(`| peak RSS <= 200 MiB under that load | ${mib(o.rss)} MiB | ${met(o.rss <= 200 * 1024)} |`);
  if (Number.isFinite(readyOurs)) {
    p(`| start-to-ready <= 1.0 s, the image's layout (extracted jar, Spring AOT, AOT cache or CDS archive) | ${readyOurs.toFixed(0)} ms | ${met(readyOurs <= 1000)} |`);
  }
}
if (stats.ours && stats["ours-redis"]) {
  const m = stats.ours;
  const d = stats["ours-redis"];
  const perRound = runs
    .filter((r) => r.server === "ours-redis")
    .map((r) => {
      const memory = runs.find((x) => x.server === "ours" && x.round === r.round);
      return memory ? r.wrk.rps / memory.wrk.rps : NaN;
    })
    .filter(Number.isFinite);
  p();
  p("## Redis store / memory store");
  p();
  p(`Redis store / memory store throughput: ${ratio(d.rps, m.rps)} (target >= 0.75)`);
  p();
  p(
    `${d.rps >= 0.75 * m.rps ? "Met" : "**Not met**"}: medians of ${machine.rounds} rounds, ${rps(d.rps)} against ` +
      `${rps(m.rps)} req/s (per round: ${perRound.map((x) => x.toFixed(2)).join(", ")}); p99 ${ms(d.p99)} ms with ` +
      `Redis, ${ms(m.p99)} ms with memory.`,
  );
  p();
  p("| | ours (memory) | ours-redis | ours-redis / ours |");
  p("|---|---:|---:|---:|");
  p(`| req/s | ${rps(m.rps)} | ${rps(d.rps)} | ${ratio(d.rps, m.rps)} |`);
  p(`| p50 ms | ${ms(m.p50)} | ${ms(d.p50)} | ${ratio(d.p50, m.p50)} |`);
  p(`| p99 ms | ${ms(m.p99)} | ${ms(d.p99)} | ${ratio(d.p99, m.p99)} |`);
  p(`| p99.9 ms | ${ms(m.p999)} | ${ms(d.p999)} | ${ratio(d.p999, m.p999)} |`);
  p(`| CPU us/req, service | ${rps(m.cpu)} | ${rps(d.cpu)} | ${ratio(d.cpu, m.cpu)} |`);
  if (Number.isFinite(d.cpuWithRedis)) {
    p(`| CPU us/req, redis-server | - | ${rps(d.redisCpu)} | |`);
    p(`| CPU us/req, service + redis-server | ${rps(m.cpu)} | ${rps(d.cpuWithRedis)} | ${ratio(d.cpuWithRedis, m.cpu)} |`);
  }
  p(`| peak RSS MiB, service | ${mib(m.rss)} | ${mib(d.rss)} | ${ratio(d.rss, m.rss)} |`);
  if (Number.isFinite(d.redisRss)) {
    p(`| peak RSS MiB, redis-server | - | ${mib(d.redisRss)} | |`);
    const calls = Object.entries(d.redisCalls || {})
      .map(([c, n]) => `${c} ${n.toFixed(2)}`)
      .join(", ");
    p(`| Redis commands per request, measured run (inside scripts too) | - | ${d.redisCommands.toFixed(2)}${calls ? ` (${calls})` : ""} | |`);
    p(`| Redis keys at the end of a run | - | ${rps(d.redisKeys)} | |`);
  }
  if (readyServers.includes("ours") && readyServers.includes("ours-redis")) {
    p(`| start-to-ready ms | ${readyMedian("ours").toFixed(0)} | ${readyMedian("ours-redis").toFixed(0)} | ${ratio(readyMedian("ours-redis"), readyMedian("ours"))} |`);
  }
}
const withOutcomes = runs.filter((r) => Object.keys(r.outcomes || {}).length);
if (withOutcomes.length) {
  p();
  p("## What the service answered (warm-up and measured runs, all rounds)");
  p();
  const byServer = {};
  for (const r of withOutcomes) {
    const t = (byServer[r.server] ||= {});
    for (const [k, v] of Object.entries(r.outcomes)) t[k] = (t[k] || 0) + v;
  }
  const keys = [...new Set(Object.values(byServer).flatMap((t) => Object.keys(t)))].sort();
  p(`| server | ${keys.join(" | ")} |`);
  p(`|---|${keys.map(() => "---:").join("|")}|`);
  for (const [name, t] of Object.entries(byServer)) p(`| ${name} | ${keys.map((k) => t[k] || 0).join(" | ")} |`);
}
if (ready.length) {
  p();
  p("## Start-to-ready (ms)");
  p();
  p("From process start to the first 200 on `/actuator/health/readiness` (the service) or the first HTTP answer (the peer).");
  p();
  p("| set-up | median | samples |");
  p("|---|---:|---|");
  const what = {
    "ours-jar": "service, fat jar, the same flags",
    ours: "service as in the image: extracted jar, Spring AOT, AOT cache (Java 25) or AppCDS, the image's flags",
    "ours-redis": "the same with the Redis store (readiness includes its ping; Redis flushed first)",
    peer: "peer (node)",
  };
  for (const name of readyServers) p(`| ${what[name] || name} | ${readyMedian(name).toFixed(0)} | ${readyAll(name)} |`);
}
const withGc = servers.filter((name) => runs.some((r) => r.server === name && r.gc));
if (withGc.length) {
  p();
  p("## Garbage collection in the measured runs");
  p();
  p(
    "From each JVM's GC log (`-Xlog:gc`, one file per process in bench/work/logs), the pauses that fell in the " +
      `measured ${machine.duration} s: young collections (medians over the rounds) and every full collection. ` +
      "A full collection in a measured run sets that run's p99.9.",
  );
  p();
  p("| server | young pauses/s | mean young pause ms | time paused, young | full collections (ms), by round |");
  p("|---|---:|---:|---:|---|");
  for (const name of withGc) {
    const mine = runs.filter((r) => r.server === name && r.gc);
    const perSecond = median(mine.map((r) => r.gc.young / machine.duration));
    const mean = median(mine.map((r) => (r.gc.young ? r.gc.young_ms / r.gc.young : NaN)));
    const paused = median(mine.map((r) => r.gc.young_ms / (machine.duration * 10)));
    p(`| ${name} | ${perSecond.toFixed(1)} | ${Number.isFinite(mean) ? mean.toFixed(2) : "-"} | ${paused.toFixed(1)}% | ${fullCollections(name)} |`);
  }
}
p();
p("## Per round");
p();
p(`| round | server | req/s | p50 ms | p99 ms | p99.9 ms | errors | non-2xx | peak RSS MiB | CPU us/req |${redisHead} GC pauses |`);
p(`|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|${redisAlign}---|`);
for (const r of runs) {
  const w = r.wrk;
  const cells = r.redis
    ? redisCells(((r.cpu_ms + r.redis.cpu_ms) * 1000) / w.requests, r.redis.rss_kb)
    : redisCells(NaN, NaN);
  p(`| ${r.round} | ${r.server} | ${rps(w.rps)} | ${ms(w.p50_us)} | ${ms(w.p99_us)} | ${ms(w.p999_us)} | ${errors(w)} | ${w.non2xx} | ${mib(r.rss_kb)} | ${rps((r.cpu_ms * 1000) / w.requests)} |${cells} ${gcWords(r.gc)} |`);
}
console.log(out.join("\n"));
