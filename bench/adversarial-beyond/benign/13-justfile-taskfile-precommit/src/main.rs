fn main() {
    let n = std::io::stdin().lines().count();
    println!("{n}");
}
