// onnxruntime-web refuses to create or run a session while another call into its WebAssembly is in flight
// ("Session already started"). The welcome page's timings (estimates of encoders not yet installed, the
// measure of the one just installed) come from one or more pages at once: they take turns here.
let previous: Promise<unknown> = Promise.resolve();

export function oneAtATime<T>(run: () => Promise<T>): Promise<T> {
  const mine = previous.then(run);
  previous = mine.catch(() => undefined);
  return mine;
}
