//! Text ingest for kehoach. This branch only carries the legacy-encoding converter, which the PDF
//! text-layer reader also needs.

pub mod legacy;
