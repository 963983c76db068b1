//! Prints a report in another layout: `cargo run -p nianbao-text --example relayout -- FILE LAYOUT`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).expect("read");
    let r = nianbao_text::parse_bytes(&bytes).expect("parse").report;
    let layout = nianbao_text::layouts::Layout::ALL
        .into_iter()
        .find(|l| l.name() == args[2])
        .expect("layout");
    let digits = nianbao_text::layouts::Digits {
        full_width: args.len() > 3,
        thousands: args.len() > 3,
    };
    print!("{}", nianbao_text::layouts::render_as(&r, layout, digits));
}
