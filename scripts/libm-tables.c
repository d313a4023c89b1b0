/* Dumps the glibc 2.36 tables the ports in src/values/libm-*.ts read, as
   the TypeScript of src/values/libm-*-data.ts (every double printed with 17
   significant digits, so it reads back to the same bits). Built by
   scripts/libm-tables.mjs against a glibc source tree:

     node scripts/libm-tables.mjs /path/to/glibc   (tag glibc-2.36)

   which links this file with glibc's e_exp_data.c, e_log_data.c,
   e_log2_data.c, e_pow_log_data.c and sincostab.c; the IBM tables
   (utan.tbl, uatan.tbl, asincos.tbl, root.tbl) are included here.  */
#include <stdio.h>
#include <string.h>
#include "math_config.h"
#include "endian.h"
#include "mydefs.h"
#include "uatan.tbl"
#include "utan.tbl"
#include "asincos.tbl"
#include "root.tbl"

extern const union { int4 i[880]; double x[440]; } __sincostab;

static void arr (const char *name, const double *p, size_t n, int per)
{
  printf ("export const %s = new Float64Array([\n", name);
  for (size_t i = 0; i < n; i++)
    {
      printf ("%s%.17g,", i % per == 0 ? "  " : " ", p[i]);
      if (i % per == per - 1 || i == n - 1) printf ("\n");
    }
  printf ("]);\n");
}
static void sc (const char *name, double v) { printf ("export const %s = %.17g;\n", name, v); }

int main (int argc, char **argv)
{
  const char *t = argc > 1 ? argv[1] : "";
  if (!strcmp (t, "exp"))
    {
      const struct exp_data *e = &__exp_data;
      double tab[256];
      memcpy (tab, e->tab, sizeof tab);
      printf ("// glibc 2.36's __exp_data (sysdeps/ieee754/dbl-64/e_exp_data.c, from ARM's\n"
              "// optimized-routines), dumped as doubles: exp and pow read it. TAB holds pairs\n"
              "// (tail, scale bits - (i << 45)) as glibc's uint64 table, each read as a double.\n");
      sc ("INV_LN2_N", e->invln2N); sc ("SHIFT", e->shift); sc ("NEG_LN2_HI_N", e->negln2hiN); sc ("NEG_LN2_LO_N", e->negln2loN);
      arr ("POLY", e->poly, 4, 4); sc ("EXP2_SHIFT", e->exp2_shift); arr ("EXP2_POLY", e->exp2_poly, 5, 4); arr ("TAB", tab, 256, 4);
    }
  else if (!strcmp (t, "log"))
    {
      const struct log_data *e = &__log_data;
      printf ("// glibc 2.36's __log_data (sysdeps/ieee754/dbl-64/e_log_data.c, from ARM's\n"
              "// optimized-routines), dumped as doubles: TAB holds pairs (invc, logc).\n");
      sc ("LN2_HI", e->ln2hi); sc ("LN2_LO", e->ln2lo); arr ("POLY", e->poly, 5, 4); arr ("POLY1", e->poly1, 11, 4); arr ("TAB", (const double *) e->tab, 256, 4);
    }
  else if (!strcmp (t, "log2"))
    {
      const struct log2_data *e = &__log2_data;
      printf ("// glibc 2.36's __log2_data (sysdeps/ieee754/dbl-64/e_log2_data.c, from ARM's\n"
              "// optimized-routines), dumped as doubles: TAB holds pairs (invc, logc).\n");
      sc ("INV_LN2_HI", e->invln2hi); sc ("INV_LN2_LO", e->invln2lo); arr ("POLY", e->poly, 6, 4); arr ("POLY1", e->poly1, 10, 4); arr ("TAB", (const double *) e->tab, 128, 4);
    }
  else if (!strcmp (t, "pow"))
    {
      const struct pow_log_data *e = &__pow_log_data;
      printf ("// glibc 2.36's __pow_log_data (sysdeps/ieee754/dbl-64/e_pow_log_data.c, from\n"
              "// ARM's optimized-routines), dumped as doubles: TAB holds (invc, pad, logc, logctail).\n");
      sc ("LN2_HI", e->ln2hi); sc ("LN2_LO", e->ln2lo); arr ("POLY", e->poly, 7, 4); arr ("TAB", (const double *) e->tab, 512, 4);
    }
  else if (!strcmp (t, "sin"))
    {
      printf ("// glibc 2.36's __sincostab (sysdeps/ieee754/dbl-64/sincostab.c), dumped as\n"
              "// doubles: for each of 110 points x_i, (sin x_i, its tail, cos x_i, its tail).\n");
      arr ("SINCOSTAB", __sincostab.x, 440, 4);
    }
  else if (!strcmp (t, "tan"))
    {
      printf ("// glibc 2.36's tan table xfg (sysdeps/ieee754/dbl-64/utan.tbl), dumped as\n"
              "// doubles: for i = 16..201, (x_i, tan x_i, cot x_i, tail of tan x_i).\n");
      printf ("export const XFG = new Float64Array([\n");
      for (int i = 0; i < 186; i++)
        printf ("  %.17g, %.17g, %.17g, %.17g,\n", xfg[i][0].d, xfg[i][1].d, xfg[i][2].d, xfg[i][3].d);
      printf ("]);\n");
    }
  else if (!strcmp (t, "atan"))
    {
      printf ("// glibc 2.36's atan table cij (sysdeps/ieee754/dbl-64/uatan.tbl), dumped as\n"
              "// doubles: for 241 points x_i in [1/16, 1], x_i and the Taylor coefficients\n"
              "// of atan there (atan x_i first), seven per row.\n");
      printf ("export const CIJ = new Float64Array([\n");
      for (int i = 0; i < 241; i++)
        {
          printf (" ");
          for (int j = 0; j < 7; j++) printf (" %.17g,", cij[i][j].d);
          printf ("\n");
        }
      printf ("]);\n");
    }
  else if (!strcmp (t, "asin"))
    {
      printf ("// glibc 2.36's asin/acos tables (sysdeps/ieee754/dbl-64/asincos.tbl: asncs,\n"
              "// Taylor coefficients at points of [0.125, 0.96875); root.tbl: inroot,\n"
              "// 1/sqrt estimates), dumped as doubles.\n");
      arr ("ASNCS", asncs.x, 2568, 4); arr ("INROOT", inroot, 128, 4);
    }
  else
    {
      fprintf (stderr, "usage: %s exp|log|log2|pow|sin|tan|atan|asin\n", argv[0]);
      return 2;
    }
  return 0;
}
