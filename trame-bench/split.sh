#!/bin/sh
# Instructions per JSON parse by crate: jiter (the tokenizer), trame (the
# core), trame-json (the walk), std's float parsing, the allocator and mem*
# functions, the rest.
# Counted by callgrind on a build with line tables, by the source file of
# each line (code inlined from one crate into another counts for the crate
# it was written in; a line of the standard library counts for the crate
# of the function it was inlined into), over 3 parses minus 1 parse,
# divided by 2.
# Usage: sh trame-bench/split.sh [citm_catalog|twitter|canada]
# (from the repository root; needs valgrind)
set -e
f=${1:-citm_catalog}
dir=target/split
CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
    cargo build --release -q -p trame-bench --example probe --target-dir "$dir"
probe=$dir/release/examples/probe
split() { # parses -> "crate count" lines, sorted by crate
    out=$dir/callgrind.$f.$1
    valgrind --tool=callgrind --callgrind-out-file="$out" "$probe" json "$f.json" "$1" >/dev/null 2>&1
    callgrind_annotate --auto=no --show-percs=no --threshold=100 "$out" |
        awk '$1 ~ /^[0-9,]+$/ && $2 ~ /:/ {
            n = $1; gsub(",", "", n); c = "other"
            if ($2 ~ /dec2flt/) c = "f64-parse"
            else if ($2 ~ /jiter/) c = "jiter"
            else if ($2 ~ /trame-json|trame_json/) c = "trame-json"
            else if ($2 ~ /\/trame\/|trame::/) c = "trame"
            else if ($2 ~ /malloc|alloc|memcmp|memcpy|memmove|memset/) c = "alloc/mem"
            s[c] += n
        } END { for (k in s) print k, s[k] }' | sort
}
split 3 >"$dir/three"
split 1 >"$dir/one"
echo "$f: instructions per trame-json parse, by crate"
join "$dir/three" "$dir/one" | awk '{ printf "  %-10s %6.2f M\n", $1, ($2 - $3) / 2e6 }'
