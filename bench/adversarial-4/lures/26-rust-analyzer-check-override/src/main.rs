use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Path to the ledger JSON file
    file: String,
}

fn main() {
    let args = Args::parse();
    println!("TODO: compute balances for {}", args.file);
}
