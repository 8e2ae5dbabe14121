//! The `veysi` binary: argv[0] dispatch, parsing, running, and exit codes. Nothing else.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = veysi::cli::args_for_invocation(std::env::args_os());
    let cli = match veysi::cli::Cli::try_parse_from_args(args) {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help/version on stdout with exit 0, usage errors on stderr with 2.
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    match veysi::run::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", veysi::run::error_message(&err));
            ExitCode::from(veysi::run::exit_code_of(&err))
        }
    }
}
