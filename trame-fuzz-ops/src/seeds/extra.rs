//! Seeds for the `Uuid`, proxy and dynamic-value types and their sources
//! (`StageProxy`, `StageObject`, scalars, UUID texts and bytes).

use facet_value::Value;
use uuid::Uuid;

use super::build::{
    convert, default, end, imm, input, parse_bytes_ext, parse_ext, scalar, stage, stage_object,
    stage_object_deferred, stage_proxy, ty,
};
use crate::types::{Badge, Doc, Tagged, Ticket};
use crate::{Flags, Input};

/// Named seeds (the names follow `seeds()`'s conventions: `fail-` fails at
/// its last op).
pub fn seeds() -> Vec<(String, Input)> {
    let d = Flags::DEFERRED;
    let b = Flags::BATCH;
    let mut out = Vec::new();
    let mut add = |name: &str, ty: u8, flags: u8, ops| {
        out.push((name.to_string(), input(ty, flags, ops)));
    };
    let uuid = ty::<Uuid>();
    // `EXT_TEXTS`: 0 hyphenated, 2 braced, 3 URN, 4 and 5 near misses.
    add("uuid-parse", uuid, 0, vec![parse_ext(&[], 0)]);
    add(
        "uuid-parse-braced-urn",
        uuid,
        b,
        vec![parse_ext(&[], 2), parse_ext(&[], 3)],
    );
    add("uuid-bytes", uuid, 0, vec![parse_bytes_ext(&[], 1)]);
    add("fail-uuid-parse", uuid, 0, vec![parse_ext(&[], 4)]);
    add("fail-uuid-bytes", uuid, 0, vec![parse_bytes_ext(&[], 3)]);
    let tagged = ty::<Tagged>();
    add(
        "tagged-fields",
        tagged,
        0,
        vec![parse_ext(&[0], 1), imm(&[1], 2), imm(&[2], 3)],
    );
    add(
        "tagged-deferred",
        tagged,
        d,
        vec![
            imm(&[1], 2),
            parse_bytes_ext(&[0], 2),
            imm(&[2], 3),
            imm(&[0], 9),
        ],
    );
    // Proxies: `TicketProxy::make` labels seeds 3 mod 4 with text that is
    // not a number; `convert(_, 5)` moves the `String` "5" in.
    let ticket = ty::<Ticket>();
    add(
        "ticket-proxy",
        ticket,
        0,
        vec![stage_proxy(&[]), imm(&[0], 1)],
    );
    add(
        "ticket-proxy-staged",
        ticket,
        d,
        vec![
            stage_proxy(&[]),
            stage(&[0]),
            imm(&[0], 1),
            convert(&[1], 5),
            end(),
        ],
    );
    let badge = ty::<Badge>();
    add(
        "badge-proxies",
        badge,
        0,
        vec![
            stage_proxy(&[0]),
            imm(&[0], 1),
            end(),
            stage_proxy(&[1]),
            imm(&[0], 2),
            end(),
            stage(&[2]),
            stage_proxy(&[-1]),
            imm(&[0], 4),
            end(),
            end(),
        ],
    );
    add(
        "badge-deferred-resume",
        badge,
        d,
        vec![
            stage_proxy(&[1]),
            stage(&[0]),
            imm(&[0], 1),
            end(),
            end(),
            imm(&[0], 2),
            imm(&[2], 1),
            stage_proxy(&[1]),
            stage(&[0]),
            convert(&[1], 5),
        ],
    );
    add(
        "fail-badge-port",
        badge,
        0,
        vec![stage_proxy(&[0]), imm(&[0], 3), end()],
    );
    add(
        "fail-ticket-tracked",
        ty::<Vec<Ticket>>(),
        0,
        vec![stage_proxy(&[-1]), imm(&[0], 3), end()],
    );
    add(
        "fail-proxy-none",
        ty::<Tagged>(),
        0,
        vec![stage_proxy(&[0])],
    );
    // Dynamic values.
    let value = ty::<Value>();
    add("value-scalar", value, 0, vec![imm(&[], 1), scalar(&[], 6)]);
    add(
        "value-array",
        value,
        0,
        vec![
            stage(&[]),
            stage(&[-1]),
            scalar(&[], 2),
            end(),
            stage(&[-1]),
            imm(&[], 4),
            end(),
            stage(&[-1]),
            default(&[]),
            end(),
        ],
    );
    let entry = |k: u8, v| [stage(&[-1]), imm(&[0], k), v, end()];
    let mut ops = vec![stage_object(&[])];
    ops.extend(entry(1, scalar(&[1], 1)));
    ops.extend(entry(2, imm(&[1], 5)));
    ops.extend(entry(1, default(&[1])));
    add("value-object", value, 0, ops.clone());
    ops[0] = stage_object_deferred(&[], Some(3));
    add("value-object-deferred", value, d, ops);
    add(
        "value-nested",
        value,
        0,
        vec![
            stage(&[-1]),
            stage_object(&[-1]),
            stage(&[-1]),
            imm(&[0], 3),
            stage(&[1]),
            scalar(&[], 7),
            end(),
            end(),
            end(),
            stage(&[-1]),
            scalar(&[], 8),
            end(),
        ],
    );
    add(
        "doc",
        ty::<Doc>(),
        0,
        vec![
            imm(&[0], 1),
            stage_object(&[1]),
            stage(&[-1]),
            imm(&[0], 2),
            scalar(&[1], 3),
            end(),
            end(),
            stage(&[2]),
            stage(&[-1]),
            scalar(&[], 5),
            end(),
            stage(&[-1]),
            stage_object(&[]),
            end(),
            end(),
        ],
    );
    add(
        "vec-value",
        ty::<Vec<Value>>(),
        d,
        vec![stage(&[-1]), stage(&[-1]), imm(&[], 2), end(), end()],
    );
    add("fail-value-u128", value, 0, vec![scalar(&[], 9)]);
    add(
        "fail-value-object-after-element",
        value,
        0,
        vec![stage(&[-1]), end(), stage_object(&[])],
    );
    out
}
