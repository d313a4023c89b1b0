// node --expose-gc bench/heap-costs.mjs: bytes per element as V8 spends them (the figures in src/values/heap-size.ts)
const N = 200000;
function m(label, make, per) {
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  const keep = make();
  gc(); gc();
  const after = process.memoryUsage().heapUsed;
  console.log(label.padEnd(40), ((after - before) / per).toFixed(1));
  return keep;
}
let k;
k = m('small int array, push (per elem)', () => { const a = []; for (let i = 0; i < N * 10; i++) a.push(i); return a; }, N * 10);
k = m('array of 2^53+ bigints, push', () => { const a = []; for (let i = 0; i < N; i++) a.push(2n**60n + BigInt(i)); return a; }, N);
k = m('arrays of 2 elems (per array)', () => { const a = new Array(N); for (let i = 0; i < N; i++) a[i] = [i, i]; return a; }, N);
k = m('arrays of 0 elems (per array)', () => { const a = new Array(N); for (let i = 0; i < N; i++) a[i] = []; return a; }, N);
k = m('arrays of 1 elems via splice', () => { const a = new Array(N); const s=[]; for (let i = 0; i < N; i++) { s.push(i); a[i] = s.splice(0); } return a; }, N);
k = m('arrays of 4 via splice', () => { const a = new Array(N); const s=[]; for (let i = 0; i < N; i++) { s.push(i,i,i,i); a[i] = s.splice(0); } return a; }, N);
k = m('arrays of 2 via map(clone)', () => { const a = new Array(N); const t=[1,2]; for (let i = 0; i < N; i++) a[i] = t.map(x=>x); return a; }, N);
k = m('strings 16 chars (per string)', () => { const a = new Array(N); for (let i = 0; i < N; i++) a[i] = ('x'.repeat(10) + i).slice(0,16); return a; }, N);
k = m('string chars 1M repeat (per char)', () => 'ab'.repeat(N*5)+'c', N * 10);
k = m('string concat flat (per char)', () => { let s = ''; for (let i = 0; i < 1000; i++) s += 'x'.repeat(1000); return s.split('').join(''); }, 1000000);
k = m('Map entries int vals (per entry)', () => { const mm = new Map(); for (let i = 0; i < N; i++) mm.set('k' + i, i); return mm; }, N);
k = m('Map keys strings themselves', () => { const a = new Array(N); for (let i = 0; i < N; i++) a[i] = 'k' + i; return a; }, N);
k = m('slots arrays 65536 (per array)', () => { const a = []; for (let j = 0; j < 20; j++) { const s = []; while (s.length < 65535) s.push(undefined); s[65535] = 0; a.push(s);} return a; }, 20);
k = m('split words', () => ('ab '.repeat(N)).split(/[ \t\n\r\f\v]+/).filter(w=>w!==''), N);
