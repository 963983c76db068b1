//! The `nianbao` binary: everything lives in the library half of this crate
//! so that tests and `cargo xtask` share the same pipeline.

fn main() -> std::process::ExitCode {
    nianbao_cli::main()
}
