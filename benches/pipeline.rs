//! Throughput of the stages after OCR: ingest of text, segmentation, JSON export.
//!
//! OCR takes seconds per page; these stages must stay a negligible fraction of that. Run with
//! `cargo bench --bench pipeline`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut g = c.benchmark_group("pipeline");
    for seed in ["004_654d23b1dcbb925c", "001_6d9b23d9d5aedc2d"] {
        let path = root.join(format!("fixtures/seeds/{seed}.txt"));
        let bytes = std::fs::read(&path).expect("fixture");
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        let opts = kehoach::Options {
            no_restore: true,
            ..Default::default()
        };
        g.bench_function(format!("ingest+segment+json/{seed}"), |b| {
            b.iter(|| {
                let doc = kehoach::ingest::read_bytes(&path, black_box(&bytes)).expect("reads");
                let p = kehoach::process(doc, &opts).expect("processes");
                black_box(kehoach::export::to_json(&p.extraction))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
