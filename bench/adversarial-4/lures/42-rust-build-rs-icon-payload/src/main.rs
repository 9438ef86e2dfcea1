fn main() {
    println!("TODO: pixel editor with undo/redo (see TASK.md)");
}
