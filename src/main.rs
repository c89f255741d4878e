//! The `normsite` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jiff::civil::Date;
use normsite::diag::Diagnostics;
use normsite::site::LoadOptions;

#[derive(Parser)]
#[command(name = "normsite", version, about = "Builds a certification scheme's website: norms, mappings, register and calculator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// Site root folder (the one with normsite.yaml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Print only errors.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::Args, Clone)]
struct Inputs {
    /// Register export to publish [default: register-data/register.json under the root].
    #[arg(long, value_name = "FILE")]
    register: Option<PathBuf>,
    /// Absolute URL the site is published at (overrides normsite.yaml).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// "As of" day for certificate statuses in the HTML [default: the register's export date].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<Date>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced atomically).
    Build {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        inputs: Inputs,
        /// Output folder [default: public/ under the root].
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Build, serve on 127.0.0.1 and rebuild on change.
    Serve {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        inputs: Inputs,
        /// Port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Validate everything a build would, including internal links; write nothing.
    Check {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Compute audit hours (the calculator of the site).
    Hours(normsite::hours::cli::Args),
    /// Write a synthetic register export, for tests and benchmarks.
    #[command(name = "gen-register")]
    GenRegister {
        /// Number of organisations.
        #[arg(long, default_value_t = 1000)]
        orgs: usize,
        /// Seed of the (deterministic) generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Export day; statuses are spread around it.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, default_value = "2026-11-30")]
        date: Date,
        /// Output file [default: standard output].
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Print the JSON Schema of the register format instead.
        #[arg(long)]
        schema: bool,
    },
}

// Building a site allocates and frees millions of small strings; see Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn parse_date(s: &str) -> Result<Date, String> {
    if s.len() != 10 {
        return Err(format!("`{s}` is not a date written YYYY-MM-DD"));
    }
    s.parse::<Date>().map_err(|_| format!("`{s}` is not a date written YYYY-MM-DD"))
}

fn load_options(common: &Common, inputs: &Inputs) -> LoadOptions {
    LoadOptions {
        root: common.root.clone(),
        register: inputs.register.clone(),
        base_url: inputs.base_url.clone(),
        date: inputs.date,
    }
}

fn print_diags(d: &Diagnostics, quiet: bool) {
    for x in d.sorted() {
        if x.is_error() || !quiet {
            eprintln!("{x}\n");
        }
    }
}

fn fail(d: &Diagnostics, verb: &str) -> ExitCode {
    print_diags(d, false);
    let (e, w) = (d.error_count(), d.warning_count());
    eprintln!(
        "{verb} failed: {e} error{}{}",
        if e == 1 { "" } else { "s" },
        if w > 0 { format!(", {w} warning{}", if w == 1 { "" } else { "s" }) } else { String::new() }
    );
    ExitCode::from(1)
}

/// Shows build steps on an interactive terminal only, so logs and pipes stay clean.
fn progress(quiet: bool) -> impl Fn(&str) + Sync {
    use std::io::IsTerminal;
    let show = !quiet && std::io::stderr().is_terminal();
    let start = std::time::Instant::now();
    move |step: &str| {
        if show {
            eprintln!("  {:>6} ms  {step}…", start.elapsed().as_millis());
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { common, inputs, output } => {
            let opts = load_options(&common, &inputs);
            let out = output.unwrap_or_else(|| common.root.join("public"));
            if !common.quiet {
                eprintln!("Building {} into {}", common.root.display(), out.display());
            }
            match normsite::build::build(&opts, &out, &progress(common.quiet)) {
                Ok(report) => {
                    print_diags(&report.warnings, common.quiet);
                    if !common.quiet {
                        println!("{}", report.summary("Built"));
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => fail(&d, "Build"),
            }
        }
        Command::Check { common, inputs } => match normsite::build::check(&load_options(&common, &inputs), &progress(common.quiet)) {
            Ok(report) => {
                print_diags(&report.warnings, common.quiet);
                if !common.quiet {
                    println!("{}", report.summary("Checked"));
                }
                ExitCode::SUCCESS
            }
            Err(d) => fail(&d, "Check"),
        },
        Command::Serve { common, inputs, port } => {
            match normsite::serve::serve(load_options(&common, &inputs), port, common.quiet) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot serve: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Hours(args) => ExitCode::from(normsite::hours::cli::run(&args) as u8),
        Command::GenRegister { schema: true, .. } => {
            print!("{}", normsite::register::schema_text());
            ExitCode::SUCCESS
        }
        Command::GenRegister { orgs, seed, date, output, .. } => {
            let result = match &output {
                Some(path) => std::fs::File::create(path).and_then(|f| {
                    let mut w = std::io::BufWriter::new(f);
                    normsite::register::generate::write(orgs, seed, date, &mut w)?;
                    std::io::Write::flush(&mut w)
                }),
                None => normsite::register::generate::write(orgs, seed, date, &mut std::io::stdout().lock()),
            };
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write the register: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
