//! The document store: shops' identity documents on disk, outside the public media directory.
//!
//! Layout: `<documents_dir>/<document id>.<ext>`. Ids are UUIDs parsed before they get here and extensions come
//! from [`DocumentFormat`], so a name can never point outside the directory. Files are written to a temporary
//! name, flushed, then renamed into place, like the media store. Nothing serves this directory: documents are
//! read only through the authorized API (the shop's own seller, or an operator).
//!
//! The calls here do blocking file I/O; async callers run them in `spawn_blocking`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use shared::ids::ShopDocumentId;
use shared::shop::DocumentFormat;

/// The store's root directory. Cheap to clone.
#[derive(Debug, Clone)]
pub struct DocumentStore {
    root: PathBuf,
}

impl DocumentStore {
    /// A store rooted at `root`; the directory is created on the first write.
    pub fn new(root: impl Into<PathBuf>) -> DocumentStore {
        DocumentStore { root: root.into() }
    }

    /// Stores a document under its id.
    pub fn put(&self, id: ShopDocumentId, format: DocumentFormat, bytes: &[u8]) -> io::Result<()> {
        fs::create_dir_all(&self.root)?;
        let path = self.path_of(id, format);
        let temporary = self.root.join(format!(".{id}.{:016x}.tmp", rand::random::<u64>()));
        let written = write_synced(&temporary, bytes).and_then(|()| fs::rename(&temporary, &path));
        if let Err(error) = written {
            let _ = fs::remove_file(&temporary);
            return Err(error);
        }
        // Makes the rename itself durable; directories can be opened and synced on Unix only.
        #[cfg(unix)]
        File::open(&self.root)?.sync_all()?;
        Ok(())
    }

    /// The stored document, or None when the file is missing.
    pub fn read(&self, id: ShopDocumentId, format: DocumentFormat) -> io::Result<Option<Vec<u8>>> {
        match fs::read(self.path_of(id, format)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn path_of(&self, id: ShopDocumentId, format: DocumentFormat) -> PathBuf {
        self.root.join(format!("{id}.{}", format.extension()))
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_stored_under_its_id_and_read_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = DocumentStore::new(dir.path().join("documents"));
        let id = ShopDocumentId::from_parts(1_700_000_000_000, [7; 10]);
        assert_eq!(store.read(id, DocumentFormat::Pdf).expect("no error"), None);
        store.put(id, DocumentFormat::Pdf, b"%PDF-1.7 passport").expect("stored");
        assert_eq!(store.read(id, DocumentFormat::Pdf).expect("read"), Some(b"%PDF-1.7 passport".to_vec()));
        let names: Vec<_> = fs::read_dir(dir.path().join("documents"))
            .expect("dir")
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec![format!("{id}.pdf")], "no temporary files left behind");
    }
}
