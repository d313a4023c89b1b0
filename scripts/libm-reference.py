#!/usr/bin/env python3
"""Reference values from glibc's libm (what Rust's f64 methods call on Linux,
so what upstream fusevm computes), for tests-ts/libm.test.ts and the
agreement measurement in scripts/libm-agreement.ts.

  python3 scripts/libm-reference.py N SEED OUT.json [--cr]

writes {"libc": ..., "cases": {fn: [[arg bits..., glibc bits(, correctly
rounded bits)], ...]}} with N inputs per distribution per function, every
float as 16 hex digits of its IEEE bits. --cr adds the correctly rounded
value (mpmath at 300 bits) so a test can tell glibc's rare misroundings.
The committed fixture: N=150, SEED=1, --cr, plus the hand-picked cases below;
the measurement: N=50000 SEED=7 (two distributions: 100k per function).
"""
import ctypes, json, math, platform, random, struct, sys

libm = ctypes.CDLL('libm.so.6')
ONE = ['exp', 'log', 'log2', 'log10', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh']
TWO = ['pow', 'atan2']
for f in ONE + TWO:
    getattr(libm, f).restype = ctypes.c_double
    getattr(libm, f).argtypes = [ctypes.c_double] * (2 if f in TWO else 1)

bits = lambda x: struct.pack('>d', x).hex()
sgn = lambda r: r.choice([-1.0, 1.0])

def rand_bits_positive(r):
    """A positive finite double with uniformly random exponent and mantissa."""
    while True:
        x = struct.unpack('>d', struct.pack('>Q', r.getrandbits(63)))[0]
        if math.isfinite(x) and x > 0:
            return x

DIST = {
    'exp': [lambda r: r.uniform(-745.0, 709.7), lambda r: sgn(r) * 2 ** r.uniform(-60, 3)],
    'log': [rand_bits_positive, lambda r: 1 + r.uniform(-0.3, 0.3)],
    'log2': [rand_bits_positive, lambda r: 2 ** r.uniform(-40, 40)],
    'log10': [rand_bits_positive, lambda r: 2 ** r.uniform(-40, 40)],
    'sin': [lambda r: r.uniform(-10, 10), lambda r: sgn(r) * 2 ** r.uniform(-30, 70)],
    'cos': [lambda r: r.uniform(-10, 10), lambda r: sgn(r) * 2 ** r.uniform(-30, 70)],
    'tan': [lambda r: r.uniform(-10, 10), lambda r: sgn(r) * 2 ** r.uniform(-30, 70)],
    'asin': [lambda r: r.uniform(-1, 1), lambda r: sgn(r) * (1 - 2 ** r.uniform(-50, -1))],
    'acos': [lambda r: r.uniform(-1, 1), lambda r: sgn(r) * (1 - 2 ** r.uniform(-50, -1))],
    'atan': [lambda r: sgn(r) * 2 ** r.uniform(-60, 60), lambda r: r.uniform(-2, 2)],
    'sinh': [lambda r: r.uniform(-30, 30), lambda r: sgn(r) * 2 ** r.uniform(-60, 9.47)],
    'cosh': [lambda r: r.uniform(-30, 30), lambda r: sgn(r) * 2 ** r.uniform(-60, 9.47)],
    'tanh': [lambda r: r.uniform(-30, 30), lambda r: sgn(r) * 2 ** r.uniform(-60, 5)],
    'pow': [lambda r: (2 ** r.uniform(-20, 20), r.uniform(-40, 40)),
            lambda r: (sgn(r) * 2 ** r.uniform(-8, 8), float(r.randint(-60, 60)))],
    'atan2': [lambda r: (r.uniform(-10, 10), r.uniform(-10, 10)),
              lambda r: (sgn(r) * 2 ** r.uniform(-100, 100), sgn(r) * 2 ** r.uniform(-100, 100))],
}

# Hand-picked: the pow(2, 1.5), exact cases, edges and special values.
SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 10.0, 1e-300, 5e-324, 1e300, math.inf, -math.inf, math.nan, math.pi, math.pi / 2, 709.78, -745.0, 1e22]
HAND = {
    'pow': [(2.0, 1.5), (2.0, 0.5), (10.0, -2.0), (2.0, 10.0), (-8.0, 1 / 3), (-2.0, 3.0), (0.0, -1.0), (-0.0, -3.0), (1.0, math.nan), (math.nan, 0.0),
            (-1.0, math.inf), (0.5, -math.inf), (2.0, 1024.0), (2.0, -1075.0), (2.0, -1074.0), (1.0000001, 1e10), (3.0, 0.5), (1e-300, 1e-10)],
    'atan2': [(a, b) for a in [0.0, -0.0, 1.0, -1.0, math.inf, -math.inf] for b in [0.0, -0.0, 1.0, -1.0, math.inf, -math.inf]] + [(1e-320, 1.0), (1.0, 1e-320), (1e300, -1e-300)],
}

def row(f, fn, args, cr):
    r = [bits(x) for x in args] + [bits(fn(*args))]
    if cr:
        c = correctly_rounded(f, args)
        r.append(bits(c) if c is not None else r[-1])
    return r

def correctly_rounded(f, args):
    import mpmath
    mpmath.mp.prec = 300
    # Specials and signed zeros are C99's, which mpmath does not model: keep glibc's.
    if any(math.isnan(a) or math.isinf(a) or a == 0 for a in args):
        return None
    F = {'exp': mpmath.exp, 'log': mpmath.log, 'log2': lambda x: mpmath.log(x, 2), 'log10': mpmath.log10,
         'sin': mpmath.sin, 'cos': mpmath.cos, 'tan': mpmath.tan, 'asin': mpmath.asin, 'acos': mpmath.acos,
         'atan': mpmath.atan, 'sinh': mpmath.sinh, 'cosh': mpmath.cosh, 'tanh': mpmath.tanh,
         'pow': mpmath.power, 'atan2': mpmath.atan2}
    try:
        v = F[f](*[mpmath.mpf(a) for a in args])
    except (ValueError, ZeroDivisionError):
        return None
    if isinstance(v, mpmath.mpc) or v == 0:
        return None
    try:
        return float(v)  # mpmath rounds to nearest, subnormals included
    except OverflowError:
        return None

def main():
    n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    cr = '--cr' in sys.argv
    r = random.Random(seed)
    cases = {}
    for f, dists in DIST.items():
        rows = []
        fn = getattr(libm, f)
        for d in dists:
            for _ in range(n):
                a = d(r)
                args = list(a) if isinstance(a, tuple) else [a]
                rows.append(row(f, fn, args, cr))
        extra = HAND.get(f, [(x,) for x in SPECIAL]) if n <= 1000 else []
        for args in extra:
            rows.append(row(f, fn, args, cr))
        cases[f] = rows
    libc = ' '.join(platform.libc_ver())
    with open(out, 'w') as fh:
        json.dump({'libc': libc, 'cases': cases}, fh, separators=(',', ':'))

if __name__ == '__main__':
    main()
