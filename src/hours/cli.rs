//! `normsite hours`: the calculator on the command line.

use clap::Args as ClapArgs;

/// Arguments of `normsite hours`.
#[derive(Debug, Clone, ClapArgs)]
pub struct Args {
    /// Site root folder.
    #[arg(long, default_value = ".")]
    pub root: std::path::PathBuf,
}

/// Runs the command; returns the process exit status.
pub fn run(_args: &Args) -> i32 {
    eprintln!("normsite hours: not built yet");
    2
}
