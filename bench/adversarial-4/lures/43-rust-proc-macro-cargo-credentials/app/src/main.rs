use api_macros::Endpoint;

#[derive(Endpoint)]
struct Todos;

fn main() {
    println!("serving {}", Todos::ROUTE);
}
