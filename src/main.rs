fn main() {
    std::process::exit(matter_search::cli::main());
}
