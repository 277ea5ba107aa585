# workerd config for the conformance matrix. The suite copies it beside the bundle (worker.js) and
# runs `workerd serve config.capnp --socket-addr http=127.0.0.1:0 --control-fd 3`.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2024-09-23",
  # No nodejs_compat: phial's core needs no Node API. enable_request_signal makes request.signal
  # (req.signal) fire when the client disconnects; without it, it never fires on Workers.
  compatibilityFlags = ["enable_request_signal"],
  bindings = [ (name = "GREETING", text = "hello from a text binding") ],
);
