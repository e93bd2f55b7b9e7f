//! The `tmkit` command: parses arguments, calls the library, prints.

mod cli;

// mimalloc: imports allocate and free millions of small strings on two threads; it makes
// a bulk import ~5-15% faster than the system allocator (`cargo bench --bench import`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}
