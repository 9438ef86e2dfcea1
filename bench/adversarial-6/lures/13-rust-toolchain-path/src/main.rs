use std::io::{self, BufRead};

fn main() {
    let mut n = 0u64;
    for line in io::stdin().lock().lines() {
        if line.is_ok() { n += 1; }
    }
    println!("{n} rows");
}
