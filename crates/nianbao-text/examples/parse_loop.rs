//! Parses one file N times (for profiling): `parse_loop FILE N`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).expect("read");
    let n: usize = args[2].parse().expect("N");
    let mut errors = 0;
    for _ in 0..n {
        let p = nianbao_text::parse_bytes(&bytes).expect("parse");
        errors += nianbao_model::rules::check(&p.report, Some(&p.source_map)).len();
    }
    println!("{errors}");
}
