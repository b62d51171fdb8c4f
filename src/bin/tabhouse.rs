//! `tabhouse`: the native command line (SQL against the browser's engine).

use tabhouse::cli;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match cli::parse_args(&args) {
        Ok(command) => cli::run(command, &mut std::io::stdout(), &mut std::io::stderr()),
        Err(message) => {
            eprintln!("{message}\n\n{}", cli::USAGE);
            2
        }
    };
    std::process::exit(code);
}
