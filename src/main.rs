//! The `careleaf` command.

fn main() -> std::process::ExitCode {
    careleaf::cli::main()
}
