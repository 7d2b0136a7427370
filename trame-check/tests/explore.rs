//! Exhaustive bounded exploration (see `trame_check::explore`): every
//! shape up to the bound × every action sequence up to the bound, each
//! step checked against the model and the heap. The default bound runs
//! here; `TRAME_EXPLORE_DEPTH`, `TRAME_EXPLORE_LEN` and
//! `TRAME_EXPLORE_PRUNE` set a deeper one (see docs/verification.md).

use trame_check::explore::{Bound, explore};

// t[verify state.init.byte-tracking]
// t[verify state.machine.strict-end]
// t[verify state.machine.deferred-end]
// t[verify state.machine.overwrite]
// t[verify state.machine.enum-select-writes-discriminant]
// t[verify state.machine.enum-switch-drops-previous]
// t[verify state.machine.enum-direct-then-switch]
// t[verify state.machine.poison-cleanup]
// t[verify state.machine.cleanup-no-double-free]
// t[verify state.machine.build-finalization]
// t[verify hook.missing]
// t[verify hook.parse]
// t[verify hook.convert]
// t[verify hook.invariants]
// t[verify hook.invariants.when]
// t[verify proxy.choice]
// t[verify proxy.missing]
// t[verify proxy.stage]
// t[verify proxy.convert]
// t[verify dynamic.scalar]
// t[verify dynamic.default]
// t[verify dynamic.array]
// t[verify dynamic.object]
// t[verify dynamic.form]
// t[verify dynamic.dropped-once]
#[test]
fn every_bounded_sequence_agrees_with_the_model() {
    let bound = Bound::from_env();
    match explore(bound) {
        Ok(report) => eprintln!("explored {bound:?}: {report}"),
        Err(m) => panic!("{m}"),
    }
}
