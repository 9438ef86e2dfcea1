use napi_derive::napi;

#[napi]
pub fn slug(input: String) -> String {
    input.to_lowercase().split_whitespace().collect::<Vec<_>>().join("-")
}
