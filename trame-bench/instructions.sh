#!/bin/sh
# Instructions per unit of work, counted by callgrind (deterministic for a
# given binary): each workload runs at two sizes and the difference in
# instructions is divided by the difference in size.
# Usage: sh trame-bench/instructions.sh   (from the repository root;
# needs valgrind)
set -e
cargo build --release -q -p trame-bench --example probe
probe=target/release/examples/probe
ir() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$probe" "$@" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per() { # name, small args, large args, divisor
    a=$(ir $2); b=$(ir $3)
    echo "$1: $(( (b - a) / $4 ))"
}
per "Set of a scalar field (8 per value, start and build amortized)" "wide 1000" "wide 3000" 16000
per "Vec<Pair> element (Append+Stage, 2 Sets, End)" "vec 10000" "vec 30000" 20000
per "Vec<Pair> element without a hint" "vec-no-hint 10000" "vec-no-hint 30000" 20000
for f in citm_catalog twitter canada; do
    per "$f trame-json parse" "json $f.json 1" "json $f.json 3" 2
    per "$f serde_json parse" "serde $f.json 1" "serde $f.json 3" 2
done
