fn main() {
    println!("kvstore");
}
