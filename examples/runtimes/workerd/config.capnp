# Serve the example Worker locally: `npx workerd serve examples/runtimes/workerd/config.capnp`
# after `npx tsx examples/runtimes/workerd/build.ts`. On Cloudflare, wrangler does both.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8000", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "dist/worker.js") ],
  compatibilityDate = "2024-09-23",
  bindings = [ (name = "GREETING", text = "hello from a text binding") ],
);
