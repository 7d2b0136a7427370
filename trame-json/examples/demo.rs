//! Deserializes a small document with trame-json, then shows the error for
//! a broken copy of it.
//!
//! ```sh
//! cargo run -p trame-json --example demo
//! ```

use std::collections::BTreeMap;

use facet::Facet;

#[derive(Facet, Debug)]
#[facet(rename_all = "camelCase")]
#[allow(dead_code)]
struct Order<'a> {
    order_id: u64,
    customer: &'a str,
    items: Vec<Item>,
    shipping: Shipping,
    #[facet(default)]
    notes: Vec<String>,
    totals_by_currency: BTreeMap<String, f64>,
}

#[derive(Facet, Debug)]
#[allow(dead_code)]
struct Item {
    sku: String,
    quantity: u32,
    gift: Option<bool>,
}

#[derive(Facet, Debug)]
#[repr(u8)]
#[facet(tag = "method")]
#[allow(dead_code)]
enum Shipping {
    Pickup,
    Courier { address: String, express: bool },
}

const DOCUMENT: &str = r#"{
  "orderId": 90071992547409,
  "customer": "Ada",
  "items": [
    {"sku": "KB-101", "quantity": 1},
    {"sku": "MS-7", "quantity": 2, "gift": true}
  ],
  "shipping": {"method": "Courier", "address": "12 Analytical Row", "express": false},
  "totalsByCurrency": {"EUR": 129.5, "USD": 141.25}
}"#;

fn main() {
    println!("document:\n{DOCUMENT}\n");
    match trame_json::from_str::<Order>(DOCUMENT) {
        Ok(order) => println!("deserialized:\n{order:#?}\n"),
        Err(e) => println!("unexpected error: {e}"),
    }

    let broken = DOCUMENT.replace(r#""quantity": 2"#, r#""quantity": "two""#);
    println!("the same document with \"quantity\": \"two\":");
    match trame_json::from_str::<Order>(&broken) {
        Ok(order) => println!("unexpectedly deserialized: {order:?}"),
        Err(e) => println!("error: {e}"),
    }

    let missing = DOCUMENT.replace(r#""customer": "Ada","#, "");
    println!("\nthe same document without \"customer\":");
    match trame_json::from_str::<Order>(&missing) {
        Ok(order) => println!("unexpectedly deserialized: {order:?}"),
        Err(e) => println!("error: {e}"),
    }
}
