//! Plain `cargo test` catches fixtures whose expected outputs no longer
//! match what nianbao gives: the same check as `cargo xtask fixtures --check`.

#[test]
fn fixtures_are_up_to_date() {
    if let Err(e) = xtask::fixtures::run(
        &xtask::fixtures::default_dir(),
        xtask::fixtures::Mode::Check,
    ) {
        panic!("{e:#}");
    }
}
