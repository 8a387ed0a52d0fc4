// Bare Worker for bench/r2-probe.mjs. Each mode takes one part-sized request body:
//   PUT /sink            reads the body and drops it (request plumbing only, no R2)
//   PUT /part/{n}        streams the body into an R2 multipart part through a FixedLengthStream,
//                        exactly as the app's PUT /api/v1/uploads/{id}/parts/{n} does
//   PUT /buffered-part/{n}  reads the whole body into memory first, then uploads the part
//   PUT /put/{n}         streams the body into a single R2 put (FixedLengthStream)
//   POST /start          creates the multipart upload; POST /complete completes it
let upload = null;
let parts = [];

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const [, mode, n] = url.pathname.split('/');
    const length = Number(request.headers.get('Content-Length'));
    if (mode === 'health') return new Response('ok');
    if (mode === 'start') {
      upload = await env.FILES.createMultipartUpload(`probe/${Date.now()}.bin`);
      parts = [];
      return Response.json({ uploadId: upload.uploadId });
    }
    if (mode === 'complete') {
      const object = await upload.complete(parts);
      return Response.json({ size: object.size, parts: parts.length });
    }
    if (mode === 'sink') {
      let total = 0;
      const reader = request.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) total += r.value.byteLength;
      return Response.json({ bytes: total });
    }
    if (mode === 'part' || mode === 'put') {
      const fixed = new FixedLengthStream(length);
      const piping = request.body.pipeTo(fixed.writable);
      if (mode === 'part') parts.push(await upload.uploadPart(Number(n), fixed.readable));
      else await env.FILES.put(`probe/put-${n}.bin`, fixed.readable);
      await piping;
      return Response.json({ ok: true });
    }
    if (mode === 'buffered-part') {
      const bytes = new Uint8Array(await request.arrayBuffer());
      parts.push(await upload.uploadPart(Number(n), bytes));
      return Response.json({ ok: true });
    }
    return new Response('not found', { status: 404 });
  },
};
