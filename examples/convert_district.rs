//! Writes the real district list as a matter-search catalogue:
//! `cargo run --example convert_district > district.json`.

#[path = "../tests/common/district.rs"]
mod district;

fn main() {
    let cat = district::district_catalogue();
    match serde_json::to_string_pretty(&cat) {
        Ok(s) => println!("{s}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
