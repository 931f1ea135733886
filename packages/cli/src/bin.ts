import { run } from "./program.js";

// Ctrl-C or SIGTERM: the first stops taking rows, lets the requests in flight finish (each bounded
// by its timeout), then the journal and the report are flushed, what was done and the --resume
// command are printed, and the exit code is 130. A second one cancels the requests in flight (their
// rows get no journal line: --resume reads them first); a third exits at once.
const stop = new AbortController();
const abort = new AbortController();
let signals = 0;
const onSignal = () => {
  signals++;
  if (signals === 1) stop.abort();
  else if (signals === 2) abort.abort(new Error("aborted by a second signal"));
  else process.exit(130);
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
run(process.argv.slice(2), undefined, { stop: stop.signal, abort: abort.signal }).then(
  (code) => {
    process.exitCode = code;
    // After a signal, retry timers of cancelled requests must not hold the process.
    if (signals > 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`userbridge: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
