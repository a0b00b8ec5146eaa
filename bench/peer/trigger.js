// The benchmark's peer: an express server doing what the Node SDK's Trigger does, written
// from its documented behaviour (see /work/shared/reference/whereby-webhooks.md in the
// project's notes, "The Node SDK's Trigger"):
// - POST / with express's JSON body parser;
// - a map of event type -> predicate (sync or async boolean);
// - when the predicate answers true, the room URL https://<subdomain>.whereby.com<roomName>
//   is built and an event carrying {roomUrl, triggerWebhook} is emitted on an EventEmitter;
// - always answers 200: no signature check, no deduplication, nothing is ever stopped.
// The predicates are the benchmark's rules, the same as the service's YAML rules in run.sh.
// The listener only counts, as the service's launcher does not print at the level used.
"use strict";

const { EventEmitter } = require("node:events");
const express = require("express");

const PORT = Number(process.env.PORT || 8080);
const BASE_DOMAIN = "whereby.com";
const TRIGGER_EVENT = "trigger_event";

const predicates = {
  "room.client.joined": (webhook) => webhook.data.roleName === "host" && webhook.data.numClients >= 2,
  "assistant.requested": () => true,
};

const emitter = new EventEmitter();
let emitted = 0;
emitter.on(TRIGGER_EVENT, ({ roomUrl, triggerWebhook }) => {
  if (roomUrl && triggerWebhook) {
    emitted++;
  }
});

const app = express();
app.use(express.json());
app.post("/", async (req, res) => {
  const webhook = req.body;
  const predicate = webhook && predicates[webhook.type];
  if (predicate && (await predicate(webhook))) {
    const roomUrl = `https://${webhook.data.subdomain}.${BASE_DOMAIN}${webhook.data.roomName}`;
    emitter.emit(TRIGGER_EVENT, { roomUrl, triggerWebhook: webhook });
  }
  res.status(200).end();
});

const server = app.listen(PORT, "127.0.0.1", () => {
  console.log(`peer trigger listening on 127.0.0.1:${PORT}`);
});

function stop() {
  console.log(`peer trigger stopping: ${emitted} trigger events emitted`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
