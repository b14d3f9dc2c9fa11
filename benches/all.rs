//! Every benchmark (criterion): `cargo bench --bench all`, or one group with
//! `cargo bench --bench all -- frame`. The budget report is `scripts/bench-report`.

mod common;

use criterion::Criterion;
use sori::export::Format;

use common::{Fixtures, SIZES};

fn main() {
    let fixtures = Fixtures::new(&["small", "large", "huge"]);
    let all: Vec<&common::Fixture> = fixtures.all.iter().collect();
    let mut c = Criterion::default().configure_from_args();
    common::bench_loads(
        &mut c,
        &all,
        &["parse-value", "parse-full", "open-first-frame"],
    );
    common::bench_edits(&mut c, &all);
    common::bench_saves(&mut c, &all);
    common::bench_frames(&mut c, &all, &SIZES);
    common::bench_keys(&mut c, &all);
    common::bench_seeks(&mut c, fixtures.get("huge"));
    common::bench_exports(
        &mut c,
        fixtures.get("large"),
        &[Format::Markdown, Format::Html],
    );
    c.final_summary();
}
