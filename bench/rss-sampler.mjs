// Worker thread of the benchmarks: every intervalMs, the RSS (VmRSS, RssAnon, RssFile) of each
// process of the wrangler dev group, summed over the workerd processes and over the others.
import { parentPort, workerData } from 'node:worker_threads';
import { familyOf, memOf } from './lib.mjs';

const { rootPid, intervalMs } = workerData;
const samples = [];
let family = familyOf(rootPid);
let lastScan = Date.now();

function sample() {
  const now = Date.now();
  if (now - lastScan >= 1000) {
    family = familyOf(rootPid); // wrangler may restart workerd: pick up new pids
    lastScan = now;
  }
  const s = { t: now, workerd: { rss: 0, anon: 0, file: 0, count: 0 }, other: { rss: 0, count: 0 }, workerdByPid: {} };
  for (const p of family) {
    const m = memOf(p.pid);
    if (!m) continue;
    if (p.comm === 'workerd') {
      s.workerdByPid[p.pid] = m.rss;
      s.workerd.rss += m.rss;
      s.workerd.anon += m.anon;
      s.workerd.file += m.file;
      s.workerd.count++;
    } else {
      s.other.rss += m.rss;
      s.other.count++;
    }
  }
  samples.push(s);
}

sample();
setInterval(sample, intervalMs);
parentPort.on('message', (msg) => {
  if (msg.cmd === 'samples') parentPort.postMessage({ id: msg.id, samples: samples.filter((s) => s.t >= msg.from && s.t <= msg.to) });
});
