// The smallest possible Worker: the floor the local runtime sets for memory and req/s (bench/memory-soak.mjs).
export default {
  fetch() {
    return new Response('{"status":"ok"}', { headers: { 'content-type': 'application/json' } });
  },
};
