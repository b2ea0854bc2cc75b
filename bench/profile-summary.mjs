// Summarises a V8 CPU profile (.cpuprofile): self time by function and by file.
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [N]
import fs from 'node:fs';
const f = process.argv[2];
const p = JSON.parse(fs.readFileSync(f,'utf8'));
const byId = new Map(p.nodes.map(n=>[n.id,n]));
const self = new Map();
const dt = p.timeDeltas; const total = dt.reduce((a,b)=>a+b,0);
const cnt = new Map();
p.samples.forEach((s,i)=>{cnt.set(s,(cnt.get(s)||0)+(dt[i]||0));});
const agg = new Map(); const aggFile = new Map();
for (const [id,t] of cnt){const n=byId.get(id);const cf=n.callFrame;const k=`${cf.functionName||'(anon)'} ${cf.url.replace(/.*node_modules\//,'nm/').replace(/.*\/work\/main\//,'')}:${cf.lineNumber}`;agg.set(k,(agg.get(k)||0)+t);
const fk = cf.url.replace(/.*node_modules\/(@[^/]+\/[^/]+|[^/]+).*/,'nm/$1').replace(/.*\/work\/main\//,''); aggFile.set(fk,(aggFile.get(fk)||0)+t);}
console.log('total ms', total/1000);
[...agg].sort((a,b)=>b[1]-a[1]).slice(0,+process.argv[3]||40).forEach(([k,t])=>console.log((t/1000).toFixed(0).padStart(7),(100*t/total).toFixed(1).padStart(5)+'%',k));
console.log('--- by file');
[...aggFile].sort((a,b)=>b[1]-a[1]).slice(0,25).forEach(([k,t])=>console.log((t/1000).toFixed(0).padStart(7),(100*t/total).toFixed(1).padStart(5)+'%',k));
