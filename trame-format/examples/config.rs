//! One config type read from YAML, TOML and JSON with the same walk, then
//! a helpful error, from JSON and from YAML.
//!
//! `cargo run -p trame-format --example config`

use facet::Facet;

#[derive(Facet, Debug, PartialEq)]
#[facet(rename_all = "kebab-case")]
struct Config {
    name: String,
    #[facet(default = 8080)]
    listen_port: u16,
    log: Option<Log>,
    servers: Vec<Server>,
}

#[derive(Facet, Debug, PartialEq)]
struct Log {
    level: String,
}

#[derive(Facet, Debug, PartialEq)]
struct Server {
    host: String,
    weight: u32,
}

const YAML: &str = "
name: edge
log:
  level: info
servers:
  - host: a.example
    weight: 2
  - host: b.example
    weight: 1
";

const TOML: &str = r#"
name = "edge"

[[servers]]
host = "a.example"
weight = 2

[log]
level = "info"

[[servers]]
host = "b.example"
weight = 1
"#;

const JSON: &str = r#"{
  "name": "edge",
  "log": {"level": "info"},
  "servers": [
    {"host": "a.example", "weight": 2},
    {"host": "b.example", "weight": 1}
  ]
}"#;

fn main() -> Result<(), trame_format::Error> {
    let from_yaml: Config = trame_format::from_parser(facet_yaml::YamlParser::new(YAML))?;
    let from_toml: Config = trame_format::from_parser(facet_toml::TomlParser::new(TOML)?)?;
    let from_json: Config =
        trame_format::from_parser(facet_json::JsonParser::<false>::new(JSON.as_bytes()))?;
    assert_eq!(from_yaml, from_toml);
    assert_eq!(from_yaml, from_json);
    println!("read the same config from YAML, TOML and JSON:\n{from_yaml:#?}");

    let broken = JSON.replace(r#""weight": 1"#, r#""weight": "heavy""#);
    let err = trame_format::from_parser::<Config, _>(facet_json::JsonParser::<false>::new(
        broken.as_bytes(),
    ))
    .unwrap_err();
    println!("\nand an error:\n  {err}");

    // facet-yaml's parser reports offsets; the text gives line and column.
    let broken = YAML.replace("weight: 1", "weight: heavy");
    let err = trame_format::from_parser::<Config, _>(facet_yaml::YamlParser::new(&broken))
        .unwrap_err()
        .with_input(broken.as_bytes());
    println!("the same in YAML:\n  {err}");
    Ok(())
}
