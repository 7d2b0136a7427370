//! Interleaved A/B timing and the report lines of the compare command.

use std::time::Instant;

/// How long to measure.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Rounds of A-then-B; the median per side is reported.
    pub rounds: usize,
    /// Scale factor for workload sizes (1.0 = full size).
    pub scale: f64,
}

impl Budget {
    /// The full budget.
    pub const FULL: Budget = Budget {
        rounds: 11,
        scale: 1.0,
    };
    /// The `--quick` budget (the whole command in well under a minute).
    pub const QUICK: Budget = Budget {
        rounds: 5,
        scale: 0.2,
    };

    /// `n` scaled down for quick runs (never below 1).
    pub fn scaled(&self, n: usize) -> usize {
        ((n as f64 * self.scale) as usize).max(1)
    }
}

/// Runs `a` and `b` alternately (A B A B …) `rounds` times and returns the
/// median wall time of each, in nanoseconds per call.
pub fn interleaved(rounds: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (f64, f64) {
    a();
    b();
    let (mut ta, mut tb) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let t = Instant::now();
        a();
        ta.push(t.elapsed().as_nanos() as f64);
        let t = Instant::now();
        b();
        tb.push(t.elapsed().as_nanos() as f64);
    }
    (median(&mut ta), median(&mut tb))
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|x, y| x.total_cmp(y));
    v[v.len() / 2]
}

/// What a measure must reach.
#[derive(Clone, Copy, Debug)]
pub enum Goal {
    /// Side A at most this many nanoseconds per unit.
    MaxNs(f64),
    /// A / B at most this.
    MaxRatio(f64),
    /// B / A at least this (A is this many times faster than B).
    MinSpeedup(f64),
    /// A value (a count) at most this.
    MaxCount(f64),
}

/// One line of the report.
#[derive(Clone, Debug)]
pub struct Line {
    /// Measure name, `group/name`.
    pub name: String,
    /// Label and value of side A (nanoseconds per unit, or a count).
    pub a: (String, f64),
    /// Label and value of side B, if there is one.
    pub b: Option<(String, f64)>,
    /// The goal.
    pub goal: Goal,
}

impl Line {
    /// Whether the goal is met.
    pub fn ok(&self) -> bool {
        let b = self.b.as_ref().map_or(f64::NAN, |b| b.1);
        match self.goal {
            Goal::MaxNs(max) => self.a.1 <= max,
            Goal::MaxRatio(max) => self.a.1 / b <= max,
            Goal::MinSpeedup(min) => b / self.a.1 >= min,
            Goal::MaxCount(max) => self.a.1 <= max,
        }
    }

    /// The report line: both values, the ratio, the goal, ok or MISS.
    pub fn render(&self) -> String {
        let value = |v: f64| match self.goal {
            Goal::MaxCount(_) => format!("{v:.4}"),
            _ => human_ns(v),
        };
        let mut out = format!("{} {} {}", self.name, self.a.0, value(self.a.1));
        if let Some((label, v)) = &self.b {
            out += &format!(" {label} {} ratio {:.2}", value(*v), self.a.1 / v);
        }
        let goal = match self.goal {
            Goal::MaxNs(m) => format!("<={m} ns"),
            Goal::MaxRatio(m) => format!("<={m}"),
            Goal::MinSpeedup(m) => format!(">={m}x faster"),
            Goal::MaxCount(m) => format!("<={m}"),
        };
        out + &format!(" goal {goal} {}", if self.ok() { "ok" } else { "MISS" })
    }
}

/// `12.3 ns`, `4.56 µs`, `7.89 ms`.
pub fn human_ns(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.2} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{:.2} ms", ns / 1_000_000.0)
    }
}
