#!/usr/bin/env bash
# The load benchmark of issue 5: this service against a peer doing what the Node SDK's
# Trigger does, and against a trivial static responder (the loopback ceiling), on this
# machine, in one go, and writes bench/results/<date>.md. The service runs twice: with the
# memory room-state store (ours) and with the Redis one (ours-redis: the same set-up on a
# redis-server that this script starts, flushes before each run and stops). bench/README.md's
# "Performance" section says what it measures and shows the latest results.
#
#   bench/run.sh
#
# Knobs (environment): ROUNDS (3), WARMUP (90 s per server and round), DURATION (20 s measured
# per server and round), CONNECTIONS (32), THREADS (2), PORT (18080), JAVA_HOME (the JDK that
# runs the service; default: the `java` on the PATH), JVM_FLAGS (the image's, below),
# READY_SAMPLES (5 start-to-ready measurements per set-up; 0 skips them), MAX_RATE (15000
# requests/s to start with: sizes the request files so that no event id repeats; raised after
# each round to 1.5x the service's rate), CEILING_WORKERS (nproc), OURS_VARIANTS (more set-ups
# of the service, alternated with the others: "name|java home|jvm flags|application
# arguments[|extracted application jar];..."), SERVERS ("ours peer ceiling ours-redis"),
# RESULTS (1: write bench/results/<date>.md), WAIT_QUIET (0: minutes to wait for the machine
# to quiet down first), REDIS_PORT (16379: the port of the redis-server started here for
# every set-up run with --whereby.state.store=redis; it must be free).
#
# A set-up with the Redis store is charged the redis-server's CPU too: both share the same
# cores, and every webhook costs Redis work (one SET NX PX; a claim, then a compare-and-set
# when it may launch or stop). Its CPU per
# request is reported for the service alone and for the service and redis-server together;
# redis-server's peak RSS (reset before each run) is a figure of its own.
#
# Why a 90 s warm-up: on 2 cores shared with wrk, C2 competes with 32 busy request threads
# and was still compiling (40% of a core) 40 s into a run; the service's rate doubled between
# 40 s and 110 s. Node's JIT settles within seconds. Every server gets the same warm-up.
#
# Only loopback traffic; every load run is bounded in time; every server started here (the
# redis-server included) is stopped here, also on Ctrl-C.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
WORK=$BENCH/work
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-90}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
# Actuator on a port of its own, as in the image and the chart (and as Spring AOT requires).
MANAGEMENT_PORT=${MANAGEMENT_PORT:-$((PORT + 1))}
READY_SAMPLES=${READY_SAMPLES:-5}
MAX_RATE=${MAX_RATE:-15000}
CEILING_WORKERS=${CEILING_WORKERS:-$(nproc)}
SERVERS=${SERVERS:-ours peer ceiling ours-redis}
RESULTS=${RESULTS:-1}
WAIT_QUIET=${WAIT_QUIET:-0}
OURS_VARIANTS=${OURS_VARIANTS:-}
REDIS_PORT=${REDIS_PORT:-16379}
# The image's flags and the heap a pod of the chart gets: half of its default memory limit,
# 512 MiB, which -XX:MaxRAM stands for here (measured: see bench/README.md). "ours" adds
# what the image adds (see define_variants).
IMAGE_JVM_FLAGS="-XX:+UseSerialGC -XX:MaxRAM=512m -XX:MaxRAMPercentage=50"
JVM_FLAGS=${JVM_FLAGS:-$IMAGE_JVM_FLAGS}
if [[ -n ${JAVA_HOME:-} ]]; then
	JAVA=$JAVA_HOME/bin/java
else
	JAVA=$(command -v java || true)
fi
URL=http://127.0.0.1:$PORT
MANAGEMENT_URL=http://127.0.0.1:$MANAGEMENT_PORT

log() { echo "[bench] $*" >&2; }
fail() {
	echo "[bench] FAILED: $*" >&2
	exit 1
}

# --- what the benchmark needs -------------------------------------------------------------

install_missing_tools() {
	local missing=()
	command -v wrk >/dev/null || missing+=(wrk)
	command -v node >/dev/null || missing+=(nodejs)
	command -v npm >/dev/null || missing+=(npm)
	command -v curl >/dev/null || missing+=(curl)
	if uses_redis_any; then
		# Debian's redis-server, and redis-tools for redis-cli.
		command -v redis-server >/dev/null || missing+=(redis-server)
		command -v redis-cli >/dev/null || missing+=(redis-tools)
	fi
	if ((${#missing[@]})); then
		log "installing ${missing[*]}"
		# The packages must not start a system service (redis-server's would hold port 6379
		# and use CPU during the runs): as in .ci/run, a policy-rc.d that refuses, unless
		# the machine has one.
		local policy=
		if [[ ! -e /usr/sbin/policy-rc.d ]]; then
			policy=/usr/sbin/policy-rc.d
			printf '#!/bin/sh\nexit 101\n' >"$policy"
			chmod +x "$policy"
		fi
		local installed=0
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null &&
			installed=1
		if [[ -n $policy ]]; then
			rm -f "$policy"
		fi
		((installed)) || fail "could not install ${missing[*]}"
	fi
	[[ -n $JAVA && -x $JAVA ]] || fail "no java: install a JDK 17 or newer, or set JAVA_HOME"
}

install_peer() {
	local installed=$BENCH/peer/node_modules/express/package.json
	if [[ ! -f $installed ]] || ! grep -q '"version": "5.1.0"' "$installed" ||
		[[ $BENCH/peer/package-lock.json -nt $installed ]]; then
		log "installing the peer's pinned dependencies (npm ci)"
		(cd "$BENCH/peer" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	fi
}

JAR=
build_jar() {
	JAR=$(find "$ROOT/target" -maxdepth 1 -name 'whereby-trigger-*-exec.jar' 2>/dev/null | head -1)
	if [[ -n $JAR ]] && [[ -z $(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit) ]]; then
		log "service jar up to date: ${JAR#"$ROOT"/}"
		return
	fi
	log "building the service jar (./mvnw -B -ntp -Paot -DskipTests package)"
	# The formatting check is left to ./mvnw verify: it has no bearing on the benchmark.
	# With Spring AOT's bean definitions, as in the image (used with -Dspring.aot.enabled=true).
	(cd "$ROOT" && ./mvnw -B -ntp -q -Paot -DskipTests -Dspring-javaformat.skip=true package) >"$WORK/build.log" 2>&1 ||
		{
			tail -n 40 "$WORK/build.log" >&2
			fail "the build failed (log above)"
		}
	JAR=$(find "$ROOT/target" -maxdepth 1 -name 'whereby-trigger-*-exec.jar' | head -1)
}

# The jar extracted the way the image has it (application.jar + lib/), and an AppCDS
# archive of the classes loaded up to the end of the context refresh, trained with the
# same flags as the runs (an archive only serves a JVM with the same collector and heap
# layout). Rebuilt when the jar or the flags change.
APP=$WORK/app
prepare_extracted() {
	local java=$1 flags=$2
	if [[ ! -f $APP/application.jar || $JAR -nt $APP/application.jar ]]; then
		rm -rf "$APP"
		"$java" -Djarmode=tools -jar "$JAR" extract --application-filename application.jar --destination "$APP" \
			>/dev/null
	fi
	# The archive named by -XX:SharedArchiveFile (AppCDS) or -XX:AOTCache (Java 25), if any.
	local archive training
	if [[ $flags =~ -XX:SharedArchiveFile=([^ ]+) ]]; then
		archive=${BASH_REMATCH[1]}
		training="-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
	elif [[ $flags =~ -XX:AOTCache=([^ ]+) ]]; then
		archive=${BASH_REMATCH[1]}
		training="-XX:AOTCacheOutput=$archive -Xlog:aot=off -Xlog:cds=off"
	else
		return 0
	fi
	flags=$(sed -E 's/-XX:(SharedArchiveFile|AOTCache)=[^ ]+//' <<<"$flags")
	local stamp="$archive.flags"
	if [[ -f $archive && -f $stamp && $(cat "$stamp") == "$java $flags" && $archive -nt $APP/application.jar ]]; then
		return 0
	fi
	log "training the class archive ${archive#"$BENCH"/}"
	rm -f "$archive"
	# shellcheck disable=SC2086
	WHEREBY_WEBHOOK_SIGNINGSECRETS=training "$java" $flags $training -Dspring.context.exit=onRefresh \
		-jar "$APP/application.jar" --spring.config.additional-location="file:$BENCH/service.yml" \
		--management.server.port="$MANAGEMENT_PORT" \
		>"$WORK/logs/training-$(basename "$archive").log" 2>&1 ||
		fail "the training run for $archive failed: see bench/work/logs/training-$(basename "$archive").log"
	[[ -f $archive ]] || fail "the training run wrote no $archive"
	echo "$java $flags" >"$stamp"
}

# --- the machine ------------------------------------------------------------------------

busy_processes() {
	# Other JVMs and Maven builds using at least 10% of a CPU over 2 s, not ours.
	local before
	before=$(cpu_ticks)
	sleep 2
	join <(echo "$before") <(cpu_ticks) | awk '$3 - $2 >= 20 {print $1}'
}

# pid and CPU ticks (user + system) of every JVM or Maven process but this benchmark's.
cpu_ticks() {
	local pid
	for pid in $(pgrep -f 'java|mvn' || true); do
		grep -q -- "$WORK" "/proc/$pid/cmdline" 2>/dev/null && continue
		awk -v p="$pid" '{sub(/^.*\) /, ""); print p, $12 + $13}' "/proc/$pid/stat" 2>/dev/null || true
	done | sort
}

wait_quiet() {
	local deadline=$((SECONDS + WAIT_QUIET * 60))
	while true; do
		local busy load
		busy=$(busy_processes | wc -l)
		load=$(cut -d' ' -f1 /proc/loadavg)
		if ((busy == 0)) && awk -v l="$load" 'BEGIN {exit !(l < 1.0)}'; then
			QUIET="yes (load $load, no other busy JVM)"
			return
		fi
		if ((SECONDS >= deadline)); then
			QUIET="NO: load $load, $busy other busy JVM/Maven process(es): numbers are noisier than usual"
			return
		fi
		log "waiting for the machine to quiet down (load $load, $busy busy JVM/Maven)"
		sleep 30
	done
}

machine_json() {
	local cpu mem os kernel javav nodev wrkv redisv
	cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
	mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
	os=$(. /etc/os-release && echo "$PRETTY_NAME")
	kernel=$(uname -r)
	javav=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')
	javav="$("$JAVA" -version 2>&1 | head -1 | sed 's/"//g') ($javav)"
	nodev=$(node --version)
	wrkv=$( (wrk -v 2>&1 || true) | head -1 | awk '{print $2}')
	redisv=
	if [[ -n $REDIS_PID ]]; then
		redisv=$(redis info server | awk -F: '/^redis_version:/ {print $2}' | tr -d '\r')
	fi
	cat <<EOF
{"date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "nproc": $(nproc), "cpu": "$cpu", "memory": "$mem", "os": "$os",
 "kernel": "$kernel", "java": "$javav", "node": "$nodev", "wrk": "$wrkv", "quiet": "$QUIET",
 "rounds": $ROUNDS, "duration": $DURATION, "warmup": $WARMUP, "threads": $THREADS, "connections": $CONNECTIONS,
 "jvm_flags": "$JVM_FLAGS", "ceiling_workers": $CEILING_WORKERS, "redis": "$redisv", "redis_port": $REDIS_PORT}
EOF
}

# --- servers --------------------------------------------------------------------------------

SERVER_PID=
# Stops a process and its children: SIGTERM, then SIGKILL after SECONDS.
stop_process() {
	local pid=$1 name=$2 seconds=$3
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 $((seconds * 5))); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "$name $pid did not stop in $seconds s: killing it"
			pkill -KILL -P "$pid" 2>/dev/null || true
			kill -KILL "$pid" 2>/dev/null || true
		fi
		wait "$pid" 2>/dev/null || true
	fi
}

stop_server() {
	stop_process "$SERVER_PID" server 20
	SERVER_PID=
}

# The redis-server of the set-ups with the Redis store: one for the whole run, started
# here, nothing saved to disk, flushed before each of their runs, stopped on exit.
REDIS_PID=
REDIS_URL=redis://127.0.0.1:$REDIS_PORT
redis() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

start_redis() {
	if (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; then
		fail "something already listens on port $REDIS_PORT: set REDIS_PORT"
	fi
	redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
		>"$WORK/logs/redis.log" 2>&1 &
	REDIS_PID=$!
	for _ in $(seq 1 50); do
		if ! kill -0 "$REDIS_PID" 2>/dev/null; then
			tail -n 20 "$WORK/logs/redis.log" >&2
			fail "redis-server did not start on port $REDIS_PORT (its log is above)"
		fi
		if [[ $(redis ping 2>/dev/null) == PONG ]]; then
			# The one answering must be the one started here.
			local pid
			pid=$(redis info server | awk -F: '/^process_id:/ {print $2 + 0}')
			[[ $pid == "$REDIS_PID" ]] ||
				fail "port $REDIS_PORT is answered by redis-server pid $pid, not by ours ($REDIS_PID): set REDIS_PORT"
			log "redis-server $(redis info server | awk -F: '/^redis_version:/ {print $2}' | tr -d '\r') on 127.0.0.1:$REDIS_PORT (pid $REDIS_PID)"
			return
		fi
		sleep 0.1
	done
	fail "redis-server did not answer on port $REDIS_PORT within 5 s: see bench/work/logs/redis.log"
}

stop_redis() {
	stop_process "$REDIS_PID" redis-server 10
	REDIS_PID=
}

# Before each run with the Redis store: no key left from the run before (the same event
# ids come again in every run of a round), its memory given back, its counters and its peak
# RSS (VmHWM, through clear_refs) reset.
reset_redis() {
	kill -0 "$REDIS_PID" 2>/dev/null || fail "redis-server (pid $REDIS_PID) is gone: see bench/work/logs/redis.log"
	[[ $(redis flushall | tr -d '\r') == OK ]] || fail "redis-cli FLUSHALL failed on port $REDIS_PORT"
	redis memory purge >/dev/null || true
	redis config resetstat >/dev/null
	{ echo 5 >"/proc/$REDIS_PID/clear_refs"; } 2>/dev/null ||
		log "could not reset redis-server's peak RSS: it is the highest since its start"
}

redis_stat() { redis info "$1" | awk -F: -v k="$2" '$1 == k {print $2 + 0}'; }

# "command calls" per line, from INFO commandstats. A script's own commands (its GET, its
# SET) are counted as well as the EVALSHA that ran them.
redis_calls() { redis info commandstats | tr -d '\r' | sed -nE 's/^cmdstat_([^:]+):calls=([0-9]+),.*/\1 \2/p' | sort; }

cleanup() {
	stop_server
	stop_redis
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Variants: name|java|flags|args. "ours" is the set-up of the image: the extracted jar,
# Spring AOT's bean definitions and the image's flags (JVM_FLAGS), with an AOT cache
# and compact object headers on Java 25 or later, an AppCDS archive before; "ours-redis" is
# the same with the Redis room-state store, on the redis-server started here.
declare -A V_JAVA V_FLAGS V_ARGS V_JAR
define_variants() {
	V_JAVA[ours]=$JAVA
	local release
	release=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
	if ((${release%%.*} >= 25)); then
		V_FLAGS[ours]="$JVM_FLAGS -XX:+UseCompactObjectHeaders -Dspring.aot.enabled=true -XX:AOTCache=$WORK/app/ours.aot"
	else
		V_FLAGS[ours]="$JVM_FLAGS -Dspring.aot.enabled=true -XX:SharedArchiveFile=$WORK/app/ours.jsa"
	fi
	V_ARGS[ours]=""
	V_JAR[ours]=$APP/application.jar
	V_JAVA[ours-redis]=${V_JAVA[ours]}
	V_FLAGS[ours-redis]=${V_FLAGS[ours]}
	V_ARGS[ours-redis]="${V_ARGS[ours]} --whereby.state.store=redis --spring.data.redis.url=$REDIS_URL"
	V_JAR[ours-redis]=${V_JAR[ours]}
	local entry name home flags args jar
	IFS=';' read -ra entries <<<"$OURS_VARIANTS"
	for entry in "${entries[@]}"; do
		[[ -n $entry ]] || continue
		IFS='|' read -r name home flags args jar <<<"$entry"
		V_JAVA[$name]=${home:+$home/bin/java}
		V_JAVA[$name]=${V_JAVA[$name]:-$JAVA}
		V_FLAGS[$name]=$flags
		V_ARGS[$name]=$args
		V_JAR[$name]=${jar:-$APP/application.jar}
		SERVERS="$SERVERS $name"
	done
}

is_java() { [[ $1 != peer && $1 != ceiling ]]; }

# A set-up of the service with the Redis store: it needs the redis-server, and is charged
# its CPU.
uses_redis() { is_java "$1" && [[ " ${V_ARGS[$1]:-} " == *" --whereby.state.store=redis "* ]]; }
uses_redis_any() {
	local name
	for name in $SERVERS; do
		uses_redis "$name" && return 0
	done
	return 1
}

# Starts a server in the background; its pid in SERVER_PID.
start_server() {
	local name=$1 logfile=$2
	case $name in
	peer) PORT=$PORT node "$BENCH/peer/trigger.js" >"$logfile" 2>&1 & ;;
	ceiling) PORT=$PORT WORKERS=$CEILING_WORKERS node "$BENCH/ceiling.js" >"$logfile" 2>&1 & ;;
	*)
		# The collector's pauses go to a log of their own (gc_pauses reads it).
		# shellcheck disable=SC2086
		WHEREBY_WEBHOOK_SIGNINGSECRETS=$SECRET "${V_JAVA[$name]}" ${V_FLAGS[$name]} \
			-Xlog:gc:file="${logfile%.server.log}.gc.log" -jar "${V_JAR[$name]}" \
			--server.port="$PORT" --management.server.port="$MANAGEMENT_PORT" \
			--spring.config.additional-location="file:$BENCH/service.yml" ${V_ARGS[$name]} >"$logfile" 2>&1 &
		;;
	esac
	SERVER_PID=$!
}

ready_url() {
	if is_java "$1"; then echo "$MANAGEMENT_URL/actuator/health/readiness"; else echo "$URL/"; fi
}

wait_ready() {
	local name=$1 url
	url=$(ready_url "$name")
	for _ in $(seq 1 300); do
		kill -0 "$SERVER_PID" 2>/dev/null || return 1
		local code
		code=$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)
		if [[ $code == 200 ]] || { ! is_java "$name" && [[ $code != 000 ]]; }; then
			return 0
		fi
		sleep 0.2
	done
	return 1
}

# A number read from /proc/<pid>/<file> by an awk program, summed over the process and its
# children (the ceiling's workers).
sum_over_tree() {
	local pid=$1 file=$2 program=$3 total=0 p
	for p in $pid $(pgrep -P "$pid" || true); do
		total=$((total + $(awk "$program" "/proc/$p/$file" 2>/dev/null || echo 0)))
	done
	echo "$total"
}

# VmHWM, in KiB.
peak_rss_kb() { sum_over_tree "$1" status '/VmHWM/ {print $2}'; }

# CPU time (user + system) so far, in clock ticks.
cpu_ticks_of() { sum_over_tree "$1" stat '{sub(/^.*\) /, ""); print $12 + $13}'; }

webhook_path() { if is_java "$1"; then echo /webhooks; else echo /; fi; }

# The collector's pauses in a JVM's GC log (-Xlog:gc) after its first $2 lines, as JSON:
# young collections (count, total and longest ms) and every full one (ms). Serial's and
# Parallel's "Pause Young" and "Pause Full"; G1's young, mixed and remark/cleanup pauses count
# as young, its concurrent phases are not pauses.
gc_pauses() {
	tail -n +$(($2 + 1)) "$1" | awk '
		/ Pause / && / [0-9.]+ms$/ {
			t = $NF; sub(/ms$/, "", t); t += 0
			if ($0 ~ / Pause Full /) full = full sprintf("%s%.1f", (full == "" ? "" : ","), t)
			else { young++; sum += t; if (t > max) max = t }
		}
		END { printf "{\"young\":%d,\"young_ms\":%.1f,\"young_max_ms\":%.1f,\"full_ms\":[%s]}", young, sum, max, full }'
}

# One server in one round: fresh process, warm-up, measured run, peak RSS, stop.
measure() {
	local name=$1 round=$2 requests=$3
	local logs=$WORK/logs/r$round-$name cursor=$WORK/cursor-$name
	rm -f "$cursor"
	local with_redis=
	if uses_redis "$name"; then
		with_redis=1
		reset_redis
	fi
	start_server "$name" "$logs.server.log"
	wait_ready "$name" || fail "$name did not become ready: see ${logs#"$ROOT"/}.server.log"
	local path
	path=$(webhook_path "$name")
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH/replay.lua" "$URL" -- "$requests" "$cursor" "$path" \
		>"$logs.warmup.txt" 2>&1 || fail "wrk failed: ${logs#"$ROOT"/}.warmup.txt"
	local ticks_before ticks redis_ticks_before redis_ticks commands_before commands calls_before
	if [[ -n $with_redis ]]; then
		redis_ticks_before=$(cpu_ticks_of "$REDIS_PID")
		calls_before=$(redis_calls)
		commands_before=$(redis_stat stats total_commands_processed)
	fi
	local gc_lines=0
	if is_java "$name"; then gc_lines=$(wc -l <"$logs.gc.log"); fi
	ticks_before=$(cpu_ticks_of "$SERVER_PID")
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$BENCH/replay.lua" "$URL" -- "$requests" \
		"$cursor" "$path" >"$logs.wrk.txt" 2>&1 || fail "wrk failed: ${logs#"$ROOT"/}.wrk.txt"
	ticks=$(($(cpu_ticks_of "$SERVER_PID") - ticks_before))
	local gc_json=
	if is_java "$name"; then gc_json=",\"gc\":$(gc_pauses "$logs.gc.log" "$gc_lines")"; fi
	local redis_json=
	if [[ -n $with_redis ]]; then
		redis_ticks=$(($(cpu_ticks_of "$REDIS_PID") - redis_ticks_before))
		# Commands over the measured run, less the INFO that read the first count; the
		# same by command, this script's own left out; for the log, the commands by kind
		# over the warm-up and measured run, and the memory.
		commands=$(($(redis_stat stats total_commands_processed) - commands_before - 1))
		local calls
		calls=$(join -a 2 <(echo "$calls_before") <(redis_calls) | awk '
			$1 !~ /^(info|config|ping|flushall|memory|dbsize)/ {d = NF == 3 ? $3 - $2 : $2
				if (d > 0) s = s sprintf("%s\"%s\":%d", (s == "" ? "" : ","), $1, d)} END {print "{" s "}"}')
		{
			redis info commandstats
			redis info memory | grep -E '^(used_memory|used_memory_rss|used_memory_peak):'
		} | tr -d '\r' >"$logs.redis.txt"
		redis_json=",\"redis\":{\"cpu_ms\":$((redis_ticks * 1000 / $(getconf CLK_TCK))),\"rss_kb\":$(peak_rss_kb "$REDIS_PID"),\"commands\":$commands,\"calls\":$calls,\"keys\":$(redis dbsize | tr -d '\r')}"
	fi
	local rss outcomes='{}'
	rss=$(peak_rss_kb "$SERVER_PID")
	if is_java "$name"; then
		# What the service did with the requests (warm-up and measured run): proof that
		# signatures passed, ids were new, and triggers fired.
		outcomes=$(curl -s "$MANAGEMENT_URL/actuator/prometheus" | awk -F'[{}"]' '/^whereby_webhooks_seconds_count/ {
			for (i = 1; i <= NF; i++) if ($i ~ /outcome=$/) o = $(i + 1); n[o] += $NF } END {
			s = ""; for (o in n) s = s sprintf("%s\"%s\":%d", (s == "" ? "" : ","), o, n[o]); print "{" s "}" }')
	fi
	stop_server
	local bench
	bench=$(grep '^BENCH ' "$logs.wrk.txt" | cut -d' ' -f2-) || fail "no summary from wrk: ${logs#"$ROOT"/}.wrk.txt"
	local cpu_ms=$((ticks * 1000 / $(getconf CLK_TCK)))
	echo "{\"round\":$round,\"server\":\"$name\",\"rss_kb\":$rss,\"cpu_ms\":$cpu_ms,\"outcomes\":$outcomes,\"wrk\":$bench$gc_json$redis_json}" >>"$WORK/runs.jsonl"
	node -e '
		const r = JSON.parse(process.argv[1]); const w = r.wrk; const ms = (us) => (us / 1000).toFixed(2);
		console.error(`[bench] round ${r.round} ${r.server.padEnd(10)} ${w.rps.toFixed(0).padStart(7)} req/s  p50 ${ms(w.p50_us)} ms  p99 ${ms(w.p99_us)} ms  p99.9 ${ms(w.p999_us)} ms  errors ${w.connect_errors + w.read_errors + w.write_errors + w.timeouts}  non-2xx ${w.non2xx}  peak RSS ${(r.rss_kb / 1024).toFixed(0)} MiB  CPU ${(r.cpu_ms * 1000 / w.requests).toFixed(0)} us/req${w.wraps ? "  (ids wrapped " + w.wraps + "x)" : ""}`);
		if (r.gc) console.error(`[bench]          GC pauses in the measured run: ${r.gc.young} young (${r.gc.young_ms.toFixed(0)} ms, longest ${r.gc.young_max_ms.toFixed(1)} ms), ${r.gc.full_ms.length} full${r.gc.full_ms.length ? " (" + r.gc.full_ms.join(", ") + " ms)" : ""}`);
		if (Object.keys(r.outcomes).length) console.error(`[bench]          outcomes: ${JSON.stringify(r.outcomes)}`);
		if (r.redis) console.error(`[bench]          redis-server: CPU ${(r.redis.cpu_ms * 1000 / w.requests).toFixed(0)} us/req (service + redis ${((r.cpu_ms + r.redis.cpu_ms) * 1000 / w.requests).toFixed(0)} us/req)  peak RSS ${(r.redis.rss_kb / 1024).toFixed(0)} MiB  ${(r.redis.commands / w.requests).toFixed(2)} commands/req ${JSON.stringify(r.redis.calls)}  ${r.redis.keys} keys`);
	' "$(tail -1 "$WORK/runs.jsonl")"
}

# Start-to-ready: from process start to the first 200 on the readiness probe (the
# service) or the first answer (the peer).
ready_sample() {
	local name=$1 sample=$2 out
	case $name in
	peer)
		out=$(PORT=$PORT node "$BENCH/ready.js" --any "$URL/" "$WORK/logs/ready-peer.log" -- \
			node "$BENCH/peer/trigger.js")
		;;
	ours-jar)
		# The fat jar, without an archive.
		# shellcheck disable=SC2086
		out=$(WHEREBY_WEBHOOK_SIGNINGSECRETS=$SECRET node "$BENCH/ready.js" "$MANAGEMENT_URL/actuator/health/readiness" \
			"$WORK/logs/ready-$name.log" -- "$JAVA" $JVM_FLAGS -jar "$JAR" --server.port="$PORT" \
			--management.server.port="$MANAGEMENT_PORT" --spring.config.additional-location="file:$BENCH/service.yml")
		;;
	*)
		# With the Redis store: an empty Redis, as for its load runs.
		if uses_redis "$name"; then
			reset_redis
		fi
		# shellcheck disable=SC2086
		out=$(WHEREBY_WEBHOOK_SIGNINGSECRETS=$SECRET node "$BENCH/ready.js" "$MANAGEMENT_URL/actuator/health/readiness" \
			"$WORK/logs/ready-$name.log" -- "${V_JAVA[$name]}" ${V_FLAGS[$name]} -jar "${V_JAR[$name]}" \
			--server.port="$PORT" --management.server.port="$MANAGEMENT_PORT" \
			--spring.config.additional-location="file:$BENCH/service.yml" ${V_ARGS[$name]})
		;;
	esac
	local ms=${out#READY }
	echo "{\"server\":\"$name\",\"sample\":$sample,\"ms\":\"$ms\"}" >>"$WORK/ready.jsonl"
	log "start-to-ready $name: $ms ms"
}

# --- the run ----------------------------------------------------------------------------------

mkdir -p "$WORK/logs"
define_variants
install_missing_tools
install_peer
build_jar
for name in $SERVERS; do
	if is_java "$name"; then
		prepare_extracted "${V_JAVA[$name]}" "${V_FLAGS[$name]}"
	fi
done
if curl -s -o /dev/null "$URL/"; then
	fail "something already listens on port $PORT: set PORT"
fi
if curl -s -o /dev/null "$MANAGEMENT_URL/"; then
	fail "something already listens on port $MANAGEMENT_PORT: set MANAGEMENT_PORT"
fi
if uses_redis_any; then
	start_redis
fi

QUIET="not checked"
if ((WAIT_QUIET > 0)); then
	wait_quiet
else
	busy=$(busy_processes | wc -l)
	QUIET="load $(cut -d' ' -f1 /proc/loadavg) at the start, $busy other busy JVM/Maven process(es)"
fi
log "machine: $QUIET"

SECRET=whsec_bench_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
rm -f "$WORK/runs.jsonl" "$WORK/ready.jsonl"
machine_json >"$WORK/machine.json"
read -ra order <<<"$SERVERS"
rate=$MAX_RATE
for ((round = 1; round <= ROUNDS; round++)); do
	for name in "${order[@]}"; do
		# Fresh timestamp and new ids just before every run (the signature tolerance is
		# 5 minutes); enough requests per thread that no id repeats within the server's
		# warm-up and measured run; createdAt advancing at about the expected rate. Every
		# server gets the same kind of requests.
		per_thread=$((rate * (WARMUP + DURATION) * 11 / 10 / THREADS))
		rm -f "$WORK"/requests.*.req
		log "round $round/$ROUNDS, $name: $("$JAVA" "$BENCH/Generator.java" "$SECRET" "$WORK/requests" "$THREADS" \
			"$per_thread" 5000 "$round" "$rate")"
		measure "$name" "$round" "$WORK/requests"
		if is_java "$name"; then
			# Size the next files after the service's rate, with a margin.
			got=$(tail -1 "$WORK/runs.jsonl" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(Math.round(JSON.parse(s).wrk.rps)))')
			if ((got * 3 / 2 > rate)); then
				rate=$((got * 3 / 2))
			fi
		fi
	done
	# Alternate: the next round starts with the server that went second.
	order=("${order[@]:1}" "${order[0]}")
done
rm -f "$WORK"/requests.*.req

for ((sample = 1; sample <= READY_SAMPLES; sample++)); do
	for name in ours-jar $SERVERS; do
		if [[ $name != ceiling ]]; then
			ready_sample "$name" "$sample"
		fi
	done
done

args=("$WORK/machine.json" "$WORK/runs.jsonl" "$WORK/ready.jsonl")
if ((RESULTS)); then
	mkdir -p "$BENCH/results"
	out=$BENCH/results/$(date +%Y-%m-%d).md
	node "$BENCH/summarize.js" "${args[@]}" >"$out"
	cat "$out"
	log "results written to ${out#"$ROOT"/}"
else
	node "$BENCH/summarize.js" "${args[@]}"
fi
