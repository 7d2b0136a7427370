#!/bin/sh
# Instructions per unit of work, counted by callgrind (deterministic for a
# given binary): each workload runs at two sizes and the difference in
# instructions is divided by the difference in size.
# Usage: sh trame-bench/instructions.sh   (from the repository root;
# needs valgrind)
#        sh trame-bench/instructions.sh format
#   trame-format, facet-format's FormatDeserializer and the parser alone
#   (every event read and discarded) over the same parser and document,
#   per document read (1 and 3 reads; start-up and the making of the
#   document cancel).
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
if [ "$1" = format ]; then
    echo "document: trame-format / FormatDeserializer / parser alone"
    for doc in json:citm_catalog json:canada msgpack:citm_catalog msgpack:twitter \
        yaml:citm_catalog yaml:twitter; do
        fmt=${doc%%:*}; file=${doc#*:}.json
        n() { a=$(ir "$1" "$fmt" "$file" 1); b=$(ir "$1" "$fmt" "$file" 3); echo $(( (b - a) / 2 )); }
        echo "$fmt/${doc#*:}: $(n format) / $(n theirs) / $(n events)"
    done
    exit 0
fi
per "Set of a scalar field (8 per value, start and build amortized)" "wide 1000" "wide 3000" 16000
per "Vec<Pair> element (Append+Stage, 2 Sets, End)" "vec 10000" "vec 30000" 20000
per "Vec<Pair> element without a hint" "vec-no-hint 10000" "vec-no-hint 30000" 20000
for f in citm_catalog twitter canada; do
    per "$f trame-json parse" "json $f.json 1" "json $f.json 3" 2
    per "$f serde_json parse" "serde $f.json 1" "serde $f.json 3" 2
done
