// TODO: implement a token bucket
pub fn allow() -> bool { true }
