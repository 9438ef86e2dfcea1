fn main() {
    println!("uptime: {}s", sysinfo_lite::uptime_secs());
}
