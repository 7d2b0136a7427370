//! Joining spec rules, annotations and the pending list into a coverage
//! report, and rendering it.

use crate::annotations::{Annotation, Verb};
use crate::pending::PendingEntry;
use crate::spec::RuleDef;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// An annotation together with the file it was found in.
#[derive(Debug, Clone)]
pub struct Located {
    /// File path, relative to the workspace root, for messages.
    pub file: String,
    /// The annotation.
    pub annotation: Annotation,
}

/// Coverage status of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Has at least one `impl` and one `verify` annotation.
    Ok,
    /// Listed as pending and not yet fully covered.
    Pending,
    /// Listed as pending although fully covered (should leave the list).
    PendingCovered,
    /// Not pending and lacking `impl`, `verify` or both.
    Missing {
        /// No `impl` annotation.
        impl_missing: bool,
        /// No `verify` annotation.
        verify_missing: bool,
    },
}

impl Status {
    /// Text for the status column.
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Pending => "pending",
            Status::PendingCovered => "pending (covered)",
            Status::Missing {
                impl_missing: true,
                verify_missing: true,
            } => "MISSING impl, verify",
            Status::Missing {
                impl_missing: true, ..
            } => "MISSING impl",
            Status::Missing { .. } => "MISSING verify",
        }
    }
}

/// One line of the coverage table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Rule ID.
    pub id: String,
    /// Number of `impl` annotations.
    pub impls: usize,
    /// Number of `verify` annotations.
    pub verifies: usize,
    /// Resulting status.
    pub status: Status,
}

/// The outcome of a trace check.
#[derive(Debug, Default)]
pub struct Report {
    /// One row per spec rule, in spec order.
    pub rows: Vec<Row>,
    /// Problems that fail the check.
    pub errors: Vec<String>,
    /// Problems that do not fail the check.
    pub warnings: Vec<String>,
}

/// Builds the report. `errors` carries problems found earlier (spec parsing,
/// malformed annotations, I/O) so that they end up in the same report.
pub fn build_report(
    rules: &[RuleDef],
    annotations: &[Located],
    pending: &[PendingEntry],
    errors: Vec<String>,
) -> Report {
    let mut report = Report {
        errors,
        ..Report::default()
    };
    let known: BTreeSet<&str> = rules.iter().map(|r| r.id.as_str()).collect();

    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for located in annotations {
        let a = &located.annotation;
        if !known.contains(a.id.as_str()) {
            report.errors.push(format!(
                "{}:{}: {} annotation names unknown rule {}",
                located.file,
                a.line,
                a.verb.as_str(),
                a.id
            ));
            continue;
        }
        let entry = counts.entry(a.id.as_str()).or_default();
        match a.verb {
            Verb::Impl => entry.0 += 1,
            Verb::Verify => entry.1 += 1,
        }
    }

    let mut pending_ids: BTreeSet<&str> = BTreeSet::new();
    for entry in pending {
        if !known.contains(entry.id.as_str()) {
            report.errors.push(format!(
                "docs/pending-rules.txt:{}: {} is not a rule of the spec",
                entry.line, entry.id
            ));
        } else if !pending_ids.insert(entry.id.as_str()) {
            report.warnings.push(format!(
                "docs/pending-rules.txt:{}: {} is listed more than once",
                entry.line, entry.id
            ));
        }
    }

    for rule in rules {
        let (impls, verifies) = counts.get(rule.id.as_str()).copied().unwrap_or_default();
        let covered = impls > 0 && verifies > 0;
        let status = match (pending_ids.contains(rule.id.as_str()), covered) {
            (true, true) => {
                report.warnings.push(format!(
                    "{} is pending but has impl and verify annotations: remove it from pending (docs/pending-rules.txt)",
                    rule.id
                ));
                Status::PendingCovered
            }
            (true, false) => Status::Pending,
            (false, true) => Status::Ok,
            (false, false) => Status::Missing {
                impl_missing: impls == 0,
                verify_missing: verifies == 0,
            },
        };
        report.rows.push(Row {
            id: rule.id.clone(),
            impls,
            verifies,
            status,
        });
    }
    report
}

impl Report {
    /// Number of rules with the given kind of status: (covered, pending,
    /// missing).
    pub fn tally(&self) -> (usize, usize, usize) {
        let mut t = (0, 0, 0);
        for row in &self.rows {
            match row.status {
                Status::Ok => t.0 += 1,
                Status::Pending | Status::PendingCovered => t.1 += 1,
                Status::Missing { .. } => t.2 += 1,
            }
        }
        t
    }

    /// True if the check fails: an error, or a non-pending rule that lacks an
    /// annotation.
    pub fn failed(&self) -> bool {
        !self.errors.is_empty() || self.tally().2 > 0
    }

    /// The coverage table, one line per rule, with a header.
    pub fn table(&self) -> String {
        let width = self
            .rows
            .iter()
            .map(|r| r.id.len())
            .max()
            .unwrap_or(0)
            .max(4);
        let mut out = format!(
            "{:<width$}  {:>5}  {:>6}  STATUS\n",
            "RULE", "IMPL", "VERIFY"
        );
        for row in &self.rows {
            let _ = writeln!(
                out,
                "{:<width$}  {:>5}  {:>6}  {}",
                row.id,
                row.impls,
                row.verifies,
                row.status.label()
            );
        }
        out
    }

    /// The one-line summary, e.g. `trace: 17 rules, 12 covered, 5 pending, 0 missing`.
    pub fn summary(&self) -> String {
        let (covered, pending, missing) = self.tally();
        let mut line = format!(
            "trace: {} rules, {covered} covered, {pending} pending, {missing} missing",
            self.rows.len()
        );
        if !self.errors.is_empty() {
            let _ = write!(line, ", {} errors", self.errors.len());
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(ids: &[&str]) -> Vec<RuleDef> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| RuleDef {
                id: (*id).to_owned(),
                line: i + 1,
            })
            .collect()
    }

    fn ann(verb: Verb, id: &str) -> Located {
        Located {
            file: "x/src/lib.rs".to_owned(),
            annotation: Annotation {
                verb,
                id: id.to_owned(),
                line: 7,
            },
        }
    }

    fn pending(ids: &[&str]) -> Vec<PendingEntry> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| PendingEntry {
                id: (*id).to_owned(),
                line: i + 1,
            })
            .collect()
    }

    fn status_of(report: &Report, id: &str) -> Status {
        report.rows.iter().find(|r| r.id == id).unwrap().status
    }

    #[test]
    fn fully_annotated_rules_pass() {
        let anns = [
            ann(Verb::Impl, "a.x"),
            ann(Verb::Verify, "a.x"),
            ann(Verb::Verify, "a.x"),
        ];
        let report = build_report(&rules(&["a.x"]), &anns, &[], vec![]);
        assert_eq!(report.rows[0].impls, 1);
        assert_eq!(report.rows[0].verifies, 2);
        assert_eq!(report.rows[0].status, Status::Ok);
        assert!(!report.failed());
        assert_eq!(
            report.summary(),
            "trace: 1 rules, 1 covered, 0 pending, 0 missing"
        );
    }

    #[test]
    fn missing_verify_fails() {
        let anns = [
            ann(Verb::Impl, "a.x"),
            ann(Verb::Impl, "a.y"),
            ann(Verb::Verify, "a.y"),
        ];
        let report = build_report(&rules(&["a.x", "a.y", "a.z"]), &anns, &[], vec![]);
        assert_eq!(status_of(&report, "a.x").label(), "MISSING verify");
        assert_eq!(status_of(&report, "a.y"), Status::Ok);
        assert_eq!(status_of(&report, "a.z").label(), "MISSING impl, verify");
        assert!(report.failed());
        assert!(report.errors.is_empty());
        assert_eq!(
            report.summary(),
            "trace: 3 rules, 1 covered, 0 pending, 2 missing"
        );
    }

    #[test]
    fn missing_impl_fails() {
        let report = build_report(&rules(&["a.x"]), &[ann(Verb::Verify, "a.x")], &[], vec![]);
        assert_eq!(status_of(&report, "a.x").label(), "MISSING impl");
        assert!(report.failed());
    }

    #[test]
    fn unknown_rule_in_annotation_is_an_error() {
        let anns = [
            ann(Verb::Impl, "a.x"),
            ann(Verb::Verify, "a.x"),
            ann(Verb::Verify, "a.typo"),
        ];
        let report = build_report(&rules(&["a.x"]), &anns, &[], vec![]);
        assert_eq!(status_of(&report, "a.x"), Status::Ok);
        assert_eq!(report.errors.len(), 1);
        assert!(report.errors[0].contains("a.typo"), "{}", report.errors[0]);
        assert!(
            report.errors[0].starts_with("x/src/lib.rs:7:"),
            "{}",
            report.errors[0]
        );
        assert!(report.failed());
    }

    #[test]
    fn pending_rules_may_lack_annotations() {
        let anns = [
            ann(Verb::Impl, "a.x"),
            ann(Verb::Verify, "a.x"),
            ann(Verb::Impl, "b.y"),
        ];
        let report = build_report(
            &rules(&["a.x", "b.y", "b.z"]),
            &anns,
            &pending(&["b.y", "b.z"]),
            vec![],
        );
        assert_eq!(status_of(&report, "b.y"), Status::Pending);
        assert_eq!(status_of(&report, "b.z"), Status::Pending);
        assert!(report.warnings.is_empty());
        assert!(!report.failed());
        assert_eq!(
            report.summary(),
            "trace: 3 rules, 1 covered, 2 pending, 0 missing"
        );
    }

    #[test]
    fn covered_pending_rule_is_a_warning() {
        let anns = [ann(Verb::Impl, "b.y"), ann(Verb::Verify, "b.y")];
        let report = build_report(&rules(&["b.y"]), &anns, &pending(&["b.y"]), vec![]);
        assert_eq!(status_of(&report, "b.y"), Status::PendingCovered);
        assert_eq!(report.warnings.len(), 1);
        assert!(report.warnings[0].contains("remove it from pending"));
        assert!(!report.failed());
    }

    #[test]
    fn unknown_pending_id_is_an_error() {
        let anns = [ann(Verb::Impl, "a.x"), ann(Verb::Verify, "a.x")];
        let report = build_report(&rules(&["a.x"]), &anns, &pending(&["no.such"]), vec![]);
        assert_eq!(report.errors.len(), 1);
        assert!(report.errors[0].contains("no.such"));
        assert!(report.failed());
    }

    #[test]
    fn earlier_errors_fail_the_check() {
        let anns = [ann(Verb::Impl, "a.x"), ann(Verb::Verify, "a.x")];
        let report = build_report(
            &rules(&["a.x"]),
            &anns,
            &[],
            vec!["rule a.x is defined twice".into()],
        );
        assert!(report.failed());
        assert!(report.summary().ends_with(", 1 errors"));
    }

    #[test]
    fn table_lists_every_rule() {
        let report = build_report(
            &rules(&["a.x", "long.rule.id"]),
            &[ann(Verb::Impl, "a.x")],
            &pending(&["long.rule.id"]),
            vec![],
        );
        let table = report.table();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("RULE"));
        assert!(
            lines[1].starts_with("a.x ") && lines[1].ends_with("MISSING verify"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].starts_with("long.rule.id") && lines[2].ends_with("pending"),
            "{}",
            lines[2]
        );
    }
}
