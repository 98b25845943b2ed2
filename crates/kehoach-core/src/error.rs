//! One error type for the whole pipeline.
//!
//! Users run batches of hundreds of files: an error must say which file failed and why in one
//! line, so every variant carries the path and `Display` starts with it.

use std::path::PathBuf;

/// Result alias used by every stage.
pub type Result<T> = std::result::Result<T, Error>;

/// An input that could not be turned into a document, or an output that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read at all (missing, permission, I/O).
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read but its content is not something kehoach accepts.
    #[error("{}: {reason}", path.display())]
    Invalid { path: PathBuf, reason: String },
    /// A required external resource (OCR model, dictionary) is missing or unusable.
    #[error("{}: {reason}", path.display())]
    Resource { path: PathBuf, reason: String },
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Error::Invalid {
            path: path.into(),
            reason: reason.into(),
        }
    }

    /// Shorthand for [`Error::Io`].
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Error::Io { path, .. } | Error::Invalid { path, .. } | Error::Resource { path, .. } => {
                path
            }
        }
    }
}
