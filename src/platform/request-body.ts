/**
 * Reads and drops what is left of a request body the Worker will not use (a refused upload, the
 * epilogue of a form). Cancelling a request body while the client is still sending it breaks the
 * connection `wrangler dev` keeps to the runtime: the next POST on it fails with 503 "Your worker
 * restarted mid-request" (GETs are retried silently). Reading the rest costs wall time, not memory:
 * each chunk is dropped as it arrives, and a body never exceeds the platform's request limit.
 */
export async function discardRest(body: ReadableStream<Uint8Array> | ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const reader = body instanceof ReadableStream ? body.getReader() : body;
  try {
    while (!(await reader.read()).done);
  } catch {
    // The client went away or the stream failed: nothing left to read either way.
  } finally {
    reader.releaseLock();
  }
}
