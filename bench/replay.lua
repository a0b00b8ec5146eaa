-- Replays the requests Generator.java wrote, for wrk:
--   wrk ... -s replay.lua <url> -- <requests prefix> <cursor file> <path>
-- Thread n reads <prefix>.<n>.req, a sequence of records "<6-digit length><request without
-- its request line>", in order, so every event id is sent once. The cursor file carries
-- where each thread stopped from one wrk run to the next (the warm-up, then the measured
-- run), so the measured run sends ids the warm-up did not. A thread that reaches the end of
-- its file starts it again and counts a wrap: the ids repeat from there (the summary says).
-- done() prints one line, "BENCH {json}", with the throughput, latency percentiles (p99.9
-- too, which wrk's --latency does not print) and errors.

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("thread_number", counter)
   table.insert(threads, thread)
end

local file
local request_line

function init(args)
   local prefix, cursor_file, path = args[1], args[2], args[3] or "/"
   request_line = "POST " .. path .. " HTTP/1.1\r\n"
   file = assert(io.open(prefix .. "." .. thread_number .. ".req", "rb"))
   pos, wraps, sent = 0, 0, 0
   local cursors = io.open(cursor_file, "r")
   if cursors then
      for line in cursors:lines() do
         local n, offset = line:match("^(%d+) (%d+)$")
         if tonumber(n) == thread_number then
            pos = tonumber(offset)
         end
      end
      cursors:close()
   end
   file:seek("set", pos)
   cursor_path = cursor_file
end

function request()
   local length = file:read(6)
   if not length then
      wraps = wraps + 1
      file:seek("set", 0)
      pos = 0
      length = file:read(6)
   end
   local n = tonumber(length)
   pos = pos + 6 + n
   sent = sent + 1
   return request_line .. file:read(n)
end

function done(summary, latency, requests)
   local wrapped, total_sent = 0, 0
   local cursors = {}
   for _, thread in ipairs(threads) do
      wrapped = wrapped + thread:get("wraps")
      total_sent = total_sent + thread:get("sent")
      table.insert(cursors, thread:get("thread_number") .. " " .. string.format("%d", thread:get("pos")))
      if not cursor_out then
         cursor_out = thread:get("cursor_path")
      end
   end
   local out = assert(io.open(cursor_out, "w"))
   out:write(table.concat(cursors, "\n") .. "\n")
   out:close()
   local e = summary.errors
   io.write(string.format(
      'BENCH {"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,' ..
      '"max_us":%d,"mean_us":%.1f,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,' ..
      '"non2xx":%d,"sent":%d,"wraps":%d}\n',
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, latency.mean, e.connect, e.read, e.write, e.timeout, e.status, total_sent, wrapped))
end
