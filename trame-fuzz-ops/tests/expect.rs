//! The expected-value oracle for the `Uuid`, `Value` and proxy types: the
//! seeds that should be predicted are, and a wrong prediction is caught.

use facet_value::Value;
use trame::{Op, Trame};
use trame_fuzz_ops::expect::{Expected, predict};
use trame_fuzz_ops::seeds::seeds;
use trame_fuzz_ops::{AOp, ASrc, Input, run};

fn seed(name: &str) -> Input {
    seeds()
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no seed {name}"))
        .1
}

#[test]
fn the_new_types_seeds_are_compared_with_their_prediction() {
    for name in [
        "uuid-parse",
        "uuid-parse-braced-urn",
        "uuid-bytes",
        "tagged-fields",
        "tagged-deferred",
        "ticket-proxy",
        "value-scalar",
        "value-array",
        "value-object",
        "value-object-deferred",
    ] {
        let input = seed(name);
        assert!(predict(&input).is_some(), "{name} is predicted");
        let report = run(&input);
        assert!(report.built && report.compared, "{name}: {report:?}");
    }
}

#[test]
fn predictions_follow_later_keys_and_the_last_write() {
    let Some(Expected::Value(v)) = predict(&seed("value-object")) else {
        panic!("a Value prediction")
    };
    // Entry 3 rewrites key "k1" with null; "k2" holds `Value::make(5)`.
    let o = v.as_object().expect("an object");
    assert_eq!(o.len(), 2);
    assert_eq!(o.get("k1"), Some(&Value::NULL));
    let Some(Expected::Uuid(u)) = predict(&seed("uuid-parse-braced-urn")) else {
        panic!("a Uuid prediction")
    };
    assert_eq!(u.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
}

#[test]
fn a_failing_proxy_conversion_is_predicted() {
    let mut input = seed("ticket-proxy");
    // Label seeds 3 mod 4 are not numbers.
    let AOp::Set(_, src) = &mut input.ops[1] else {
        panic!()
    };
    *src = ASrc::Imm(3);
    assert!(matches!(predict(&input), Some(Expected::Ticket(None))));
    let report = run(&input);
    assert!(!report.built && report.accepted == 2, "{report:?}");
}

#[test]
fn a_wrong_prediction_is_caught() {
    let mut t = Trame::new::<Value>();
    t.apply(Op::set().imm(true)).unwrap();
    let hv = t.build().unwrap();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Expected::Value(Value::from(false)).check(hv)
    }));
    assert!(caught.is_err(), "a different Value is reported");
}
