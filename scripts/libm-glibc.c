/* Reference values from this machine's libm (glibc: what Rust's f64 methods,
   so upstream fusevm, call on Linux) for the float functions of
   src/values/libm.ts. Build and run (scripts/libm-check.mjs does both):

     gcc -O2 -o build/libm-glibc scripts/libm-glibc.c -lm
     build/libm-glibc FN N SEED bin|hex
     build/libm-glibc FN - hex < inputs

   writes N inputs of FN with glibc's result: "bin" as raw little-endian
   doubles (args..., result) for the measurement, "hex" as lines of 16-digit
   IEEE bit patterns for the test fixture (scripts/libm-fixture.mjs writes
   tests-ts/data/libm-glibc.txt.gz). Inputs come from a xorshift generator
   seeded by SEED, in three kinds taken in turn: uniformly random bit
   patterns (every exponent, NaNs and infinities included), a range that
   matters for FN, and a wider range; with "-" they are read from stdin, one
   line of hex bit patterns (one or two) per input. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;
static uint64_t next (void)
{
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}
static double as_double (uint64_t u) { double d; memcpy (&d, &u, 8); return d; }
static uint64_t as_bits (double d) { uint64_t u; memcpy (&u, &d, 8); return u; }
/* Uniform in [lo, hi).  */
static double uniform (double lo, double hi) { return lo + (hi - lo) * ((next () >> 11) * 0x1p-53); }
/* Random sign, random mantissa, exponent uniform in [elo, ehi].  */
static double log_uniform (int elo, int ehi)
{
  double m = 1.0 + (next () >> 12) * 0x1p-52;
  double x = ldexp (m, elo + (int) (next () % (uint64_t) (ehi - elo + 1)));
  return next () & 1 ? -x : x;
}

typedef double (*fn1) (double);
typedef double (*fn2) (double, double);
struct entry { const char *name; fn1 f1; fn2 f2; double lo, hi; int elo, ehi; };
static const struct entry table[] = {
  {"exp", exp, 0, -745.2, 709.8, -60, 10},
  {"exp2", exp2, 0, -1075, 1024, -60, 11},
  {"log", log, 0, 0, 4, -1074, 1023},
  {"log2", log2, 0, 0, 4, -1074, 1023},
  {"log10", log10, 0, 0, 4, -1074, 1023},
  {"sin", sin, 0, -10, 10, -30, 30},
  {"cos", cos, 0, -10, 10, -30, 30},
  {"tan", tan, 0, -10, 10, -30, 30},
  {"asin", asin, 0, -1, 1, -60, 0},
  {"acos", acos, 0, -1, 1, -60, 0},
  {"atan", atan, 0, -20, 20, -60, 60},
  {"sinh", sinh, 0, -720, 720, -40, 10},
  {"cosh", cosh, 0, -720, 720, -40, 10},
  {"tanh", tanh, 0, -20, 20, -40, 5},
  {"pow", 0, pow, 0, 0, 0, 0},
  {"atan2", 0, atan2, -10, 10, -60, 60},
  {"fmod", 0, fmod, -100, 100, -1074, 1023},
};

int main (int argc, char **argv)
{
  if (argc != 5 && !(argc == 4 && !strcmp (argv[2], "-"))) { fprintf (stderr, "usage: %s FN N SEED bin|hex, or FN - hex\n", argv[0]); return 2; }
  if (!strcmp (argv[1], "fma"))
    {
      /* fma(a, b, c), which libm-fma.ts emulates: random bits, products
         beside unrelated addends, and addends cancelling the product to
         within a few ulps (where one rounding differs from two).  */
      long n = atol (argv[2]);
      state = 0x9e3779b97f4a7c15ull ^ (uint64_t) atol (argv[3]) * 0xbf58476d1ce4e5b9ull;
      for (long i = 0; i < n; i++)
        {
          double a, b, c;
          if (i % 3 == 0) { a = as_double (next ()); b = as_double (next ()); c = as_double (next ()); }
          else
            {
              a = log_uniform (-20, 20); b = log_uniform (-20, 20);
              c = i % 3 == 1 ? log_uniform (-60, 30) : -(a * b) * (1 + ((int) (next () % 9) - 4) * 0x1p-53);
            }
          printf ("%016llx %016llx %016llx %016llx\n", (unsigned long long) as_bits (a), (unsigned long long) as_bits (b),
                  (unsigned long long) as_bits (c), (unsigned long long) as_bits (fma (a, b, c)));
        }
      return 0;
    }
  const struct entry *e = 0;
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (!strcmp (table[i].name, argv[1])) e = &table[i];
  if (!e) { fprintf (stderr, "unknown function %s\n", argv[1]); return 2; }
  if (!strcmp (argv[2], "-"))
    {
      unsigned long long a, b;
      char line[128];
      while (fgets (line, sizeof line, stdin))
        {
          int got = sscanf (line, "%llx %llx", &a, &b);
          if (got < 1) continue;
          double x = as_double (a), y = got > 1 ? as_double (b) : 0;
          double r = e->f2 ? e->f2 (x, y) : e->f1 (x);
          if (e->f2) printf ("%016llx %016llx %016llx\n", a, b, (unsigned long long) as_bits (r));
          else printf ("%016llx %016llx\n", a, (unsigned long long) as_bits (r));
        }
      return 0;
    }
  long n = atol (argv[2]);
  state = 0x9e3779b97f4a7c15ull ^ (uint64_t) atol (argv[3]) * 0xbf58476d1ce4e5b9ull;
  if (!state) state = 1;
  int hex = !strcmp (argv[4], "hex");
  for (long i = 0; i < n; i++)
    {
      double x, y = 0, r;
      int kind = i % 3;
      if (e->f2 == pow)
        {
          /* Bases near 1 and far from it, exponents small and large, and
             integral exponents (negative bases give a real result there).  */
          if (kind == 0) { x = as_double (next ()); y = as_double (next ()); }
          else if (kind == 1) { x = uniform (0, 4); y = i % 2 ? uniform (-60, 60) : (double) (int64_t) uniform (-40, 40); if (next () % 8 == 0) x = -x; }
          else { x = fabs (log_uniform (-1022, 1023)); y = log_uniform (-30, 10); if (next () % 8 == 0) { x = -x; y = nearbyint (y); } }
          r = pow (x, y);
        }
      else if (e->f2)
        {
          if (kind == 0) { x = as_double (next ()); y = as_double (next ()); }
          else if (kind == 1) { x = uniform (e->lo, e->hi); y = uniform (e->lo, e->hi); }
          else { x = log_uniform (e->elo, e->ehi); y = log_uniform (e->elo, e->ehi); }
          r = e->f2 (y, x); /* atan2(y, x), fmod(y, x): the first argument written is y.  */
          double t = x; x = y; y = t;
        }
      else
        {
          if (kind == 0) x = as_double (next ());
          else if (kind == 1) x = uniform (e->lo, e->hi);
          else { x = log_uniform (e->elo, e->ehi); if (e->lo >= 0) x = fabs (x); }
          r = e->f1 (x);
        }
      if (hex)
        {
          if (e->f2) printf ("%016llx %016llx %016llx\n", (unsigned long long) as_bits (x), (unsigned long long) as_bits (y), (unsigned long long) as_bits (r));
          else printf ("%016llx %016llx\n", (unsigned long long) as_bits (x), (unsigned long long) as_bits (r));
        }
      else
        {
          double rec[3] = {x, y, r};
          if (e->f2) fwrite (rec, 8, 3, stdout);
          else { rec[1] = r; fwrite (rec, 8, 2, stdout); }
        }
    }
  return 0;
}
