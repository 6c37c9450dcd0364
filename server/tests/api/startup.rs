//! Start-up failures say which thing is wrong and why, in one line.

use server::config::Config;
use server::startup::Application;

#[tokio::test]
async fn a_database_in_a_missing_directory_names_the_directory() {
    let config = Config {
        database_url: "sqlite:///nonexistent-bazaar-dir/deeper/bazaar.db".into(),
        listen: "127.0.0.1:0".parse().expect("address"),
        ..Config::default()
    };
    let error = Application::build(config).await.err().expect("start-up fails").to_string();
    assert!(error.contains("/nonexistent-bazaar-dir/deeper"), "{error}");
    assert!(!error.contains('\n'), "one line: {error}");
}

#[tokio::test]
async fn an_unwritable_database_file_names_the_file_and_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A directory where the file should be: cannot be opened as a database by anyone, root included.
    let path = dir.path().join("bazaar.db");
    std::fs::create_dir(&path).expect("blocker");
    let config = Config {
        database_url: format!("sqlite://{}", path.display()),
        listen: "127.0.0.1:0".parse().expect("address"),
        ..Config::default()
    };
    let error = Application::build(config).await.err().expect("start-up fails").to_string();
    assert!(
        error.contains(&path.display().to_string()) && error.to_lowercase().contains("directory"),
        "{error}"
    );
}

#[tokio::test]
async fn a_port_in_use_is_reported_as_such() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        database_url: format!("sqlite://{}", dir.path().join("b.db").display()),
        listen: taken.local_addr().expect("address"),
        seed_demo: false,
        ..Config::default()
    };
    let error = Application::build(config).await.err().expect("start-up fails").to_string();
    assert!(
        error.contains("already in use") && error.contains(&taken.local_addr().expect("a").to_string()),
        "{error}"
    );
}

#[tokio::test]
async fn an_unknown_database_scheme_is_refused() {
    let config = Config { database_url: "mysql://localhost/bazaar".into(), ..Config::default() };
    let error = Application::build(config).await.err().expect("start-up fails").to_string();
    assert!(error.contains("unsupported database URL"), "{error}");
}
