//! scratch
use facet::Facet;
#[derive(Facet, Debug, PartialEq)]
struct Newtype(u32);
#[derive(Facet, Debug, PartialEq)]
struct H {
    n: Newtype,
    t: (u8, u8),
}
#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
enum E {
    A,
    B(u32),
    C(u8, u8),
    D { x: u8 },
}
fn main() {
    let h = H {
        n: Newtype(3),
        t: (1, 2),
    };
    println!("{}", facet_json::to_string(&h).unwrap());
    println!("{}", facet_yaml::to_string(&h).unwrap());
    println!("{}", facet_toml::to_string(&h).unwrap());
    println!("{:?}", facet_postcard::to_vec(&h).unwrap());
    println!("{:?}", facet_msgpack::to_vec(&h).unwrap());
    for e in [E::A, E::B(1), E::C(1, 2), E::D { x: 1 }] {
        println!(
            "{} {:?}",
            facet_json::to_string(&e).unwrap(),
            facet_yaml::to_string(&e).unwrap()
        );
    }
}
