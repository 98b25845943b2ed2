//! Export: the files analysts and archivists receive.
//!
//! Every string leaving kehoach is NFC (a JSON consumer comparing "hóa" typed on a keyboard
//! with a decomposed "hóa" would otherwise see two different words), and every file is written
//! atomically (temporary file + rename) so that a crash or a full disk in the middle of a
//! nightly batch never leaves a truncated JSON where yesterday's good one stood.

pub mod table;

use kehoach_core::text::nfc;
use kehoach_core::{Error, Extraction, Result};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// The published JSON Schema every output conforms to (`schemas/kehoach.schema.json`).
pub const SCHEMA: &str = include_str!("../../../schemas/kehoach.schema.json");

/// NFC-normalises every string (keys included) of a JSON value in place.
pub fn nfc_value(v: &mut Value) {
    match v {
        Value::String(s) => *s = nfc(s),
        Value::Array(a) => a.iter_mut().for_each(nfc_value),
        Value::Object(o) => {
            let entries: Vec<(String, Value)> = std::mem::take(o).into_iter().collect();
            for (k, mut val) in entries {
                nfc_value(&mut val);
                o.insert(nfc(&k), val);
            }
        }
        _ => {}
    }
}

/// The JSON document for one extraction, NFC, pretty-printed, ending in a newline.
pub fn to_json(x: &Extraction) -> String {
    let mut v = serde_json::to_value(x).expect("extraction serialises");
    nfc_value(&mut v);
    let mut s = serde_json::to_string_pretty(&v).expect("value serialises");
    s.push('\n');
    s
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed to
/// disk, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = dir.unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_everywhere() {
        let mut v = serde_json::json!({"ho\u{301}a": ["Đe\u{302}\u{300}", {"x": "thu\u{309}y"}]});
        nfc_value(&mut v);
        assert_eq!(v, serde_json::json!({"hóa": ["Đề", {"x": "thủy"}]}));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("kehoach-export-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let p = dir.join("a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn schema_is_valid_json() {
        let v: Value = serde_json::from_str(SCHEMA).unwrap();
        assert_eq!(v["properties"]["schema_version"]["const"], 1);
    }
}
