// Checks tests-ts/data/libm-glibc.txt.gz against Rust's own f64 methods, the
// calls upstream fusevm makes (powf, exp, ln, log2, log10, sin, cos, tan,
// asin, acos, atan, atan2, sinh, cosh, tanh, %): the fixture's values are
// what upstream computes on this machine, not only what C's libm does.
//   rustc -O --edition 2021 -o build/libm-upstream scripts/libm-upstream.rs
//   zcat tests-ts/data/libm-glibc.txt.gz | build/libm-upstream
use std::io::{self, BufRead};

fn main() {
    let (mut checked, mut differ) = (0u64, 0u64);
    for line in io::stdin().lock().lines() {
        let line = line.expect("read");
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split(' ');
        let f = parts.next().unwrap();
        let v: Vec<f64> = parts.map(|h| f64::from_bits(u64::from_str_radix(h, 16).expect("hex"))).collect();
        let (x, want) = (v[0], v[v.len() - 1]);
        let y = if v.len() > 2 { v[1] } else { 0.0 };
        let got = match f {
            "pow" => x.powf(y),
            "exp" => x.exp(),
            "log" => x.ln(),
            "log2" => x.log2(),
            "log10" => x.log10(),
            "sin" => x.sin(),
            "cos" => x.cos(),
            "tan" => x.tan(),
            "asin" => x.asin(),
            "acos" => x.acos(),
            "atan" => x.atan(),
            "atan2" => x.atan2(y),
            "sinh" => x.sinh(),
            "cosh" => x.cosh(),
            "tanh" => x.tanh(),
            "fmod" => x % y,
            "fma" => x.mul_add(y, v[2]),
            _ => panic!("unknown function {f}"),
        };
        checked += 1;
        if got.to_bits() != want.to_bits() && !(got.is_nan() && want.is_nan()) {
            differ += 1;
            if differ <= 10 {
                println!("{line}: Rust gives {:016x}", got.to_bits());
            }
        }
    }
    println!("{checked} values checked against Rust's f64 methods, {differ} differ");
    std::process::exit(if differ == 0 { 0 } else { 1 });
}
