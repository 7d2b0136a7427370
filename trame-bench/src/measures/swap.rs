//! The zero-cost swap: a release program that uses only the live runtime
//! carries no verified-runtime code.

use object::{Object, ObjectSymbol};

use crate::runner::{Goal, Line};

/// Symbol names of the running executable that belong to the verified
/// runtime (`trame::runtime::verified`, `VRuntime`, `VHeap`, …).
pub fn verified_symbols() -> Result<Vec<String>, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let data = std::fs::read(&exe).map_err(|e| e.to_string())?;
    let file = object::File::parse(&*data).map_err(|e| e.to_string())?;
    let names = file
        .symbols()
        .chain(file.dynamic_symbols())
        .filter_map(|s| s.name().ok().map(str::to_owned))
        .filter(|n| {
            n.contains("8verified")
                || n.contains("VRuntime")
                || n.contains("VHeap")
                || n.contains("ShapeStore")
        })
        .collect();
    Ok(names)
}

/// `swap/verified_code`: number of verified-runtime symbols in this
/// (release, live-runtime-only) binary.
pub fn verified_code() -> Line {
    let count = match verified_symbols() {
        Ok(names) => names.len() as f64,
        Err(e) => {
            eprintln!("swap/verified_code: cannot read own binary: {e}");
            f64::INFINITY
        }
    };
    Line {
        name: "swap/verified_code".into(),
        a: ("symbols".into(), count),
        b: None,
        goal: Goal::MaxCount(0.0),
    }
}
