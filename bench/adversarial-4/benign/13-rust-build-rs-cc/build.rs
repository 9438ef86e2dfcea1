fn main() {
    println!("cargo:rerun-if-changed=csrc/xxh_small.c");
    println!("cargo:rerun-if-changed=csrc/xxh_small.h");
    cc::Build::new()
        .file("csrc/xxh_small.c")
        .include("csrc")
        .flag_if_supported("-O3")
        .warnings(true)
        .compile("xxh_small");
}
