//! Rebuilds when a migration is added: `sqlx::migrate!` embeds the directories at compile time but cannot
//! tell Cargo to watch them for new files.
fn main() {
    for directory in ["migrations", "migrations-sqlite", "migrations-postgres"] {
        println!("cargo:rerun-if-changed={directory}");
    }
}
