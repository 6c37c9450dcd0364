//! The media store: image files on disk, named by the SHA-256 of their content.
//!
//! Layout: `<media_dir>/<first two hex digits>/<sha256 hex>.<ext>` — the two-digit shard keeps directories small
//! at any number of files. A file is written to a temporary name in its shard, flushed to disk, then renamed into
//! place, so a reader never sees a partial file and a crash leaves at most a stray `.tmp`. Identical content gets
//! the same name and is stored once (thousands of demo products share a few hundred placeholders).
//!
//! The calls here do blocking file I/O; async callers run them in `spawn_blocking`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use shared::media::{ImageFormat, MediaKey};

/// The store's root directory. Cheap to clone.
#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    /// A store rooted at `root`; the directory (and its parents) is created on the first write.
    pub fn new(root: impl Into<PathBuf>) -> MediaStore {
        MediaStore { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The key `bytes` are stored under, without storing them.
    pub fn key_of(bytes: &[u8], format: ImageFormat) -> MediaKey {
        MediaKey::from_digest(&Sha256::digest(bytes).into(), format)
    }

    /// Stores `bytes` (unless identical content is already stored) and returns their key.
    pub fn put(&self, bytes: &[u8], format: ImageFormat) -> io::Result<MediaKey> {
        let key = Self::key_of(bytes, format);
        let path = self.path_of(&key);
        if path.is_file() {
            return Ok(key);
        }
        let shard = path.parent().unwrap_or(&self.root);
        fs::create_dir_all(shard)?;
        let temporary = shard.join(format!(".{}.{:016x}.tmp", key.as_str(), rand::random::<u64>()));
        let written = write_synced(&temporary, bytes).and_then(|()| fs::rename(&temporary, &path));
        if let Err(error) = written {
            let _ = fs::remove_file(&temporary);
            return Err(error);
        }
        // Makes the rename itself durable; directories can be opened and synced on Unix only.
        #[cfg(unix)]
        File::open(shard)?.sync_all()?;
        Ok(key)
    }

    /// The stored content of `key`, or None when nothing is stored under it.
    pub fn read(&self, key: &MediaKey) -> io::Result<Option<Vec<u8>>> {
        match fs::read(self.path_of(key)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Where `key` is (or would be) stored. Keys are validated on parsing (64 hex digits, a known extension),
    /// so the path is always inside the root.
    pub fn path_of(&self, key: &MediaKey) -> PathBuf {
        self.root.join(&key.digest_hex()[..2]).join(key.as_str())
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
    fn content_names_the_file_and_identical_content_is_stored_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = MediaStore::new(dir.path().join("media"));
        let first = store.put(b"\x89PNG\r\n\x1a\nsame bytes", ImageFormat::Png).expect("stored");
        let again = store.put(b"\x89PNG\r\n\x1a\nsame bytes", ImageFormat::Png).expect("stored again");
        assert_eq!(first, again);
        // echo -n 'abc' | sha256sum
        assert_eq!(
            MediaStore::key_of(b"abc", ImageFormat::Png).as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.png"
        );
        let shard = store.path_of(&first).parent().expect("shard").to_path_buf();
        let names: Vec<_> =
            fs::read_dir(&shard).expect("shard exists").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from(first.as_str())], "no temporary files left behind");
        assert_eq!(store.read(&first).expect("readable"), Some(b"\x89PNG\r\n\x1a\nsame bytes".to_vec()));
    }

    #[test]
    fn an_unknown_key_reads_as_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = MediaStore::new(dir.path());
        let key = MediaStore::key_of(b"never stored", ImageFormat::Webp);
        assert_eq!(store.read(&key).expect("no error"), None);
    }
}
