//! Throughput of restoration on garbled English-model OCR text (seed 000).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kehoach_restore::Restorer;

fn bench(c: &mut Criterion) {
    let text = include_str!("../../../fixtures/seeds/000_03363ce3fe7dcee5.txt");
    let r = Restorer::shipped().unwrap();
    let mut g = c.benchmark_group("restore");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("seed000_eng_ocr", |b| b.iter(|| r.restore_text(text)));
    g.bench_function("load_shipped", |b| b.iter(|| Restorer::shipped().unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
